import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createGrader } from '../../src/grader.js';
import { createApp } from '../../src/http/app.js';

export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/**
 * The real service (createApp over the real grader, heuristic engine: no model configured),
 * listening on a free loopback port in this process.
 */
export async function startService(env: Record<string, string> = {}): Promise<RunningService> {
  const config = loadConfig({ RATE_LIMIT_PER_MIN: '0', LOG_LEVEL: 'silent', ...env });
  const app = createApp({ grader: await createGrader(config), config });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
