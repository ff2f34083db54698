/**
 * SVG snapshots, in the style of Observable Plot's own tests: a drawing is
 * normalised ({@link normalizeSvg}) and compared with
 * `tests/__snapshots__/<name>.svg`. On a mismatch the new drawing is written
 * beside it as `<name>-changed.svg` (ignored by git) for a look, and the test
 * fails. A missing snapshot is written and the test passes, except under CI
 * (`CI` set), where it fails: a snapshot is committed, never made by CI. To
 * accept a change, replace the snapshot with the `-changed` file.
 *
 * @module
 */

const SNAPSHOTS = new URL("./__snapshots__/", import.meta.url);

/**
 * Make a drawing comparable across runs and machines: numbers rounded to 3
 * decimals, ids (and the references to them) renamed in order of
 * appearance, one element per line.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(id)) ids.set(id, `id-${ids.size + 1}`);
  }
  let text = svg;
  for (const [id, name] of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    text = text.replace(
      new RegExp(`(["(#])${escaped}(?=[")])`, "g"),
      `$1${name}`,
    );
  }
  return text
    .replace(/-?\d*\.\d+(?:e[-+]?\d+)?/g, (n) => {
      const fixed = Number(n).toFixed(3).replace(/\.?0+$/, "");
      return fixed === "-0" ? "0" : fixed;
    })
    .replace(/>\s*</g, ">\n<")
    .trim() + "\n";
}

/** Whether the tests run in CI, where a missing snapshot is a failure. */
export function inCi(): boolean {
  const ci = Deno.env.get("CI");
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/**
 * Compare `actual` (already normalised) with the snapshot `name`; `what`
 * names the drawing in messages ("chart rnn-2a-terms").
 */
export async function assertSnapshot(
  name: string,
  actual: string,
  what: string,
  ci: boolean = inCi(),
): Promise<void> {
  const expectedUrl = new URL(`${name}.svg`, SNAPSHOTS);
  const changedUrl = new URL(`${name}-changed.svg`, SNAPSHOTS);
  let expected: string | undefined;
  try {
    expected = await Deno.readTextFile(expectedUrl);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (expected === undefined) {
    await Deno.mkdir(SNAPSHOTS, { recursive: true });
    if (ci) {
      await Deno.writeTextFile(changedUrl, actual);
      throw new Error(
        `${what} has no snapshot tests/__snapshots__/${name}.svg (CI is set, so none is written): run the test locally and commit it`,
      );
    }
    await Deno.writeTextFile(expectedUrl, actual);
    console.warn(`wrote the missing snapshot tests/__snapshots__/${name}.svg`);
    return;
  }
  if (actual === expected) {
    await Deno.remove(changedUrl).catch(() => {});
    return;
  }
  await Deno.writeTextFile(changedUrl, actual);
  throw new Error(
    `${what} differs from tests/__snapshots__/${name}.svg: see ${name}-changed.svg beside it`,
  );
}
