import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customIdFor } from '../../src/batch/openai/prepare.js';
import { BatchState } from '../../src/batch/openai/state.js';
import { runCli } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config.js';
import { createGrader } from '../../src/grader.js';
import { captureIo } from '../support/cli-io.js';
import { LLM_FIXTURES, RECORDED_ANSWER, RECORDED_COMPLETION } from './support/openai-stub.js';
import { readOut, tmp, writeJsonl } from './support/helpers.js';

/**
 * `batch --via openai-batch` against msw mocks of the files and batches endpoints (and of chat
 * completions, for the one live repair call). The OpenAI SDK runs for real underneath.
 */
const BASE = 'http://llm.test/v1';
const ENV = { EVAL_MODEL: 'gpt-4o', OPENAI_BASE_URL: BASE, OPENAI_API_KEY: 'sk-test-key', EVAL_STRUCTURED_MODE: 'json_schema', EVAL_LOGPROBS: 'off', BATCH_POLL_INTERVAL_MS: '10' };
const QUESTION = 'Tell me about the hardest technical project you owned end to end.';
const MALFORMED = JSON.parse(readFileSync(join(LLM_FIXTURES, 'openai.malformed-json.json'), 'utf8'));
const GOOD = JSON.parse(RECORDED_COMPLETION);

interface RequestLine {
  custom_id: string;
  method: string;
  url: string;
  body: { model: string; messages: { role: string; content: string }[]; response_format?: { type: string } };
}

/** The fake provider: files, batches, and chat completions for follow-up calls. */
const provider = {
  uploads: new Map<string, string>(),
  files: new Map<string, string>(),
  batches: new Map<string, { id: string; input_file_id: string; polls: number }>(),
  calls: { upload: 0, create: 0, retrieve: 0, content: 0, chat: 0 },
  /** What a poll of a batch answers, given how many times it was polled. */
  poll: (_polls: number, batchId: string, requests: RequestLine[]): Record<string, unknown> => finished(batchId, requests, 'completed'),
  reset() {
    this.uploads.clear();
    this.files.clear();
    this.batches.clear();
    this.calls = { upload: 0, create: 0, retrieve: 0, content: 0, chat: 0 };
    this.poll = (_p, id, reqs) => finished(id, reqs, 'completed');
  },
};

const requestsOf = (fileId: string): RequestLine[] =>
  (provider.uploads.get(fileId) ?? '').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RequestLine);

/** The reply the fake provider gives each item (by custom_id): ok, malformed, or a 500 in the error file. */
const ROUTES: Record<string, 'ok' | 'malformed' | 'error' | 'missing'> = {};

function finished(batchId: string, requests: RequestLine[], status: string): Record<string, unknown> {
  const out: string[] = [];
  const err: string[] = [];
  for (const r of [...requests].reverse()) {
    const kind = ROUTES[r.custom_id] ?? 'ok';
    if (kind === 'missing') continue;
    if (kind === 'error') {
      err.push(JSON.stringify({ id: `batch_req_${r.custom_id}`, custom_id: r.custom_id, response: { status_code: 500, request_id: 'req_1', body: { error: { message: 'The server had an error', type: 'server_error' } } }, error: null }));
    } else {
      out.push(JSON.stringify({ id: `batch_req_${r.custom_id}`, custom_id: r.custom_id, response: { status_code: 200, request_id: 'req_2', body: kind === 'ok' ? GOOD : MALFORMED }, error: null }));
    }
  }
  provider.files.set(`${batchId}-out`, out.join('\n') + '\n');
  if (err.length) provider.files.set(`${batchId}-err`, err.join('\n') + '\n');
  return {
    id: batchId,
    object: 'batch',
    status,
    output_file_id: `${batchId}-out`,
    error_file_id: err.length ? `${batchId}-err` : null,
    request_counts: { total: requests.length, completed: out.length, failed: err.length },
  };
}

