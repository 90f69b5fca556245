import { describe, expect, it } from 'vitest';
import { evaluate, type Grader } from '../../src/grading/evaluate.js';
import { EngineUnavailableError, InternalInvariantError, InvalidInputError, ModelTimeoutError, UnknownRubricError } from '../../src/grading/errors.js';
import { Evaluation, evaluationInvariantViolations } from '../../src/grading/evaluation.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { scriptedEngine } from '../support/scripted-engine.js';

const rubrics = loadRubrics();
const ANSWER = 'I led the payments migration.\r\nThe key trade-off was consistency versus latency, and we chose consistency.';

function grader(overrides: Partial<Grader> = {}): Grader {
  return { rubrics, heuristic: createHeuristicEngine(), llm: null, ...overrides };
}

describe('evaluate()', () => {
  it('returns a contract-valid Evaluation whose offsets index into the normalised text', async () => {
    const e = await evaluate({ answer: ANSWER, metadata: { candidate: 'c-1' } }, grader());
    expect(Evaluation.safeParse(e).success).toBe(true);
    expect(evaluationInvariantViolations(e)).toEqual([]);
    expect(e.text).toBe(ANSWER.replace('\r\n', '\n'));
    expect(e.metadata).toEqual({ candidate: 'c-1' });
    expect(e.rubric.id).toBe('senior-swe');
    expect(['under-level', 'usable', 'senior-ready']).toContain(e.band.id);
  });

  it('is deterministic apart from id and createdAt', async () => {
    const a = await evaluate({ answer: ANSWER }, grader());
    const b = await evaluate({ answer: ANSWER }, grader());
    expect({ ...a, id: '', createdAt: '' }).toEqual({ ...b, id: '', createdAt: '' });
    expect(a.id).not.toBe(b.id);
  });

  it.each([
    [{}, /give one of `answer` or `transcript`/],
    [{ answer: 'x', transcript: { format: 'plain', text: 'y' } }, /only one of/],
    [{ answer: '   ' }, /answer is blank/],
    [{ answer: 42 }, /answer/],
    [{ answer: 'x', engine: 'gpt-9' }, /engine/],
    [{ answer: 'x', extra: true }, /extra/],
    [null, /invalid request/],
    [['answer'], /invalid request/],
  ])('rejects %j with InvalidInputError', async (body, message) => {
    const err = await evaluate(body, grader()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(message);
  });

  it('names the valid rubric ids for an unknown rubric', async () => {
    const err = await evaluate({ answer: 'x', rubric: 'staff-swe' }, grader()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownRubricError);
    expect((err as UnknownRubricError).available).toContain('senior-swe');
  });

  it('picks the LLM engine for auto when one is configured, and refuses llm without one', async () => {
    const llm = scriptedEngine('llm', () => ({}));
    expect((await evaluate({ answer: ANSWER }, grader({ llm }))).engine.kind).toBe('llm');
    expect((await evaluate({ answer: ANSWER, engine: 'heuristic' }, grader({ llm }))).engine.kind).toBe('heuristic');
    await expect(evaluate({ answer: ANSWER, engine: 'llm' }, grader())).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('grounds quotes: keeps found ones with exact offsets, drops invented ones with a warning', async () => {
    const llm = scriptedEngine('llm', (input) => ({
      dimensions: input.rubric.dimensions.map((d) => ({
        id: d.id,
        score: 3,
        rationale: 'r',
        evidence: [{ quote: 'the KEY trade-off was consistency versus latency' }, { quote: 'I invented a quote' }],
      })),
    }));
    const e = await evaluate({ answer: ANSWER }, grader({ llm }));
    const judgment = e.dimensions.find((d) => d.id === 'judgment')!;
    expect(judgment.evidence).toHaveLength(1);
    expect(judgment.evidence[0]!.quote).toBe('The key trade-off was consistency versus latency');
    expect(e.text.slice(judgment.evidence[0]!.start, judgment.evidence[0]!.end)).toBe(judgment.evidence[0]!.quote);
    expect(e.warnings.join()).toMatch(/7 evidence quote\(s\) could not be found/);
  });

  it('caps a 4 or 5 with no verified evidence at 3, and says so', async () => {
    const llm = scriptedEngine('llm', (input) => ({
      dimensions: input.rubric.dimensions.map((d) => ({ id: d.id, score: 5, rationale: 'Great.', evidence: [{ quote: 'not in the answer at all' }] })),
    }));
    const e = await evaluate({ answer: ANSWER }, grader({ llm }));
    expect(e.dimensions.every((d) => d.score === 3)).toBe(true);
    expect(e.total).toBe(21);
    expect(e.warnings.some((w) => /capped at 3/.test(w))).toBe(true);
  });

  it('never returns made-up scores when the engine fails', async () => {
    const llm = scriptedEngine('llm', () => Promise.reject(new ModelTimeoutError('model timed out')));
    await expect(evaluate({ answer: ANSWER }, grader({ llm }))).rejects.toBeInstanceOf(ModelTimeoutError);
  });

  it('falls back to the heuristic engine only when configured, and says so', async () => {
    const llm = scriptedEngine('llm', () => Promise.reject(new ModelTimeoutError('model timed out')));
    const e = await evaluate({ answer: ANSWER }, grader({ llm, fallback: 'heuristic' }));
    expect(e.engine.kind).toBe('heuristic');
    expect(e.warnings[0]).toMatch(/LLM engine failed \(model_timeout/);
  });

  it('refuses a result with an out-of-range score or a missing dimension instead of passing it on', async () => {
    const bad = scriptedEngine('llm', (input) => ({ dimensions: input.rubric.dimensions.map((d) => ({ id: d.id, score: 7, rationale: '', evidence: [] })) }));
    await expect(evaluate({ answer: ANSWER }, grader({ llm: bad }))).rejects.toBeInstanceOf(InternalInvariantError);
    const missing = scriptedEngine('llm', () => ({ dimensions: [] }));
    await expect(evaluate({ answer: ANSWER }, grader({ llm: missing }))).rejects.toBeInstanceOf(InternalInvariantError);
  });
});
