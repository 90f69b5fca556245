import { serve, type ServerType } from '@hono/node-server';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER, testApp } from './support.js';

/** Deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  kind: string;
  body: string | Uint8Array;
  contentType: string | null;
  query?: string;
}

function generate(seed: number, count: number): Case[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const junkChars = '{}[]":,.-+eE0123456789 \n\t\\/abcdefnrtuxlsAZ\u00e9\u2028\ud83d\ude00';
  const junk = (n: number) => Array.from({ length: n }, () => pick([...junkChars])).join('');
  const weird = (): unknown =>
    pick([
      () => int(1e9) - 5e8,
      () => rnd(),
      () => null,
      () => true,
      () => [],
      () => [ANSWER],
      () => ({}),
      () => ({ format: 'vtt', text: junk(int(200)) }),
      () => junk(int(100)),
      () => '',
      () => ' '.repeat(int(50)),
      () => 'x'.repeat(4_000 + int(10)),
      () => '\u0000\u0001\u0007',
      () => '\ud800 lone surrogate \udfff',
      () => ({ __proto__: { polluted: true } }),
      () => 1e308 * 10,
    ])();
  const fields = ['answer', 'transcript', 'question', 'rubric', 'engine', 'metadata', 'extra', '__proto__', 'constructor'];
  const contentTypes = [
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'text/html',
    'application/octet-stream',
    'application/json; charset=utf-16',
    'image/png',
    '',
    ';;;',
    'application/vnd.api+json',
  ];
  const generators: Record<string, () => Case> = {
    garbage: () => ({ kind: 'garbage', body: junk(1 + int(400)), contentType: 'application/json' }),
    truncated: () => {
      const full = JSON.stringify({ answer: ANSWER, question: 'q', metadata: { a: [1, 2, { b: 'c' }] } });
      return { kind: 'truncated', body: full.slice(0, int(full.length)), contentType: 'application/json' };
    },
    wrongTypes: () => {
      const o: Record<string, unknown> = {};
      const n = 1 + int(4);
      for (let i = 0; i < n; i++) o[pick(fields)] = weird();
      return { kind: 'wrongTypes', body: JSON.stringify(o) ?? 'null', contentType: 'application/json' };
    },
    badTranscript: () => ({
      kind: 'badTranscript',
      body: JSON.stringify({ transcript: { format: pick(['vtt', 'srt', 'dialogue', 'plain', 'pdf', 7]), text: junk(int(300)), interviewer: weird() } }),
      contentType: 'application/json',
    }),
    deep: () => {
      const depth = 20 + int(5000);
      const open = Array.from({ length: depth }, () => pick(['[', '{"a":'])).join('');
      return { kind: 'deep', body: `{"answer":"x","metadata":{"m":${open}1`, contentType: 'application/json' };
    },
    huge: () => {
      const size = pick([150_000, 250_000, 262_000, 300_000, 1_000_000]);
      return { kind: 'huge', body: JSON.stringify({ answer: 'a'.repeat(size) }), contentType: 'application/json' };
    },
    bigQuestion: () => ({ kind: 'bigQuestion', body: JSON.stringify({ answer: ANSWER, question: 'q'.repeat(5_000 + int(50_000)) }), contentType: 'application/json' }),
    contentType: () => ({ kind: 'contentType', body: pick([JSON.stringify({ answer: ANSWER }), ANSWER, junk(50)]), contentType: pick(contentTypes) || null }),
    invalidUtf8: () => {
      const bytes = new Uint8Array(1 + int(300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
      bytes[int(bytes.length)] = pick([0xff, 0xfe, 0xc0, 0xed]);
      return { kind: 'invalidUtf8', body: bytes, contentType: pick(['application/json', 'text/plain']) };
    },
    plainText: () => ({
      kind: 'plainText',
      body: junk(int(500)),
      contentType: 'text/plain',
      query: pick(['', '?engine=nope', '?rubric=', `?question=${'q'.repeat(5000)}`, '?rubric=../../etc/passwd', '?engine=heuristic&engine=llm']),
    }),
  };
  const kinds = Object.keys(generators);
  return Array.from({ length: count }, (_, i) => generators[kinds[i % kinds.length]!]!());
}

const SEED = 20_251_125;
const CASES = generate(SEED, 620);

/**
 * One raw HTTP request. The response counts as soon as it arrives: for a body over the limit the
 * server answers 413 before reading it and may then close the socket mid-upload, which fetch
 * would report as a network error instead of the 413 the server sent.
 */
function send(url: string, headers: Record<string, string>, body: string | Uint8Array): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', (err) => reject(err));
    req.end(body);
  });
}

let server: ServerType;
let base: string;
const env = { BODY_LIMIT_BYTES: '262144' };
const { app } = testApp({ env });

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('fuzz: malformed bodies over real HTTP', () => {
  it(`sends ${CASES.length} generated malformed requests (seed ${SEED}): no 5xx, every failure a problem, still healthy`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(500);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const headers: Record<string, string> = {};
      if (c.contentType !== null) headers['content-type'] = c.contentType;
      const res = await send(`${base}/v1/evaluations${c.query ?? ''}`, headers, c.body).catch((err: Error) => {
        throw new Error(`#${i} ${c.kind} (${c.contentType}, ${c.body.length} bytes): ${err.message}`);
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`#${i} ${c.kind} → ${res.status} ${res.text.slice(0, 200)}`);
      else if (res.status !== 200 && res.type !== 'application/problem+json') {
        failures.push(`#${i} ${c.kind} → ${res.status} without problem+json`);
      }
    }
    expect(failures).toEqual([]);
    // The corpus really exercises the error paths it claims to.
    for (const status of [400, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(10);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ok = await fetch(`${base}/v1/evaluations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: ANSWER });
    expect(ok.status).toBe(200);
  }, 120_000);
});