const server = setupServer(
  http.post(`${BASE}/files`, async ({ request }) => {
    provider.calls.upload += 1;
    const form = await request.formData();
    expect(form.get('purpose')).toBe('batch');
    const file = form.get('file') as File;
    const id = `file-in-${provider.uploads.size + 1}`;
    provider.uploads.set(id, await file.text());
    return HttpResponse.json({ id, object: 'file', bytes: file.size, created_at: 1, filename: file.name, purpose: 'batch', status: 'processed' });
  }),
  http.post(`${BASE}/batches`, async ({ request }) => {
    provider.calls.create += 1;
    const body = (await request.json()) as { input_file_id: string; endpoint: string; completion_window: string };
    expect(body.endpoint).toBe('/v1/chat/completions');
    expect(body.completion_window).toBe('24h');
    const id = `batch_${provider.batches.size + 1}`;
    provider.batches.set(id, { id, input_file_id: body.input_file_id, polls: 0 });
    return HttpResponse.json({ id, object: 'batch', status: 'validating', input_file_id: body.input_file_id, request_counts: { total: 0, completed: 0, failed: 0 } });
  }),
  http.get(`${BASE}/batches/:id`, ({ params }) => {
    provider.calls.retrieve += 1;
    const batch = provider.batches.get(String(params.id));
    if (!batch) return HttpResponse.json({ error: { message: 'No such batch' } }, { status: 404 });
    batch.polls += 1;
    return HttpResponse.json(provider.poll(batch.polls, batch.id, requestsOf(batch.input_file_id)));
  }),
  http.get(`${BASE}/files/:id/content`, ({ params }) => {
    provider.calls.content += 1;
    const text = provider.files.get(String(params.id));
    return text === undefined ? HttpResponse.json({ error: { message: 'No such file' } }, { status: 404 }) : new HttpResponse(text, { headers: { 'content-type': 'application/octet-stream' } });
  }),
  http.post(`${BASE}/chat/completions`, () => {
    provider.calls.chat += 1;
    return HttpResponse.json(GOOD);
  }),
);

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      // The SDK probes fetch('data:,') once before the first file upload.
      if (request.url.startsWith('data:')) return;
      print.error();
    },
  }),
);
afterEach(() => provider.reset());
afterAll(() => server.close());

const ITEMS = [
  { id: 'a', question: QUESTION, answer: RECORDED_ANSWER },
  { id: 'b', question: QUESTION, answer: RECORDED_ANSWER },
  { id: 'c', question: QUESTION, answer: RECORDED_ANSWER },
  { id: 'd', question: QUESTION, answer: RECORDED_ANSWER },
  { id: 'blank', answer: '   ' },
  { id: 'local', answer: 'I owned the rollback plan and chose a feature flag.', engine: 'heuristic' },
];

function setup() {
  const dir = tmp();
  const input = writeJsonl(dir, 'in.jsonl', ITEMS);
  for (const k of Object.keys(ROUTES)) delete ROUTES[k];
  ROUTES[customIdFor('c')] = 'malformed';
  ROUTES[customIdFor('d')] = 'error';
  const grader = createGrader(loadConfig(ENV));
  const io = (signal?: AbortSignal) => ({ ...captureIo({ cwd: dir, env: ENV, grader }), ...(signal ? { signal } : {}) });
  return { dir, input, io, out: join(dir, 'out.jsonl') };
}

