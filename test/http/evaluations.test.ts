import { describe, expect, it } from 'vitest';
import { Evaluation } from '../../src/grading/evaluation.js';
import { ModelOutputError, ModelTimeoutError, ModelUnavailableError } from '../../src/grading/errors.js';
import { ANSWER, fakeLlmEngine, postJson, postRaw, problemOf, testApp } from './support.js';

describe('POST /v1/evaluations: success', () => {
  it('grades a JSON answer and returns a contract-valid Evaluation', async () => {
    const { app } = testApp();
    const res = await app.request(...postJson({ answer: ANSWER, question: 'Tell me about a migration', metadata: { candidate: 'c-7' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = Evaluation.parse(await res.json());
    expect(body.engine.kind).toBe('heuristic');
    expect(body.question).toBe('Tell me about a migration');
    expect(body.metadata).toEqual({ candidate: 'c-7' });
    expect(body.rubric.id).toBe('senior-swe');
    expect(body.dimensions.map((d) => d.id)).toEqual(['scope', 'autonomy', 'judgment', 'production-ownership', 'impact', 'influence', 'reflection']);
  });

  it('grades a dialogue transcript', async () => {
    const { app } = testApp();
    const text = `Interviewer: Tell me about a migration.\nCandidate: ${ANSWER}`;
    const res = await app.request(...postJson({ transcript: { format: 'dialogue', text } }));
    expect(res.status).toBe(200);
    const body = Evaluation.parse(await res.json());
    expect(body.text).toContain('billing service');
    expect(body.text).not.toContain('Interviewer:');
  });

  it('takes a text/plain body as the answer, with options as query parameters', async () => {
    const { app } = testApp();
    const q = new URLSearchParams({ question: 'A hard trade-off?', rubric: 'senior-swe', engine: 'heuristic' });
    const res = await app.request(...postRaw(ANSWER, 'text/plain; charset=utf-8', `/v1/evaluations?${q}`));
    expect(res.status).toBe(200);
    const body = Evaluation.parse(await res.json());
    expect(body.question).toBe('A hard trade-off?');
    expect(body.text).toContain('event-driven design');
  });

  it('accepts nesting within the depth limit in metadata', async () => {
    const { app } = testApp();
    let nested: unknown = 'leaf';
    for (let i = 0; i < 20; i++) nested = { n: nested };
    const res = await app.request(...postJson({ answer: ANSWER, metadata: { nested } }));
    expect(res.status).toBe(200);
  });
});

describe('POST /v1/evaluations: bad input is a 4xx problem', () => {
  const deep = (n: number) => `{"answer":"x","metadata":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`;
  const cases: { name: string; req: [string, RequestInit]; status: number; code: string; path?: string }[] = [
    { name: 'invalid JSON', req: postJson('{"answer": "unterminated'), status: 400, code: 'malformed_body' },
    { name: 'empty JSON body', req: postJson(''), status: 400, code: 'malformed_body' },
    { name: 'wrong type', req: postJson({ answer: 42 }), status: 400, code: 'invalid_input', path: 'answer' },
    { name: 'blank answer', req: postJson({ answer: '  \n\t ' }), status: 400, code: 'invalid_input', path: 'answer' },
    { name: 'neither answer nor transcript', req: postJson({ question: 'q?' }), status: 400, code: 'invalid_input', path: 'answer' },
    {
      name: 'both answer and transcript',
      req: postJson({ answer: ANSWER, transcript: { format: 'plain', text: ANSWER } }),
      status: 400,
      code: 'invalid_input',
      path: 'transcript',
    },
    { name: 'unknown field', req: postJson({ answer: ANSWER, answr: 'typo' }), status: 400, code: 'invalid_input' },
    { name: 'unknown engine', req: postJson({ answer: ANSWER, engine: 'gpt' }), status: 400, code: 'invalid_input', path: 'engine' },
    { name: 'unknown transcript format', req: postJson({ transcript: { format: 'docx', text: 'x' } }), status: 400, code: 'invalid_input', path: 'transcript.format' },
    { name: 'array body', req: postJson('[{"answer":"x"}]'), status: 400, code: 'invalid_input', path: '' },
    { name: 'null body', req: postJson('null'), status: 400, code: 'invalid_input', path: '' },
    { name: 'string body', req: postJson('"an answer"'), status: 400, code: 'invalid_input' },
    { name: 'number body', req: postJson('42'), status: 400, code: 'invalid_input' },
    { name: 'invalid UTF-8 in JSON', req: postRaw(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'application/json'), status: 400, code: 'invalid_utf8' },
    { name: 'invalid UTF-8 in text', req: postRaw(new Uint8Array([0x49, 0x20, 0xff, 0xfe, 0x6c, 0x65, 0x64]), 'text/plain'), status: 400, code: 'invalid_utf8' },
    { name: 'hostile nesting depth', req: postJson(deep(40)), status: 400, code: 'too_deep' },
    { name: 'unclosed hostile nesting', req: postJson('['.repeat(200_000)), status: 400, code: 'too_deep' },
    { name: 'blank text/plain body', req: postRaw('   ', 'text/plain'), status: 400, code: 'invalid_input', path: 'answer' },
    { name: 'bad engine in query', req: postRaw(ANSWER, 'text/plain', '/v1/evaluations?engine=gpt'), status: 400, code: 'invalid_input', path: 'engine' },
    { name: 'query options with a JSON body', req: postJson({ answer: ANSWER }, {}, '/v1/evaluations?rubric=senior-swe'), status: 400, code: 'query_with_json' },
    { name: 'unsupported content type', req: postRaw('<answer>x</answer>', 'application/xml'), status: 415, code: 'unsupported_media_type' },
    { name: 'form body', req: postRaw('answer=x', 'application/x-www-form-urlencoded'), status: 415, code: 'unsupported_media_type' },
    { name: 'no content type', req: postRaw(new TextEncoder().encode(ANSWER), null), status: 415, code: 'unsupported_media_type' },
    { name: 'non-UTF-8 charset', req: postRaw(ANSWER, 'text/plain; charset=iso-8859-1'), status: 415, code: 'unsupported_charset' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const { app } = testApp();
      const res = await app.request(...c.req);
      expect(res.status).toBe(c.status);
      const problem = await problemOf(res);
      expect(problem.code).toBe(c.code);
      if (c.path !== undefined) {
        expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: c.path })]));
      }
    });
  }

  it('unknown rubric → 404 listing the valid ids (JSON and text/plain)', async () => {
    const { app } = testApp();
    for (const req of [postJson({ answer: ANSWER, rubric: 'staff-swe' }), postRaw(ANSWER, 'text/plain', '/v1/evaluations?rubric=staff-swe')]) {
      const res = await app.request(...req);
      expect(res.status).toBe(404);
      const problem = await problemOf(res);
      expect(problem.code).toBe('unknown_rubric');
      expect(problem.availableRubrics).toContain('senior-swe');
      expect(problem.detail).toContain('senior-swe');
    }
  });

  it('engine "llm" without a model → 503 engine_unavailable', async () => {
    const { app } = testApp();
    const res = await app.request(...postJson({ answer: ANSWER, engine: 'llm' }));
    expect(res.status).toBe(503);
    expect((await problemOf(res)).code).toBe('engine_unavailable');
  });
});

