/**
 * A worker of `parallel.ts`: loads the module that lists the scripts, says
 * which scripts there are, then computes the ones it is given, one at a time.
 *
 * @module
 */
/// <reference lib="deno.worker" />

interface Source {
  id: string;
  source?: string;
  compute(): unknown;
}

let sources = new Map<string, Source>();

self.onmessage = async (
  { data }: MessageEvent<
    { kind: "load"; module: string } | { kind: "compute"; id: string }
  >,
) => {
  if (data.kind === "load") {
    try {
      const list = (await import(data.module)).RESULT_SOURCES as Source[];
      if (!Array.isArray(list)) {
        throw new Error(`${data.module} exports no RESULT_SOURCES list`);
      }
      sources = new Map(list.map((source) => [source.id, source]));
      self.postMessage({
        kind: "listed",
        listed: list.map(({ id, source }) => ({ id, source })),
      });
    } catch (error) {
      self.postMessage({
        kind: "failed",
        message: `cannot load ${data.module}: ${
          error instanceof Error ? error.message : error
        }`,
      });
    }
    return;
  }
  let outcome: { result: unknown } | { error: string };
  const start = performance.now();
  try {
    outcome = { result: sources.get(data.id)!.compute() };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  const milliseconds = Math.round(performance.now() - start);
  try {
    self.postMessage({ kind: "done", id: data.id, outcome, milliseconds });
  } catch (error) {
    // A result that cannot be cloned (a function, …) is not plain JSON.
    self.postMessage({
      kind: "done",
      id: data.id,
      milliseconds,
      outcome: {
        error: `its result cannot be sent: ${
          error instanceof Error ? error.message : error
        }`,
      },
    });
  }
};
