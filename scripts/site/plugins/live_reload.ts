/**
 * Live reload for `deno task serve`: in serve mode (only), every page loads
 * a tiny self-hosted script that listens to the server's build events and
 * reloads the page after each successful rebuild that changed the site (or
 * shows the build error; the rebuild after a failed one reloads it in any
 * case, to clear the error). A normal build contains none of it.
 *
 * @module
 */
import type { Site } from "../core/site.ts";

/** The URL of the reload script and of the event stream it listens to. */
export const RELOAD_SCRIPT = "/_serve/reload.js";
/** The server-sent events endpoint `serve` answers. */
export const RELOAD_EVENTS = "/_serve/events";

const SCRIPT = `// deno task serve: reload this page when the site is rebuilt.
const events = new EventSource(${JSON.stringify(RELOAD_EVENTS)});
events.addEventListener("reload", () => location.reload());
events.addEventListener("failed", (event) => {
  let box = document.getElementById("serve-error");
  if (!box) {
    box = document.createElement("pre");
    box.id = "serve-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:40vh;overflow:auto;" +
      "margin:0;padding:1rem;background:#5c0b0b;color:#fff;font:13px/1.4 monospace;z-index:99;white-space:pre-wrap";
    document.body.append(box);
  }
  box.textContent = "Build failed:\\n" + JSON.parse(event.data);
});
`;

/** Add the reload script to every page when the site is served. */
export function liveReload() {
  return (site: Site) => {
    site.addEventListener("beforeBuild", () => {
      if (!site.options.serve) return;
      site.globalData.serveScript = RELOAD_SCRIPT;
      site.write(RELOAD_SCRIPT, SCRIPT);
    });
  };
}

export default liveReload;
