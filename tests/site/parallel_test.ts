/**
 * Results computed in worker threads: every script is computed once, in the
 * module's order, whatever the number of workers, and what goes wrong in a
 * worker is a build error that names the script (or the module).
 * (`build_test.ts` checks that the real site's results, computed this way,
 * are those the scripts compute in the test's own thread.)
 *
 * @module
 */
import { assertEquals, assertRejects } from "@std/assert";
import { join } from "@std/path";
import { computeInWorkers } from "../../scripts/site/core/parallel.ts";
import {
  relayThreads,
  ThreadHost,
  useThreads,
} from "../../scripts/site/core/threads.ts";
import { results } from "../../scripts/site/plugins/results.ts";
import { BuildError, Site } from "../../scripts/site/core/site.ts";

/** A module listing `count` scripts; script `i` returns `i²`. */
function squares(count: number, extra = ""): string {
  const list = Array.from(
    { length: count },
    (_, i) => `{ id: "s${i}", compute: () => ${i} * ${i} }`,
  );
  return "data:text/javascript," +
    encodeURIComponent(`export const RESULT_SOURCES = [${list}${extra}];`);
}

Deno.test("every script is computed exactly once, whatever the number of workers", async () => {
  for (const workers of [1, 2, 5]) {
    const { listed, outcomes } = await computeInWorkers(squares(7), workers);
    assertEquals(
      listed.map((s) => s.id),
      [0, 1, 2, 3, 4, 5, 6].map((i) => `s${i}`),
    );
    assertEquals(outcomes.size, 7);
    for (let i = 0; i < 7; i++) {
      assertEquals(
        outcomes.get(`s${i}`),
        { result: i * i },
        `workers ${workers}`,
      );
    }
  }
  const none = await computeInWorkers(squares(0), 2);
  assertEquals(none.listed, []);
});

Deno.test("the scripts that took longest last time are given out first; new ones before them", async () => {
  // One worker computes in the order it is given: each script returns how
  // many scripts its worker had computed before it.
  const module = "data:text/javascript," + encodeURIComponent(
    "let done = 0; export const RESULT_SOURCES = " +
      "['a', 'b', 'c', 'd'].map((id) => ({ id, compute: () => done++ }));",
  );
  const { listed, outcomes, milliseconds } = await computeInWorkers(
    module,
    1,
    { longestFirst: { a: 5, b: 40, d: 12 } },
  );
  assertEquals(listed.map((s) => s.id), ["a", "b", "c", "d"]);
  const position = (id: string) =>
    (outcomes.get(id) as { result: number }).result;
  assertEquals(["c", "b", "d", "a"].map(position), [0, 1, 2, 3]);
  assertEquals([...milliseconds.keys()].sort(), ["a", "b", "c", "d"]);
  for (const ms of milliseconds.values()) {
    assertEquals(Number.isInteger(ms) && ms >= 0, true);
  }
  const unordered = await computeInWorkers(module, 1);
  assertEquals(
    ["a", "b", "c", "d"].map((id) =>
      (unordered.outcomes.get(id) as { result: number }).result
    ),
    [0, 1, 2, 3],
  );
});

Deno.test("select chooses which scripts run; none is fine, and a select that throws rejects", async () => {
  for (const workers of [1, 3]) {
    const some = await computeInWorkers(squares(5), workers, {
      select: (listed) => {
        assertEquals(listed.length, 5);
        return Promise.resolve(new Set(["s1", "s3"]));
      },
    });
    assertEquals(some.listed.length, 5);
    assertEquals([...some.outcomes.keys()].sort(), ["s1", "s3"]);
    assertEquals(some.outcomes.get("s3"), { result: 9 });
  }
  const none = await computeInWorkers(squares(3), 2, {
    select: () => new Set(),
  });
  assertEquals(none.outcomes.size, 0);
  await assertRejects(
    () =>
      computeInWorkers(squares(3), 2, {
        select: () => {
          throw new Error("cannot choose");
        },
      }),
    Error,
    "cannot choose",
  );
});

