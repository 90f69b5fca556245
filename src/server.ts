/**
 * Process entry for the HTTP service (`npm start`): reads the configuration, builds the grader
 * and the app, listens, and shuts down gracefully on SIGTERM/SIGINT. The only file that touches
 * `process` or calls listen().
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { createGrader } from './grader.js';
import { GraderError } from './grading/errors.js';
import { createApp } from './http/app.js';
import { createJsonLogger } from './http/logger.js';
import { closeGracefully } from './http/shutdown.js';

function fail(message: string): never {
  process.stderr.write(`barometer: ${message}\n`);
  process.exit(1);
}

function publicUrl(config: Config, address: AddressInfo): string {
  const wildcard = config.HOST === '0.0.0.0' || config.HOST === '::' || config.HOST === '';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message}\n(see .env.example and the README for every setting)`);
    throw err;
  }
  let grader;
  try {
    grader = await createGrader(config);
  } catch (err) {
    if (err instanceof GraderError || err instanceof ConfigError) fail(`cannot start: ${err.message}`);
    throw err;
  }

  const logger = createJsonLogger({ level: config.LOG_LEVEL, write: (line) => process.stdout.write(`${line}\n`) });
  let draining = false;
  const app = createApp({ grader, config, logger, isDraining: () => draining });

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (address) => {
    const url = publicUrl(config, address);
    const engine = grader.llm ?? grader.heuristic;
    process.stdout.write(
      `Barometer API listening on ${url}\n` +
        `  playground: ${url}/\n` +
        `  docs:    ${url}/docs\n` +
        `  openapi: ${url}/openapi.json\n` +
        `  engine:  ${engine.describe}${config.API_KEYS.length ? '' : '  (no API_KEYS set: /v1 is open)'}\n`,
    );
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    fail(err.code === 'EADDRINUSE' ? `port ${config.PORT} is already in use (set PORT)` : `server error: ${err.message}`);
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    logger.log('info', 'shutting down', { signal, graceMs: config.SHUTDOWN_GRACE_MS });
    closeGracefully(server, config.SHUTDOWN_GRACE_MS).then(
      ({ forced }) => {
        logger.log('info', 'stopped', { forced });
        process.stdout.write('', () => process.exit(0));
      },
      (err: Error) => {
        logger.log('error', 'shutdown failed', { errorMessage: err.message });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
