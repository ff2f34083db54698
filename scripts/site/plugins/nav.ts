/**
 * Navigation: the sidebar (every page, grouped by topic, in order) and the
 * previous/next links, which follow the sidebar's order.
 *
 * Exercise pages have a `topic`; the site's own pages (results, errata, …)
 * have none and form the last group. A page with `nav: false`, or with a
 * topic the site does not list, is left out. Each language has its own
 * sidebar and sequence, of the pages in that language (`lang`).
 *
 * @module
 */
import { BuildError, type Page, type Site } from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";
import { pagePart } from "./exercise_parts.ts";
import { stringsOf } from "./multilanguage.ts";

/** One topic of the notes. */
export interface Topic {
  /** The value of `topic:` in the front matter. */
  id: string;
  /** Shown in the sidebar. */
  title: string;
}

/** A link in the navigation. */
export interface NavLink {
  url: string;
  title: string;
  /** The exercise id, for exercise pages. */
  exercise?: string;
}

/** A group of the sidebar. */
export interface NavGroup {
  id: string;
  /** Its heading; empty for the pages of no topic on a site without topics. */
  title: string;
  pages: NavLink[];
}

/** The sidebar of one language: its home page and its groups. */
export interface Sidebar {
  home?: NavLink;
  groups: NavGroup[];
}

/** A link to a script's page. */
interface ScriptLink {
  url: string;
  title: string;
}

/** Options of the navigation plugin. */
export interface NavOptions {
  /** The topics, in reading order. */
  topics: Topic[];
  /** Title of the group of pages without a topic. */
  otherTitle?: string;
}

/** Build the sidebar and previous/next links. */
export function nav(options: NavOptions) {
  const { topics, otherTitle } = { otherTitle: "Reference", ...options };
  return (site: Site) => {
    site.preprocess((pages) => {
      // A page of a topic the site does not have is simply not in the
      // sidebar (a folder of pages written for another site builds).
      const known = (page: Page) =>
        page.data.topic === undefined ||
        topics.some((t) => t.id === page.data.topic);
      const inNav = pages.filter((page) =>
        page.data.nav !== false && known(page)
      );
      for (const page of inNav) {
        if (!page.data.title) {
          throw new BuildError("the front matter needs a `title`", page.src, 1);
        }
      }
      const link = (page: Page): NavLink => ({
        url: page.url,
        title: page.data.title!,
        exercise: page.data.exercise,
      });
      // The pages of an exercise in parts share its `order`: by part.
      const byOrder = (a: Page, b: Page) =>
        (a.data.order ?? 1e9) - (b.data.order ?? 1e9) ||
        pagePart(a) - pagePart(b) ||
        a.data.title!.localeCompare(b.data.title!) ||
        a.url.localeCompare(b.url);
      const defaultLang = site.defaultLang;
      const langOf = (page: Page) => page.data.lang ?? defaultLang;
      // Each language has its own sidebar and sequence, of its pages; the
      // site's language's are the site's data, another's its pages' data.
      const languages = [
        defaultLang,
        ...new Set(pages.map(langOf).filter((l) => l !== defaultLang)),
      ];
      const sidebars: Record<string, Sidebar> = {};
      const exercisePages: Record<string, Record<string, NavLink>> = {};
      const scriptPages: Record<string, Record<string, ScriptLink>> = {};
      const sequences: Record<string, NavLink[]> = {};
      // Two pages of a topic in one place: their titles would order them,
      // each language's its own way (a page copied to start another keeps
      // its `order`). Said of the site's language; a translation keeps its
      // original's front matter (multilanguage.ts).
      const placed = new Map<string, Page>();
      for (
        const page of inNav.filter((p) =>
          langOf(p) === defaultLang && p.data.order !== undefined
        )
      ) {
        const key = `${page.data.topic} ${page.data.order} ${pagePart(page)}`;
        const other = placed.get(key);
        if (!other) {
          placed.set(key, page);
          continue;
        }
        const message =
          `${page.src} and ${other.src} both have \`order: ${page.data.order}\`${
            page.data.topic ? ` in the topic ${page.data.topic}` : ""
          }: their titles would order them, each language's differently (give each its own order)`;
        if (site.options.strict) {
          throw new BuildError(
            message,
            page.src,
            fileFrontMatterLine(page.src, "order"),
          );
        }
        site.warn(`${message} (an error with --strict)`);
      }
      for (const lang of languages) {
        const mine = inNav.filter((page) => langOf(page) === lang);
        const homeUrl = lang === defaultLang ? "/" : `/${lang}/`;
        const home = mine.find((page) => page.url === homeUrl);
        // The names of the groups in the language's words, if it has some.
        const t = stringsOf(site, lang);
        const groups: NavGroup[] = topics.map((topic) => ({
          id: topic.id,
          title: t[`topic-${topic.id}`] ?? topic.title,
          pages: mine.filter((p) => p.data.topic === topic.id).sort(byOrder)
            .map(link),
        }));
        // The pages of no topic are "Reference" beside the topics; alone
        // (a folder of an author's own pages), they are the list itself.
        const topical = groups.some((group) => group.pages.length > 0);
        groups.push({
          id: "other",
          title: topical ? t["nav-other"] ?? otherTitle : "",
          pages: mine.filter((p) => p.data.topic === undefined && p !== home)
            .sort(byOrder).map(link),
        });
        sequences[lang] = [
          ...(home ? [link(home)] : []),
          ...groups.flatMap((group) => group.pages),
        ];
        sidebars[lang] = { home: home ? link(home) : undefined, groups };
        // The page of each exercise and of its script, for links by id: a
        // language's own, else the site's language's.
        // (An explorer's page shows the results of its explorer.)
        // (An exercise in parts is linked by its first page.)
        const ofLang = pages.filter((p) => langOf(p) === lang);
        exercisePages[lang] = {
          ...exercisePages[defaultLang],
          ...Object.fromEntries(
            ofLang.filter((p) =>
              p.engine === "md" && (p.data.exercise ?? p.data.explorer) &&
              pagePart(p) === 1
            ).map((p) => [p.data.exercise ?? p.data.explorer, link(p)]),
          ),
        };
        scriptPages[lang] = {
          ...scriptPages[defaultLang],
          ...Object.fromEntries(
            ofLang.filter((p) => p.data.script && p.engine === "html")
              .map((
                p,
              ) => [p.data.script.id, { url: p.url, title: p.data.title }]),
          ),
        };
      }
      site.globalData.sidebar = sidebars[defaultLang];
      site.globalData.sidebars = sidebars;
      site.globalData.pageUrls = new Set(pages.map((page) => page.url));
      site.globalData.exercisePages = exercisePages[defaultLang];
      site.globalData.exercisePagesByLang = exercisePages;
      site.globalData.scriptPages = scriptPages[defaultLang];
      site.globalData.scriptPagesByLang = scriptPages;
      site.globalData.topics = topics;
      for (const page of pages) {
        const lang = langOf(page);
        if (lang !== defaultLang) {
          page.data.sidebar = sidebars[lang];
          page.data.exercisePages = exercisePages[lang];
          page.data.scriptPages = scriptPages[lang];
        }
        const topic = topics.find((t) => t.id === page.data.topic);
        if (topic) {
          page.data.topicTitle = stringsOf(site, lang)[`topic-${topic.id}`] ??
            topic.title;
        }
        const sequence = sequences[lang];
        const at = sequence.findIndex((l) => l.url === page.url);
        if (at < 0) continue;
        page.data.prev = sequence[at - 1];
        page.data.next = sequence[at + 1];
      }
    });
  };
}

export default nav;
