/// <reference lib="deno.worker" />
import "@std/path";
console.error("worker(std) top at age", performance.now().toFixed(0));
self.postMessage("ok");
