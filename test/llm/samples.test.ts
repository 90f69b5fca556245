import { describe, expect, it } from 'vitest';
import { combineSamples, medianScore, type Sample } from '../../src/llm/samples.js';
import { fixture, gradeInput, useModelServer, ok, testEngine } from './support.js';

const api = useModelServer();

/** One choice of the n=3 fixture as a completion of its own, for servers that ignore `n`. */
function singleChoice(i: number) {
  const body = fixture('openai.samples-n3.json');
  body.choices = [{ ...body.choices[i], index: 0 }];
  return { body };
}

describe('self-consistency (EVAL_SAMPLES)', () => {
  it('asks for n=k in one call and reports the median and spread per dimension', async () => {
    api.reply(ok('openai.samples-n3.json'));
    const result = await testEngine({ samples: 3 }).grade(gradeInput());
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.n).toBe(3);
    expect(api.requests[0]!.temperature).toBe(0.7);

    const dim = (id: string) => result.dimensions.find((d) => d.id === id)!;
    expect(dim('scope')).toMatchObject({ score: 5, spread: { min: 4, max: 5, samples: [5, 4, 5] } });
    expect(dim('impact')).toMatchObject({ score: 4, spread: { min: 3, max: 4, samples: [4, 3, 4] } });
    expect(dim('influence')).toMatchObject({ score: 4, spread: { min: 4, max: 5, samples: [4, 4, 5] } });
    expect(dim('reflection').spread).toEqual({ min: 5, max: 5, samples: [5, 5, 5] });
    // No logprobs in this fixture: unavailable, not invented.
    expect(result.dimensions.every((d) => d.expectedScore === null)).toBe(true);
    // Evidence-stack steps follow the majority (one sample of three said leverage was missing).
    expect(result.evidenceStack.find((s) => s.step === 'leverage')!.present).toBe(true);
    expect(result.usage!.calls).toBe(1);
  });

  it('falls back to k separate calls when the server ignores n, and remembers that', async () => {
    api.reply(singleChoice(0), singleChoice(1), singleChoice(2));
    const engine = testEngine({ samples: 3 });
    const result = await engine.grade(gradeInput());
    expect(api.requests).toHaveLength(3);
    expect(api.requests[1]!.n).toBeUndefined();
    expect(result.dimensions.find((d) => d.id === 'scope')!.spread!.samples.sort()).toEqual([4, 5, 5]);
    expect(result.usage!.calls).toBe(3);

    api.reply(singleChoice(0), singleChoice(1), singleChoice(2));
    await engine.grade(gradeInput());
    expect(api.requests.slice(3).map((r) => r.n)).toEqual([undefined, undefined, undefined]);
  });
});

describe('combining samples', () => {
  const output = JSON.parse(fixture('openai.json-schema.success.json').choices[0].message.content);
  const sample = (scores: Record<string, number>, expected: Record<string, number | null> = {}): Sample => {
    const o = structuredClone(output);
    for (const [id, s] of Object.entries(scores)) o.dimensions[id].score = s;
    return { output: o, expected: new Map(Object.entries(expected)) };
  };

  it('takes the lower middle value for an even number of samples', () => {
    expect(medianScore([5, 1, 3])).toBe(3);
    expect(medianScore([4, 2])).toBe(2);
    expect(medianScore([2, 5, 3, 4])).toBe(3);
  });

  it('reports no spread for a single sample, and averages expected scores only when every sample has one', () => {
    const ids = ['scope', 'impact'];
    const one = combineSamples([sample({}, { scope: 4.9, impact: null })], ids);
    expect(one.dimensions[0]).toMatchObject({ id: 'scope', score: 5, spread: null, expectedScore: 4.9 });
    expect(one.dimensions[1]!.expectedScore).toBeNull();
    const two = combineSamples([sample({ scope: 3 }, { scope: 3.2 }), sample({ scope: 5 }, { scope: 4.8 })], ids);
    expect(two.dimensions[0]).toMatchObject({ score: 3, expectedScore: 4, spread: { min: 3, max: 5, samples: [3, 5] } });
  });

  it('keeps a candidate flag unless most samples reject it', () => {
    const withVerdicts = (verdicts: ('confirm' | 'reject')[]) =>
      verdicts.map((verdict) => {
        const s = sample({});
        s.output.candidateFlags = [{ index: 0, id: 'tool-list', verdict, quote: null }];
        return s;
      });
    expect(combineSamples(withVerdicts(['reject', 'confirm', 'confirm']), ['scope']).verdicts.get(0)!.verdict).toBe('confirm');
    expect(combineSamples(withVerdicts(['reject', 'reject', 'confirm']), ['scope']).verdicts.get(0)!.verdict).toBe('reject');
    expect(combineSamples(withVerdicts(['reject', 'confirm']), ['scope']).verdicts.get(0)!.verdict).toBe('confirm');
  });
});
