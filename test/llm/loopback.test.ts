import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelTimeoutError, ModelUnavailableError } from '../../src/grading/errors.js';
import { fixture, gradeInput, testEngine } from './support.js';

/**
 * Real sockets, no msw: a server that stalls mid-body (msw cannot reproduce one) and a port with
 * nothing listening. This file must not start msw, which would intercept these requests.
 */
let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(null));
  server = null;
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`)));
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('LLM engine over real loopback sockets', () => {
  it('grades through a real HTTP server (no interception)', async () => {
    const baseURL = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixture('openai.json-schema.success.json')));
    });
    const result = await testEngine({ baseURL }).grade(gradeInput());
    expect(result.dimensions.map((d) => d.score)).toEqual([5, 4, 5, 5, 4, 4, 5]);
  });

  it('times out a server that sends the headers and half the body, then stalls', async () => {
    const body = JSON.stringify(fixture('openai.json-schema.success.json'));
    const baseURL = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, 2000)); // ...and never the rest
    });
    const started = Date.now();
    const err = await failure(testEngine({ baseURL, timeoutMs: 1_000 }).grade(gradeInput()));
    expect(err).toBeInstanceOf(ModelTimeoutError);
    expect((err as ModelTimeoutError).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('reports connection refused as ModelUnavailableError (503)', async () => {
    // A port that was just free: bind, read the port, close.
    const baseURL = await listen(() => {});
    await new Promise((r) => server!.close(r));
    server = null;
    const err = await failure(testEngine({ baseURL, maxRetries: 1 }).grade(gradeInput()));
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as ModelUnavailableError).status).toBe(503);
    expect((err as ModelUnavailableError).retryable).toBe(true);
    expect((err as Error).message).toContain(`cannot reach the model server ${baseURL}`);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('gives up on a refused connection within the deadline instead of sleeping past it between retries', async () => {
    const baseURL = await listen(() => {});
    await new Promise((r) => server!.close(r));
    server = null;
    // The SDK's backoff before retries 2 and 3 (up to 1 s and 2 s) cannot fit in 1.2 s.
    const started = Date.now();
    const err = await failure(testEngine({ baseURL, maxRetries: 3, timeoutMs: 1_200 }).grade(gradeInput()));
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as Error).message).toBe(`cannot reach the model server ${baseURL}: fetch failed (ECONNREFUSED)`);
  });
});
