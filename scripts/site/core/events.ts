/**
 * The build's events, as Lume names them: listeners added with
 * `site.addEventListener(type, listener)` run in the order they were added,
 * each awaited, when the build reaches that point.
 *
 * @module
 */
import type { Page } from "./page.ts";

/** The events of a build and what each carries besides its `type`. */
export interface SiteEventMap {
  /** A build starts (per-build state is fresh): load what it needs. */
  // deno-lint-ignore ban-types
  beforeBuild: {};
  /**
   * One page was rendered (`page.output` is set), before the next is: for
   * work that goes on beside the build (the search indexer reads each page
   * while the others render). Not in Lume.
   */
  pageRendered: { page: Page };
  /**
   * The staging folder `dir` is ready and the files are about to be written
   * into it, one at a time: for work that can write beside them. As Lume's
   * `beforeSave`.
   */
  beforeSave: { dir: string };
  /**
   * Every file is written into `dir`, the staging folder that becomes the
   * site when every listener succeeded (the search index, the link check).
   * Not in Lume, which writes in place.
   */
  afterWrite: { dir: string };
  /** The new site is in place in `dest` (a failed build never gets here). */
  afterBuild: { dest: string; pages: Page[] };
}

/** The names of the events. */
export type SiteEventType = keyof SiteEventMap;

/** An event: its `type` and what that type carries. */
export type SiteEvent<T extends SiteEventType = SiteEventType> =
  & SiteEventMap[T]
  & { type: T };

/** A listener of events of type `T`. */
export type SiteEventListener<T extends SiteEventType = SiteEventType> = (
  event: SiteEvent<T>,
) => unknown;

/**
 * The listeners of each event type, in the order they were added.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Events } from "./events.ts";
 * const events = new Events();
 * const seen: string[] = [];
 * events.addEventListener("afterWrite", ({ dir }) => void seen.push(dir));
 * await events.dispatchEvent({ type: "afterWrite", dir: "_site.tmp/next" });
 * assertEquals(seen, ["_site.tmp/next"]);
 * ```
 */
export class Events {
  #listeners = new Map<SiteEventType, SiteEventListener[]>();

  /** Run `listener` on every event of `type`. */
  addEventListener<T extends SiteEventType>(
    type: T,
    listener: SiteEventListener<T>,
  ): void {
    const listeners = this.#listeners.get(type) ?? [];
    listeners.push(listener as SiteEventListener);
    this.#listeners.set(type, listeners);
  }

  /** Run the listeners of `event.type` in turn, each awaited. */
  async dispatchEvent(event: SiteEvent): Promise<void> {
    for (const listener of this.#listeners.get(event.type) ?? []) {
      await listener(event);
    }
  }
}
