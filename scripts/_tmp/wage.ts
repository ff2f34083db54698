/// <reference lib="deno.worker" />
console.error("worker top at age", performance.now().toFixed(0));
self.postMessage("ok");