describe('batch --via openai-batch', () => {
  it('submits the request JSONL, polls, downloads, and writes one validated, grounded line per item', async () => {
    const { dir, input, io, out } = setup();
    const cli = io();
    const code = await runCli(['batch', input, '--out', 'out.jsonl', '--via', 'openai-batch', '--poll-interval', '10'], cli);
    expect(code, cli.err()).toBe(1);

    // The request file: the body a live call would send, one line per item that needs the model.
    const requests = requestsOf('file-in-1');
    expect(requests.map((r) => r.custom_id).sort()).toEqual(['a', 'b', 'c', 'd'].map(customIdFor).sort());
    for (const r of requests) {
      expect(r).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o', response_format: { type: 'json_schema' } } });
      expect(r.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(r.body.messages[1]!.content).toContain(RECORDED_ANSWER.slice(0, 80));
    }
    expect(readFileSync(join(dir, 'out.jsonl.batch-input-0.jsonl'), 'utf8')).toBe(provider.uploads.get('file-in-1'));

    const lines = readOut(out);
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect([...byId.keys()].sort()).toEqual(['a', 'b', 'blank', 'c', 'd', 'local']);
    expect(lines).toHaveLength(6);
    for (const id of ['a', 'b']) {
      const l = byId.get(id)!;
      if (!l.ok) throw new Error(`${id} failed: ${l.error.message}`);
      expect(l.evaluation.engine).toMatchObject({ kind: 'llm', model: 'gpt-4o-2024-08-06' });
      expect(l.evaluation.usage).toMatchObject({ promptTokens: GOOD.usage.prompt_tokens, calls: 1 });
      // Grounded: every quote is found in the text, at its offsets.
      for (const d of l.evaluation.dimensions) for (const e of d.evidence) expect(l.evaluation.text.slice(e.start, e.end)).toBe(e.quote);
      expect(l.evaluation.dimensions.some((d) => d.evidence.length > 0)).toBe(true);
    }
    // The malformed reply was repaired by one live call, as a live grade would be.
    const c = byId.get('c')!;
    expect(c.ok && c.evaluation.warnings.some((w) => /repaired/.test(w))).toBe(true);
    expect(c.ok && c.evaluation.usage?.calls).toBe(2);
    expect(provider.calls.chat).toBe(1);
    expect(byId.get('d')).toMatchObject({ ok: false, error: { code: 'model_unavailable', message: expect.stringContaining('The server had an error') } });
    expect(byId.get('blank')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId.get('local')).toMatchObject({ ok: true, evaluation: { engine: { kind: 'heuristic' } } });

    expect(cli.err()).toMatch(/created batch_1 \(completion window 24h\)/);
    expect(cli.err()).toMatch(/4\/4 requests finished \(1 failed\); completed/);
    expect(cli.err()).toMatch(/4 ok, 2 failed \(.*model_unavailable 1.*\)/);
    const state = BatchState.parse(JSON.parse(readFileSync(`${out}.batch.json`, 'utf8')));
    expect(state.phase).toBe('done');
    expect(state.chunks[0]).toMatchObject({ batchId: 'batch_1', status: 'completed', inputFileId: 'file-in-1' });

    // Running it again changes nothing and calls nothing.
    const calls = { ...provider.calls };
    const again = io();
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--via', 'openai-batch'], again)).toBe(1);
    expect(provider.calls).toEqual(calls);
    expect(readOut(out)).toHaveLength(6);
  });

  it('keeps the batch id next to OUT: a restarted command polls the same batch instead of creating another', async () => {
    const { input, io, out } = setup();
    const controller = new AbortController();
    provider.poll = (polls, id, requests) => {
      if (polls >= 2) controller.abort(); // Ctrl-C while the batch is still running
      return { id, object: 'batch', status: 'in_progress', request_counts: { total: requests.length, completed: polls, failed: 0 } };
    };
    const first = io(controller.signal);
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--via', 'openai-batch', '--poll-interval', '10'], first)).toBe(130);
    expect(first.err()).toMatch(/Run the same command again to pick it up/);
    const state = BatchState.parse(JSON.parse(readFileSync(`${out}.batch.json`, 'utf8')));
    expect(state).toMatchObject({ phase: 'submitted', chunks: [{ batchId: 'batch_1', status: 'in_progress' }] });
    // Only the items that never need the model are in OUT so far.
    expect(readOut(out).map((l) => l.id).sort()).toEqual(['blank', 'local']);

    provider.poll = (_p, id, requests) => finished(id, requests, 'completed');
    const second = io();
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--via', 'openai-batch', '--poll-interval', '10'], second)).toBe(1);
    expect(second.err()).toContain('continuing the run recorded in');
    expect(provider.calls.upload).toBe(1);
    expect(provider.calls.create).toBe(1);
    expect(readOut(out).map((l) => l.id).sort()).toEqual(['a', 'b', 'blank', 'c', 'd', 'local']);
  });

  it('gives every item without a result a batch_incomplete line when the batch expires', async () => {
    const { input, io, out } = setup();
    ROUTES[customIdFor('b')] = 'missing';
    ROUTES[customIdFor('c')] = 'missing';
    ROUTES[customIdFor('d')] = 'missing';
    provider.poll = (_p, id, requests) => finished(id, requests, 'expired');
    const cli = io();
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--via', 'openai-batch'], cli)).toBe(1);
    const byId = new Map(readOut(out).map((l) => [l.id, l]));
    expect(byId.get('a')?.ok).toBe(true);
    for (const id of ['b', 'c', 'd']) {
      expect(byId.get(id)).toMatchObject({ ok: false, error: { code: 'batch_incomplete', message: expect.stringContaining('status "expired"') } });
    }
  });

  it('refuses without a model, and with --engine heuristic', async () => {
    const { input, dir } = setup();
    const plain = captureIo({ cwd: dir });
    expect(await runCli(['batch', input, '--out', 'x.jsonl', '--via', 'openai-batch'], plain)).toBe(2);
    expect(plain.err()).toMatch(/needs a model: set EVAL_MODEL/);
    const withModel = captureIo({ cwd: dir, env: ENV, grader: createGrader(loadConfig(ENV)) });
    expect(await runCli(['batch', input, '--out', 'x.jsonl', '--via', 'openai-batch', '--engine', 'heuristic'], withModel)).toBe(2);
    expect(existsSync(join(dir, 'x.jsonl.batch.json'))).toBe(false);
  });
});