Deno.test("expected: one thread starts while the hint says one script is needed; more when the list shows more", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-parallel-" });
  const log = join(dir, "loads");
  // Each thread that loads the module leaves a mark.
  const module = join(dir, "scripts.js");
  await Deno.writeTextFile(
    module,
    `Deno.writeTextFileSync(${JSON.stringify(log)}, "x", { append: true });\n` +
      `export const RESULT_SOURCES = [0, 1, 2, 3].map((i) => ` +
      `({ id: "s" + i, compute: () => i * i }));\n`,
  );
  const url = `file://${module}`;
  const one = await computeInWorkers(url, 4, {
    expected: Promise.resolve(1),
    select: () => new Set(["s2"]),
  });
  assertEquals([...one.outcomes], [["s2", { result: 4 }]]);
  assertEquals(await Deno.readTextFile(log), "x", "one thread loaded it");
  // A hint that says too few: every script the list selects is computed.
  const all = await computeInWorkers(url, 3, { expected: 1 });
  assertEquals(all.outcomes.size, 4);
  assertEquals(all.outcomes.get("s3"), { result: 9 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a module that cannot be loaded rejects, naming it", async () => {
  await assertRejects(
    () => computeInWorkers("file:///nowhere/results.ts", 2),
    Error,
    "cannot load file:///nowhere/results.ts",
  );
  await assertRejects(
    () => computeInWorkers("data:text/javascript,export const x = 1;", 1),
    Error,
    "exports no RESULT_SOURCES",
  );
});

/** Build a one-page site whose results come from `module`. */
async function buildWith(module: string): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "notes-parallel-" });
  await Deno.mkdir(join(dir, "content"));
  // A page of an exercise: a folder of plain pages computes no results.
  await Deno.writeTextFile(
    join(dir, "content", "index.md"),
    "---\nexercise: sq1\n---\n# Home\n",
  );
  const site = new Site({
    src: join(dir, "content"),
    cache: join(dir, "_cache"),
    quiet: true,
  });
  site.use(results({ module, workers: 2 }));
  site.engines.template = {
    render: (source) => Promise.resolve(source),
    renderLayout: () => Promise.resolve(""),
  };
  site.engines.markdown = { render: (source) => source };
  try {
    await site.build({ dest: join(dir, "_site") });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a script that throws in a worker is a build error naming the script", async () => {
  const throwing = squares(
    3,
    `, { id: "bad", source: "scripts/bad.ts", compute: () => { throw new Error("singular matrix"); } }`,
  );
  const error = await assertRejects(() => buildWith(throwing), BuildError);
  assertEquals(error.file, "scripts/bad.ts");
  assertEquals(error.message, "compute() throws: singular matrix");
});

Deno.test("a result that is not plain JSON, computed in a worker, is a build error naming the script", async () => {
  const nan = squares(
    2,
    `, { id: "nan", compute: () => ({ gain: [1, NaN] }) }`,
  );
  const error = await assertRejects(() => buildWith(nan), BuildError);
  assertEquals(error.file, "scripts/exercises/nan.ts");
  assertEquals(
    error.message,
    "result nan.gain[1] is NaN: results must be plain JSON (no NaN, Infinity or undefined)",
  );
  const fn = squares(1, `, { id: "fn", compute: () => ({ f: () => 1 }) }`);
  const cannot = await assertRejects(() => buildWith(fn), BuildError);
  assertEquals(cannot.file, "scripts/exercises/fn.ts");
});

Deno.test("ThreadHost.prestart: a thread started before the worker asks is given to it, with what it said meanwhile, when its module and first message are the same; else a fresh one; computeInWorkers works through either", async () => {
  const url = new URL(
    "../../scripts/site/core/_parallel_worker.ts",
    import.meta.url,
  ).href;
  /** A host and a relay joined as the command line and the build's worker are. */
  const joined = () => {
    // deno-lint-ignore prefer-const
    let host: ThreadHost;
    const relay = relayThreads((message) => host.receive(message));
    host = new ThreadHost((message) => relay.receive(message));
    useThreads(relay.start);
    return host;
  };
  try {
    const module = squares(3);
    const host = joined();
    host.prestart([{ url, first: { kind: "load", module } }]);
    const { outcomes } = await computeInWorkers(module, 1);
    assertEquals(outcomes.get("s2"), { result: 4 });
    assertEquals(host.reused, 1);
    assertEquals(host.started, [{ url, first: { kind: "load", module } }]);
    host.terminateAll();

    // Another module asked for: the thread started for the first one is
    // stopped, and a fresh one loads the module asked for.
    const other = joined();
    other.prestart([{ url, first: { kind: "load", module: squares(2) } }]);
    const asked = await computeInWorkers(squares(4), 1);
    assertEquals(asked.listed.length, 4);
    assertEquals(asked.outcomes.get("s3"), { result: 9 });
    assertEquals(other.reused, 0);
    other.terminateAll();

    // Started and never asked for: stopped with the others.
    const idle = joined();
    idle.prestart([{ url, first: { kind: "load", module } }]);
    idle.terminateAll();
  } finally {
    useThreads();
  }
});
