const t0 = performance.now();
const w = new Worker(new URL("./wcfg.ts", import.meta.url).href, { type: "module" });
w.onmessage = () => { console.error("main got it at", (performance.now() - t0).toFixed(0)); w.terminate(); };
