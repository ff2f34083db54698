/**
 * A small static file server for the built site (`deno task serve` and the
 * browser tests): `/a/` serves `a/index.html`, unknown paths get `404.html`
 * (under `/zh/`, `zh/404.html` when there is one).
 * (The npm build of Deno std's file server misses a module, so this stands
 * in for it, with std's media types.)
 *
 * @module
 */
import { extname, join, normalize } from "@std/path";
import { contentType as typeOf } from "@std/media-types/content-type";

/**
 * The content type of a file, by its extension (Deno std's media types, with
 * a charset for text), or `application/octet-stream`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { contentType } from "./_static.ts";
 * assertEquals(contentType("a/index.html"), "text/html; charset=UTF-8");
 * assertEquals(contentType("x.woff2"), "font/woff2");
 * assertEquals(contentType("x.unknown"), "application/octet-stream");
 * ```
 */
export function contentType(path: string): string {
  return typeOf(extname(path).toLowerCase()) ?? "application/octet-stream";
}

/** Answer a GET or HEAD request from the files under `root`. */
export async function serveStatic(
  request: Request,
  root: string,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("method not allowed", { status: 405 });
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url).pathname);
  } catch {
    return new Response("bad request", { status: 400 });
  }
  // A backslash or a NUL is no part of a path on this site.
  if (/[\\\0]/.test(path)) return new Response("bad request", { status: 400 });
  const safe = normalize(path).replace(/^(\.\.(\/|\\|$))+/, "");
  if (safe.includes("..")) return new Response("forbidden", { status: 403 });
  let file = join(root, safe);
  let info = await Deno.stat(file).catch(() => undefined);
  if (info?.isDirectory) {
    if (!path.endsWith("/")) {
      // Always a path on this host: `//evil.example/…` must not become
      // another host's URL.
      const parts = safe.split("/").filter(Boolean);
      const location = `/${parts.map(encodeURIComponent).join("/")}${
        parts.length ? "/" : ""
      }`;
      return new Response(null, { status: 301, headers: { location } });
    }
    file = join(file, "index.html");
    info = await Deno.stat(file).catch(() => undefined);
  }
  if (!info?.isFile) {
    // Under a language's folder (`/zh/…`), that language's page if it has one.
    const folder = /^\/([a-z]{2,3})\//.exec(safe)?.[1];
    const notFound = (folder
      ? await Deno.readFile(join(root, folder, "404.html")).catch(() =>
        undefined
      )
      : undefined) ??
      await Deno.readFile(join(root, "404.html")).catch(() =>
        undefined
      );
    const body = notFound ?? "not found";
    return new Response(request.method === "HEAD" ? null : body, {
      status: 404,
      headers: {
        "content-type": contentType(notFound ? "404.html" : "404.txt"),
      },
    });
  }
  const body = request.method === "HEAD" ? null : await Deno.readFile(file);
  return new Response(body, {
    headers: { "content-type": contentType(file), "cache-control": "no-cache" },
  });
}