describe('POST /v1/evaluations: body size', () => {
  it('refuses a body over the default 256 KB limit with 413 (Content-Length)', async () => {
    const { app } = testApp();
    const body = JSON.stringify({ answer: 'word '.repeat(60_000) }); // ~300 KB
    const res = await app.request(...postJson(body, { 'content-length': String(Buffer.byteLength(body)) }));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('body_too_large');
  });

  it('refuses a streamed (chunked) body once it passes the limit', async () => {
    const { app } = testApp({ env: { BODY_LIMIT_BYTES: '4096' } });
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await app.request('/v1/evaluations', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close'); // the rest of the stream is not read
    expect(sent).toBeLessThan(10); // stopped reading early
  });

  it('honours BODY_LIMIT_BYTES', async () => {
    const body = JSON.stringify({ answer: `${ANSWER} `.repeat(8) }); // ~2.6 KB
    const small = testApp({ env: { BODY_LIMIT_BYTES: '2048' } });
    expect((await small.app.request(...postJson(body, { 'content-length': String(body.length) }))).status).toBe(413);
    const normal = testApp();
    expect((await normal.app.request(...postJson(body, { 'content-length': String(body.length) }))).status).toBe(200);
  });
});

describe('POST /v1/evaluations: engine failures map to problems', () => {
  const failing = (err: unknown) => fakeLlmEngine(async () => Promise.reject(err));
  const cases = [
    { err: new ModelUnavailableError('model server overloaded', { retryAfterSec: 7 }), status: 503, code: 'model_unavailable', retryAfter: '7' },
    { err: new ModelUnavailableError('connection refused'), status: 503, code: 'model_unavailable', retryAfter: null },
    { err: new ModelTimeoutError('model did not answer in 60 s'), status: 504, code: 'model_timeout', retryAfter: null },
    { err: new ModelOutputError('model output failed validation after repair'), status: 502, code: 'model_output_invalid', retryAfter: null },
  ];
  for (const c of cases) {
    it(`${c.err.constructor.name} → ${c.status}${c.retryAfter ? ' with Retry-After' : ''}`, async () => {
      const { app } = testApp({ grader: { llm: failing(c.err) } });
      const res = await app.request(...postJson({ answer: ANSWER }));
      expect(res.status).toBe(c.status);
      expect(res.headers.get('retry-after')).toBe(c.retryAfter);
      const problem = await problemOf(res);
      expect(problem.code).toBe(c.code);
      expect(problem.detail).toBe(c.err.message);
    });
  }

  it('an unexpected error is a generic 500: no message, no stack', async () => {
    const { app, records } = testApp({ grader: { llm: failing(new TypeError('cannot read properties of undefined (secret-internal)')) } });
    const res = await app.request(...postJson({ answer: ANSWER }));
    expect(res.status).toBe(500);
    const problem = await problemOf(res);
    expect(problem.code).toBe('internal_error');
    expect(JSON.stringify(problem)).not.toContain('secret-internal');
    // ...but the log says what broke and where (not the message, which could quote the answer).
    expect(records()).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'request failed', errorName: 'TypeError', stack: expect.any(Array) })]));
  });

  it('an engine that outlives REQUEST_TIMEOUT_MS is stopped through its signal and answered with 504', async () => {
    let seen: AbortSignal | undefined;
    const slow = fakeLlmEngine(
      (input) =>
        new Promise((_, reject) => {
          seen = input.signal;
          input.signal?.addEventListener('abort', () => reject(input.signal?.reason));
        }),
    );
    const { app } = testApp({ env: { REQUEST_TIMEOUT_MS: '1000' }, grader: { llm: slow } });
    const res = await app.request(...postJson({ answer: ANSWER }));
    expect(res.status).toBe(504);
    expect((await problemOf(res)).code).toBe('model_timeout');
    expect(seen?.aborted).toBe(true);
  });

  it("passes the request's abort signal to the engine, so a client disconnect stops the work", async () => {
    let seen: AbortSignal | undefined;
    const waiting = fakeLlmEngine(
      (input) =>
        new Promise((_, reject) => {
          seen = input.signal;
          input.signal?.addEventListener('abort', () => reject(input.signal?.reason));
        }),
    );
    const { app } = testApp({ grader: { llm: waiting } });
    const client = new AbortController();
    const [path, init] = postJson({ answer: ANSWER });
    const req = app.request(new Request(`http://localhost${path}`, { ...init, signal: client.signal }));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen?.aborted).toBe(false);
    client.abort(new Error('client went away'));
    await Promise.resolve(req).catch(() => undefined);
    expect(seen?.aborted).toBe(true);
  });
});
