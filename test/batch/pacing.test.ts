import { describe, expect, it } from 'vitest';
import { createPacer, estimateTokens, PROMPT_OVERHEAD_TOKENS, REPLY_TOKENS } from '../../src/batch/pacer.js';
import { gradeItem } from '../../src/batch/grade-item.js';
import type { BatchItem } from '../../src/batch/item.js';
import type { Engine } from '../../src/grading/engine.js';
import { ModelUnavailableError, ModelTimeoutError } from '../../src/grading/errors.js';
import type { Grader } from '../../src/grading/evaluate.js';
import { heuristicGrader } from './support/helpers.js';

/** A virtual clock: sleep() advances it, and every start time is recorded. */
function clock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
    sleeps,
  };
}

describe('pacer', () => {
  it('spaces calls 60000/RPM ms apart: EVAL_RPM=120 starts one call every 500 ms', async () => {
    const c = clock();
    const pacer = createPacer({ rpm: 120, tpm: 0, now: c.now, sleep: c.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      await pacer.acquire(1000);
      starts.push(c.now() - 1_000_000);
    }
    expect(starts).toEqual([0, 500, 1000, 1500]);
  });

  it('spaces calls by their tokens: EVAL_TPM=60000 lets a 2000-token call start every 2 s', async () => {
    const c = clock();
    const pacer = createPacer({ rpm: 0, tpm: 60_000, now: c.now, sleep: c.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await pacer.acquire(2000);
      starts.push(c.now() - 1_000_000);
    }
    expect(starts).toEqual([0, 2000, 4000]);
  });

  it('corrects the token budget with the real usage, and counts extra calls against RPM', async () => {
    const c = clock();
    const pacer = createPacer({ rpm: 60, tpm: 60_000, now: c.now, sleep: c.sleep });
    await pacer.acquire(2000); // t=0: requests free at 1000, tokens free at 2000
    pacer.settle(2000, { tokens: 5000, calls: 1 }); // 3000 more tokens: tokens free at 5000
    await pacer.acquire(1000);
    expect(c.now() - 1_000_000).toBe(5000);
    pacer.settle(1000, { tokens: 1000, calls: 3 }); // two extra calls: requests free at 6000 + 2000
    await pacer.acquire(1);
    expect(c.now() - 1_000_000).toBe(8000);
  });

  it('holds every caller until a Retry-After time, then spaces them again', async () => {
    const c = clock();
    const pacer = createPacer({ rpm: 60, tpm: 0, now: c.now, sleep: c.sleep });
    await pacer.acquire(1);
    pacer.holdUntil(c.now() + 10_000);
    await pacer.acquire(1);
    expect(c.now() - 1_000_000).toBe(10_000);
    await pacer.acquire(1);
    expect(c.now() - 1_000_000).toBe(11_000);
  });

  it('waits for nothing when no limit is set', async () => {
    const c = clock();
    const pacer = createPacer({ rpm: 0, tpm: 0, now: c.now, sleep: c.sleep });
    for (let i = 0; i < 5; i++) await pacer.acquire(100_000);
    expect(c.sleeps).toEqual([]);
  });

  it('estimates tokens from the text: 4 characters a token plus the prompt and the reply', () => {
    expect(estimateTokens({ answer: 'x'.repeat(400), question: 'y'.repeat(40) })).toBe(110 + PROMPT_OVERHEAD_TOKENS + REPLY_TOKENS);
    expect(estimateTokens({ transcript: { format: 'plain', text: 'z'.repeat(8) } })).toBe(2 + PROMPT_OVERHEAD_TOKENS + REPLY_TOKENS);
  });
});

/** An LLM engine double that fails its first `failures` calls with the given error. */
function flakyGrader(failures: number, error: () => Error): { grader: Grader; calls: () => number } {
  const base = heuristicGrader();
  let calls = 0;
  const llm: Engine = {
    kind: 'llm',
    describe: 'flaky (test)',
    async grade(input) {
      calls += 1;
      if (calls <= failures) throw error();
      const r = await base.heuristic.grade(input);
      return { ...r, engine: { kind: 'llm', model: 'test-model', promptVersion: 'p1' }, usage: { model: 'test-model', promptTokens: 10, completionTokens: 5, cachedTokens: 0, calls: 1 } };
    },
  };
  return { grader: { ...base, llm }, calls: () => calls };
}

const item = (answer: string): BatchItem => ({ id: 'x', line: 1, where: 'line 1', load: async () => ({ answer }) });

describe('retries of an item', () => {
  it('waits the Retry-After the provider gave (holding every worker), then succeeds', async () => {
    const c = clock();
    const { grader, calls } = flakyGrader(1, () => new ModelUnavailableError('429', { retryAfterSec: 7 }));
    const pacer = createPacer({ rpm: 0, tpm: 0, now: c.now, sleep: c.sleep });
    const line = await gradeItem(item('I owned the rollback plan.'), { grader, defaults: {}, pacer, retries: 2, now: c.now, sleep: c.sleep });
    expect(line.ok).toBe(true);
    expect(calls()).toBe(2);
    expect(c.sleeps).toEqual([7000]);
    // Another worker arriving now is held too.
    const before = c.now();
    c.advance(-3000);
    await pacer.acquire(1);
    expect(c.now()).toBe(before);
  });

  it('backs off exponentially without Retry-After, and gives up after the configured retries', async () => {
    const c = clock();
    const { grader, calls } = flakyGrader(5, () => new ModelTimeoutError('slow'));
    const pacer = createPacer({ rpm: 0, tpm: 0, now: c.now, sleep: c.sleep });
    const line = await gradeItem(item('I owned it.'), { grader, defaults: {}, pacer, retries: 2, now: c.now, sleep: c.sleep });
    expect(line).toMatchObject({ id: 'x', ok: false, error: { code: 'model_timeout', message: 'slow' } });
    expect(calls()).toBe(3);
    expect(c.sleeps).toEqual([2000, 4000]);
  });

  it('never retries an error that retrying cannot fix', async () => {
    const c = clock();
    const { grader, calls } = flakyGrader(0, () => new Error('unused'));
    const pacer = createPacer({ rpm: 0, tpm: 0, now: c.now, sleep: c.sleep });
    const line = await gradeItem(item('   '), { grader, defaults: {}, pacer, retries: 3, now: c.now, sleep: c.sleep });
    expect(line).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls()).toBe(0);
  });

  it('paces model calls only: a heuristic item never waits for the pacer', async () => {
    const c = clock();
    const { grader } = flakyGrader(0, () => new Error('unused'));
    const pacer = createPacer({ rpm: 1, tpm: 0, now: c.now, sleep: c.sleep });
    for (let i = 0; i < 3; i++) await gradeItem(item('I owned it.'), { grader, defaults: { engine: 'heuristic' }, pacer, retries: 0, now: c.now, sleep: c.sleep });
    expect(c.sleeps).toEqual([]);
    for (let i = 0; i < 2; i++) await gradeItem(item('I owned it.'), { grader, defaults: { engine: 'llm' }, pacer, retries: 0, now: c.now, sleep: c.sleep });
    expect(c.sleeps).toEqual([60_000]);
  });
});
