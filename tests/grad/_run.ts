/**
 * `run()` of `scripts/grad.ts` in-process, with standard input given as text
 * and the outputs collected: the whole command (arguments, parsing,
 * validation, computation, printing, exit code) without the cost of a
 * subprocess.
 */
import { run } from "../../scripts/grad.ts";

/** What the command printed and returned. */
export interface GradRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the command on `stdin` (pass `"-"` among `args` to read it), with
 * `files` as the only files there are.
 */
export async function runGrad(
  args: string[],
  stdin = "",
  files: Record<string, string> = {},
): Promise<GradRun> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    readFile: (path) =>
      Object.hasOwn(files, path)
        ? Promise.resolve(new TextEncoder().encode(files[path]))
        : Promise.reject(new Deno.errors.NotFound(`no file ${path} in tests`)),
    readStdin: () => Promise.resolve(new TextEncoder().encode(stdin)),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}
