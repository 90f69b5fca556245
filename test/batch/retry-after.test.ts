import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config.js';
import { createGrader } from '../../src/grader.js';
import { captureIo } from '../support/cli-io.js';
import { RECORDED_ANSWER, startOpenAiStub, stubEnv, type OpenAiStub } from './support/openai-stub.js';
import { readOut, tmp, writeJsonl } from './support/helpers.js';

/** Retry-After from a real (loopback) server, through the real SDK and LLM engine. */
let stub: OpenAiStub | undefined;
afterEach(async () => stub?.close());

const RATE_LIMITED = { status: 429, headers: { 'retry-after': '1' }, body: JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests' } }) };

async function run(env: Record<string, string>) {
  const dir = tmp();
  const input = writeJsonl(dir, 'in.jsonl', [{ id: 'only', answer: RECORDED_ANSWER }]);
  const io = captureIo({ cwd: dir, env, grader: createGrader(loadConfig(env)) });
  const code = await runCli(['batch', input, '--out', 'out.jsonl'], io);
  return { code, io, lines: readOut(join(dir, 'out.jsonl')) };
}

describe('Retry-After', () => {
  it('an item that fails with a 429 is retried by the batch after the Retry-After the server gave', async () => {
    stub = await startOpenAiStub({ latencyMs: 0, script: (n) => (n === 0 ? RATE_LIMITED : null) });
    // No SDK retries: the 429 reaches the batch runner, which must wait before trying again.
    const { code, lines, io } = await run(stubEnv(stub, { EVAL_MAX_RETRIES: '0', BATCH_RETRIES: '2' }));
    expect(code, io.err()).toBe(0);
    expect(lines).toMatchObject([{ id: 'only', ok: true }]);
    expect(stub.stats.requests).toBe(2);
    expect(stub.stats.arrivals[1]! - stub.stats.arrivals[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('with no batch retries left, the item gets an ok:false model_unavailable line and the run goes on', async () => {
    stub = await startOpenAiStub({ latencyMs: 0, script: () => RATE_LIMITED });
    const { code, lines } = await run(stubEnv(stub, { EVAL_MAX_RETRIES: '0', BATCH_RETRIES: '0' }));
    expect(code).toBe(1);
    expect(lines).toMatchObject([{ id: 'only', ok: false, error: { code: 'model_unavailable', message: expect.stringContaining('429') } }]);
    expect(stub.stats.requests).toBe(1);
  });
});
