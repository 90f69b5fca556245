import type { Config } from '../config.js';
import type { Grader } from '../grading/evaluate.js';

/** What a command may touch: injected so commands run in-process in tests. */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Built lazily: only commands that grade need configuration and engines. */
  grader(): Grader;
  config(): Config;
  /** Aborted on SIGINT. */
  signal?: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in how the command was called: exit 2 with the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
