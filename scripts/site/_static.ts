/**
 * A small static file server for the built site (`deno task serve` and the
 * browser tests): `/a/` serves `a/index.html`, unknown paths get `404.html`.
 * (The npm build of Deno std's file server misses a module, so this stands
 * in for it.)
 *
 * @module
 */
import { extname, join, normalize } from "@std/path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** The content type of a file, by its extension. */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
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
    const notFound = await Deno.readFile(join(root, "404.html")).catch(() =>
      undefined
    );
    return new Response(notFound ?? "not found", {
      status: 404,
      headers: { "content-type": notFound ? TYPES[".html"] : TYPES[".txt"] },
    });
  }
  const body = request.method === "HEAD" ? null : await Deno.readFile(file);
  return new Response(body, {
    headers: { "content-type": contentType(file), "cache-control": "no-cache" },
  });
}
