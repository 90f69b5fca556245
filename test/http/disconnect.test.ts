import { serve, type ServerType } from '@hono/node-server';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSWER, fakeLlmEngine, testApp } from './support.js';

let server: ServerType | undefined;
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('client disconnect (served by @hono/node-server)', () => {
  it('aborts the signal the engine got, so an abandoned request stops its model call', async () => {
    let engineSignal: AbortSignal | undefined;
    let started!: () => void;
    const engineStarted = new Promise<void>((r) => (started = r));
    const engineAborted = new Promise<unknown>((resolve) => {
      const engine = fakeLlmEngine(
        (input) =>
          new Promise((_, reject) => {
            engineSignal = input.signal;
            input.signal?.addEventListener('abort', () => {
              resolve(input.signal?.reason);
              reject(input.signal?.reason);
            });
            started();
          }),
      );
      const { app } = testApp({ grader: { llm: engine } });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    });
    await new Promise((r) => server!.once('listening', r));
    const { port } = server!.address() as AddressInfo;

    const body = JSON.stringify({ answer: ANSWER });
    const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/evaluations', method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('error', () => undefined);
    req.end(body);
    await engineStarted;
    expect(engineSignal?.aborted).toBe(false);

    req.destroy(); // the client goes away mid-evaluation
    const reason = await engineAborted;
    expect(engineSignal?.aborted).toBe(true);
    expect(String(reason)).toMatch(/closed|abort/i);
  });
});
