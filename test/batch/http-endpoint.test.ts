import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BatchLine } from '../../src/batch/line.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { ANSWER, postJson, problemOf, testApp, TEST_KEY } from '../http/support.js';
import { heuristicGrader, slowGrader } from './support/helpers.js';

const PATH = '/v1/evaluations:batch';
const post = (body: unknown, headers: Record<string, string> = {}) => postJson(body, headers, PATH);

function parseNdjson(text: string): BatchLine[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((l) => BatchLine.parse(JSON.parse(l)));
}

describe('POST /v1/evaluations:batch', () => {
  it('streams one NDJSON line per item: evaluations, and ok:false lines for items that cannot be graded', async () => {
    const { app } = testApp();
    const res = await app.request(
      ...post({
        items: [
          { id: 'good', answer: ANSWER, question: 'Tell me about a migration' },
          { id: 'blank', answer: '  ' },
          { id: 'rubric', answer: ANSWER, rubric: 'no-such-rubric' },
          { id: 'extra', answer: ANSWER, nonsense: true },
          { id: 'dialogue', transcript: { format: 'dialogue', text: 'Interviewer: What did you own?\nCandidate: I owned the rollback plan.' } },
        ],
        engine: 'heuristic',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = parseNdjson(await res.text());
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect(lines).toHaveLength(5);
    expect(byId.get('good')).toMatchObject({ ok: true, evaluation: { question: 'Tell me about a migration', text: ANSWER, engine: { kind: 'heuristic' } } });
    expect(byId.get('dialogue')).toMatchObject({ ok: true });
    expect(byId.get('blank')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId.get('rubric')).toMatchObject({ ok: false, error: { code: 'unknown_rubric' } });
    expect(byId.get('extra')).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('nonsense') } });
  });

  it('writes each line as soon as its item completes (completion order, not request order)', async () => {
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    const { grader } = slowGrader(0, async () => {});
    const base = heuristicGrader();
    grader.heuristic = {
      ...grader.heuristic,
      async grade(input) {
        if (input.text.includes('SLOW')) await slowGate;
        return base.heuristic.grade(input);
      },
    };
    const { app } = testApp({ grader: { heuristic: grader.heuristic } });
    const res = await app.request(...post({ items: [{ id: 'slow', answer: 'SLOW: I owned the rollout.' }, { id: 'fast', answer: 'I owned the rollback.' }] }));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    // The slow item is still blocked: the fast one has already arrived on its own.
    expect(JSON.parse(first.trim())).toMatchObject({ id: 'fast', ok: true });
    releaseSlow();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(JSON.parse(rest.trim())).toMatchObject({ id: 'slow', ok: true });
  });

  it('answers 400 problems before any line: too many items, none, duplicate ids, a missing id, unknown fields', async () => {
    const { app } = testApp({ env: { BATCH_MAX_ITEMS: '2' } });
    const cases: [unknown, RegExp][] = [
      [{ items: [{ id: 'a', answer: 'x' }, { id: 'b', answer: 'y' }, { id: 'c', answer: 'z' }] }, /items/],
      [{ items: [] }, /items/],
      [{ items: [{ id: 'a', answer: 'x' }, { id: 'a', answer: 'y' }] }, /ids must be unique; repeated: "a"/],
      [{ items: [{ answer: 'x' }] }, /items\.0\.id/],
      [{ items: [{ id: 'a', answer: 'x' }], parallel: 9 }, /parallel/],
      ['{"items": [', /./],
    ];
    for (const [body, detail] of cases) {
      const res = await app.request(...post(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(String((await problemOf(res)).detail)).toMatch(detail);
    }
  });

  it('shares the limits, auth and errors of single evaluations: 401, 404, 413, 415, 429', async () => {
    const keyed = testApp({ env: { API_KEYS: TEST_KEY } }).app;
    expect((await keyed.request(...post({ items: [{ id: 'a', answer: ANSWER }] }))).status).toBe(401);
    const ok = await keyed.request(...post({ items: [{ id: 'a', answer: ANSWER }] }, { authorization: `Bearer ${TEST_KEY}` }));
    expect(ok.status).toBe(200);
    expect(parseNdjson(await ok.text())).toHaveLength(1);

    const { app } = testApp({ env: { BATCH_BODY_LIMIT_BYTES: '2048', RATE_LIMIT_PER_MIN: '3' } });
    const notFound = await app.request(...post({ items: [{ id: 'a', answer: ANSWER }], rubric: 'nope' }));
    expect(notFound.status).toBe(404);
    expect((await problemOf(notFound)).code).toBe('unknown_rubric');
    const big = await app.request(...post({ items: [{ id: 'a', answer: 'x'.repeat(3000) }] }));
    expect(big.status).toBe(413);
    await problemOf(big);
    const text = await app.request(PATH, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'an answer' });
    expect(text.status).toBe(415);
    const limited = await app.request(...post({ items: [{ id: 'a', answer: ANSWER }] }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('is listed in the OpenAPI document with its NDJSON response and request schema', async () => {
    const { app } = testApp();
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> } }> };
    const op = doc.paths[PATH]?.post;
    expect(op).toBeDefined();
    expect(Object.keys(op!.requestBody!.content)).toEqual(['application/json']);
    expect(Object.keys(op!.responses['200']!.content!)).toEqual(['application/x-ndjson']);
    expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '401', '413', '415', '429']));
  });

  it('stops taking new items when the client disconnects', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { grader, stats } = slowGrader(0, () => gate);
    const config = loadConfig({ RATE_LIMIT_PER_MIN: '0', BATCH_CONCURRENCY: '2' });
    const app = createApp({ grader, config });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    try {
      const controller = new AbortController();
      const items = Array.from({ length: 10 }, (_, i) => ({ id: `i${i}`, answer: `I owned rollout ${i}.` }));
      const res = await fetch(`http://127.0.0.1:${port}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }), signal: controller.signal });
      expect(res.status).toBe(200);
      while (stats.started < 2) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      await new Promise((r) => setTimeout(r, 100));
      release();
      await new Promise((r) => setTimeout(r, 200));
      expect(stats.started).toBe(2);
    } finally {
      server.close();
      if ('closeAllConnections' in server) server.closeAllConnections();
    }
  });
});
