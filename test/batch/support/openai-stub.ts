import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A local OpenAI-compatible server on 127.0.0.1: POST /v1/chat/completions answers a recorded
 * chat.completion (the LLM engine's fixture, whose quotes are verbatim from fixtures/llm/answer.txt)
 * after a fixed latency. Used by the batch tests (a real child process grading against it) and by
 * the throughput benchmark. `script` can make chosen requests fail first (429 with Retry-After...).
 */
export const LLM_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'llm');
export const RECORDED_COMPLETION = readFileSync(join(LLM_FIXTURES, 'openai.json-schema.success.json'), 'utf8');
export const RECORDED_ANSWER = readFileSync(join(LLM_FIXTURES, 'answer.txt'), 'utf8');

export interface StubResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface StubOptions {
  latencyMs: number;
  /** Decides the response to the n-th request (0-based); the recorded completion by default. */
  script?: (n: number, body: unknown) => StubResponse | null;
}

export interface OpenAiStub {
  baseURL: string;
  /** Requests received so far, and the most that were in flight at once. */
  stats: { requests: number; inFlight: number; maxInFlight: number; bodies: unknown[]; arrivals: number[] };
  close(): Promise<void>;
}

export async function startOpenAiStub(options: StubOptions): Promise<OpenAiStub> {
  const stats: OpenAiStub['stats'] = { requests: 0, inFlight: 0, maxInFlight: 0, bodies: [], arrivals: [] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const n = stats.requests++;
      if (stats.arrivals.length < 1000) stats.arrivals.push(Date.now());
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // recorded as null
      }
      if (stats.bodies.length < 1000) stats.bodies.push(body);
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const reply = options.script?.(n, body) ?? { status: 200, body: RECORDED_COMPLETION };
      setTimeout(() => {
        stats.inFlight -= 1;
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body);
      }, options.latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Environment that points the CLI's LLM engine at the stub. */
export function stubEnv(stub: OpenAiStub, extra: Record<string, string> = {}): Record<string, string> {
  return {
    EVAL_MODEL: 'gpt-4o',
    OPENAI_BASE_URL: stub.baseURL,
    OPENAI_API_KEY: 'sk-local-stub',
    EVAL_STRUCTURED_MODE: 'json_schema',
    EVAL_LOGPROBS: 'off',
    ...extra,
  };
}
