import { delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, ModelTimeoutError, ModelUnavailableError } from '../../src/grading/errors.js';
import { fail, gradeInput, useModelServer, ok, testEngine } from './support.js';

const api = useModelServer();

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('retries, deadlines and transport failures (msw, real SDK)', () => {
  it('retries a 429, honouring Retry-After, then succeeds', async () => {
    api.reply(fail(429, 'openai.error-429.json', { 'retry-after': '1' }), ok('openai.json-schema.success.json'));
    const started = Date.now();
    const result = await testEngine().grade(gradeInput());
    const waited = Date.now() - started;
    expect(result.dimensions).toHaveLength(7);
    expect(api.requests).toHaveLength(2);
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it('does not sleep past its deadline: a Retry-After longer than the time left fails at once with retryAfterSec', async () => {
    api.reply(fail(429, 'openai.error-429.json', { 'retry-after': '120' }), ok('openai.json-schema.success.json'));
    const started = Date.now();
    const err = await failure(testEngine({ timeoutMs: 10_000 }).grade(gradeInput()));
    // Neither the 120 s asked for nor a wait clamped to the 10 s deadline: it gives up at once.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as ModelUnavailableError).status).toBe(503);
    expect((err as ModelUnavailableError).retryAfterSec).toBe(120);
    expect((err as Error).message).toContain('Rate limit reached for gpt-4o');
    expect(api.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds (error bodies are buffered, so msw cannot hang the retry)', async () => {
    api.reply(fail(500, 'openai.error-500.json'), ok('openai.json-schema.success.json'));
    const result = await testEngine().grade(gradeInput());
    expect(result.engine.kind).toBe('llm');
    expect(api.requests).toHaveLength(2);
    expect(result.usage!.calls).toBe(1);
  });

  it('gives up after the retry budget: a 5xx every time is ModelUnavailableError (503)', async () => {
    api.reply(fail(500, 'openai.error-500.json'), fail(503, 'openai.error-500.json'), fail(502, 'openai.error-500.json'));
    const err = await failure(testEngine({ maxRetries: 2 }).grade(gradeInput()));
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as Error).message).toContain('answered 502');
    expect((err as ModelUnavailableError).retryAfterSec).toBeNull();
    expect(api.requests).toHaveLength(3);
  });

  it('times out a call that never answers: ModelTimeoutError (504) at the configured deadline', async () => {
    api.reply(async () => {
      await delay('infinite');
      return new Response(null);
    });
    const started = Date.now();
    const err = await failure(testEngine({ timeoutMs: 1_000, maxRetries: 0 }).grade(gradeInput()));
    expect(err).toBeInstanceOf(ModelTimeoutError);
    expect((err as ModelTimeoutError).status).toBe(504);
    expect((err as Error).message).toContain('did not answer within 1000 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops when the caller's own signal aborts (client gone)", async () => {
    api.reply(async () => {
      await delay('infinite');
      return new Response(null);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const err = await failure(testEngine({ timeoutMs: 10_000 }).grade(gradeInput(undefined, { signal: controller.signal })));
    expect(err).toBeInstanceOf(ModelTimeoutError);
    expect((err as Error).message).toContain('cancelled');
  });

  it('maps a rejected API key to 503 naming OPENAI_API_KEY, and an over-long prompt to 400', async () => {
    api.reply({ status: 401, body: { error: { message: 'Incorrect API key provided: sk-test-key.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    const auth = await failure(testEngine().grade(gradeInput()));
    expect(auth).toBeInstanceOf(ModelUnavailableError);
    expect((auth as Error).message).toContain('check OPENAI_API_KEY');

    api.reply(fail(400, 'openai.error-context-length.json'));
    const long = await failure(testEngine().grade(gradeInput()));
    expect(long).toBeInstanceOf(InvalidInputError);
    expect((long as InvalidInputError).status).toBe(400);
  });
});
