import { loadConfig } from '../../src/config.js';
import { createGrader } from '../../src/grader.js';
import type { Grader } from '../../src/grading/evaluate.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

let sharedGrader: Grader | undefined;

/** An in-process CliIo capturing stdout/stderr, with the default (heuristic) grader. */
export function captureIo(options: { stdin?: string; cwd?: string; env?: Record<string, string>; grader?: Grader } = {}): CapturedIo {
  let out = '';
  let err = '';
  const env = options.env ?? {};
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    readStdin: async () => options.stdin ?? '',
    env,
    cwd: options.cwd ?? process.cwd(),
    config: () => loadConfig(env),
    grader: () => options.grader ?? (sharedGrader ??= createGrader(loadConfig(env))),
    out: () => out,
    err: () => err,
  };
}
