import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GraderError, exitCodeFor } from '../grading/errors.js';
import { ConfigError } from '../config.js';
import { batchCommand } from './commands/batch.js';
import { calibrateCommand } from './commands/calibrate.js';
import { gradeCommand } from './commands/grade.js';
import { rubricsCommand } from './commands/rubrics.js';
import { UsageError, type CliIo, type Command } from './io.js';

export const COMMANDS: Command[] = [gradeCommand, batchCommand, calibrateCommand, rubricsCommand];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: barometer <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'barometer <command> --help' for a command's options.",
  ].join('\n');
}

/** util.parseArgs with usage errors turned into UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 evaluation failed, 2 usage/input error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${helpText()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`error: unknown command "${name}"\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, command, io);
  }
}

function reportError(err: unknown, command: Command, io: CliIo): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\n${command.usage}\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    io.stderr.write(`error: ${err.message}\n`);
    return 2;
  }
  if (err instanceof GraderError) {
    io.stderr.write(`error (${err.code}): ${err.message}\n`);
    for (const issue of err.issues ?? []) io.stderr.write(`  ${issue.path || '(input)'}: ${issue.message}\n`);
    return exitCodeFor(err);
  }
  io.stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
  return 1;
}
