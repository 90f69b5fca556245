import { serve, type ServerType } from '@hono/node-server';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { Transcriber } from '../../src/transcripts/audio.js';
import { ANSWER, testApp, testGrader } from './support.js';

/**
 * The body checks over a real socket, where @hono/node-server reads a body with a declared length
 * directly (app.request() in the other tests sends none, so the streamed path runs there).
 */
let server: ServerType;
let port: number;
const LIMIT = 4096;

beforeAll(async () => {
  const { app } = testApp({ env: { BODY_LIMIT_BYTES: String(LIMIT) } });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** POSTs `body`, with a Content-Length unless `chunked` (then Transfer-Encoding: chunked, in two writes). */
function post(body: Uint8Array | string, contentType: string, chunked = false): Promise<Reply> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': contentType };
    if (!chunked) headers['content-length'] = bytes.length;
    const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/evaluations', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (chunked) {
      const half = Math.floor(bytes.length / 2);
      req.write(bytes.subarray(0, half));
      req.end(bytes.subarray(half));
    } else {
      req.end(bytes);
    }
  });
}

const codeOf = (r: Reply) => (JSON.parse(r.body) as { code: string }).code;

describe('request bodies over a socket (declared length and chunked)', () => {
  it('grades a JSON body, sent with a length or chunked, to the same result', async () => {
    const body = JSON.stringify({ answer: ANSWER, engine: 'heuristic' });
    for (const chunked of [false, true]) {
      const r = await post(body, 'application/json; charset=utf-8', chunked);
      expect(r.status).toBe(200);
      const e = JSON.parse(r.body) as { text: string; total: number; engine: { kind: string } };
      expect(e.text).toBe(ANSWER);
      expect(e.engine.kind).toBe('heuristic');
    }
  });

  it('takes a text/plain answer as it was sent (non-ASCII included)', async () => {
    const answer = `${ANSWER} Café latency fell 40 %.`;
    const r = await post(answer, 'text/plain; charset=utf-8');
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { text: string }).text).toBe(answer);
  });

  it('refuses invalid UTF-8 and over-deep JSON with a declared length, as when streamed', async () => {
    const invalid = Uint8Array.from([...Buffer.from('{"answer":"'), 0xc3, 0x28, ...Buffer.from('"}')]);
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    for (const chunked of [false, true]) {
      const bad = await post(invalid, 'application/json', chunked);
      expect([bad.status, codeOf(bad)]).toEqual([400, 'invalid_utf8']);
      const nested = await post(deep, 'application/json', chunked);
      expect([nested.status, codeOf(nested)]).toEqual([400, 'too_deep']);
      const malformed = await post('{"answer": ', 'application/json', chunked);
      expect([malformed.status, codeOf(malformed)]).toEqual([400, 'malformed_body']);
    }
  });

  it('refuses a body over the limit: declared (413, read no further) or streamed (413, connection closed)', async () => {
    const big = JSON.stringify({ answer: 'x'.repeat(LIMIT) });
    const declared = await post(big, 'application/json');
    expect([declared.status, codeOf(declared)]).toEqual([413, 'body_too_large']);
    const streamed = await post(big, 'application/json', true);
    expect([streamed.status, codeOf(streamed)]).toEqual([413, 'body_too_large']);
    expect(streamed.headers.connection).toBe('close');
  });
});

describe('recorded answers (multipart)', () => {
  it("hands the request's abort signal to the transcription", async () => {
    let seen: AbortSignal | undefined;
    const transcribe: Transcriber = async (_audio, signal) => {
      seen = signal;
      return { format: 'plain', text: ANSWER };
    };
    const { config } = testApp();
    const app = createApp({ grader: testGrader(), config, transcribe });
    const form = new FormData();
    form.append('audio', new File([Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0])], 'answer.mp3', { type: 'audio/mpeg' }));
    form.append('engine', 'heuristic');
    const res = await app.request('/v1/evaluations', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen?.aborted).toBe(false);
  });
});
