import { loadConfig, loadDotEnv, type Config } from '../config.js';
import { createGrader } from '../grader.js';
import type { Grader } from '../grading/evaluate.js';
import { runCli } from './run.js';

/** Process entry for the CLI: wires real stdio, environment and signals into runCli. */
let config: Config | undefined;
let grader: Grader | undefined;
/** `.env` and the environment, read once, only by commands that need them. */
function readConfig(): Config {
  if (!config) {
    loadDotEnv();
    config = loadConfig(process.env);
  }
  return config;
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
  cwd: process.cwd(),
  config: readConfig,
  grader: () => (grader ??= createGrader(readConfig())),
  signal: controller.signal,
});
process.exitCode = code;
