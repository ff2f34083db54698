/// <reference lib="deno.worker" />
const t0 = performance.now();
await import("../../_config.ts");
console.error("worker config import", (performance.now() - t0).toFixed(0), "worker age", performance.now().toFixed(0));
self.postMessage("ok");
