import { EVIDENCE_STACK_STEPS, type EvidenceStackStep } from '../grading/evaluation.js';
import type { CandidateFlagVerdict, DimensionOutput, ModelOutput } from './output-schema.js';

/** One validated model answer, with the expected score per dimension when logprobs allowed one. */
export interface Sample {
  output: ModelOutput;
  expected: Map<string, number | null>;
}

export interface CombinedDimension extends DimensionOutput {
  id: string;
  /** Only with more than one sample. */
  spread: { min: number; max: number; samples: number[] } | null;
  expectedScore: number | null;
}

export interface Combined {
  dimensions: CombinedDimension[];
  /** Verdict per candidate flag index (absent when no sample gave one). */
  verdicts: Map<number, CandidateFlagVerdict>;
  extraFlags: ModelOutput['extraFlags'];
  evidenceStack: { step: EvidenceStackStep; present: boolean }[];
}

/** The median; for an even count, the lower of the two middle values (an integer, and cautious). */
export function medianScore(scores: readonly number[]): number {
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const majority = (count: number, of: number) => count * 2 > of;

/**
 * Self-consistency: k samples become one grade. Each dimension takes the median score, and the
 * rationale, quotes and advice of the first sample that gave that score. Flags and evidence-stack
 * steps follow the majority. With one sample this is the identity (and reports no spread).
 */
export function combineSamples(samples: readonly Sample[], dimensionIds: readonly string[]): Combined {
  if (samples.length === 0) throw new Error('combineSamples needs at least one sample');
  const k = samples.length;
  const dimensions = dimensionIds.map((id): CombinedDimension => {
    const scores = samples.map((s) => s.output.dimensions[id]!.score);
    const score = medianScore(scores);
    const chosen = samples.find((s) => s.output.dimensions[id]!.score === score)!.output.dimensions[id]!;
    const expected = samples.map((s) => s.expected.get(id) ?? null);
    const expectedScore = expected.every((e): e is number => e !== null)
      ? Math.round((expected.reduce((a, b) => a + b, 0) / k) * 1000) / 1000
      : null;
    return {
      id,
      ...chosen,
      score,
      spread: k > 1 ? { min: Math.min(...scores), max: Math.max(...scores), samples: scores } : null,
      expectedScore,
    };
  });

  const verdicts = new Map<number, CandidateFlagVerdict>();
  const indexes = new Set(samples.flatMap((s) => s.output.candidateFlags.map((v) => v.index)));
  for (const index of indexes) {
    const given = samples.flatMap((s) => s.output.candidateFlags.filter((v) => v.index === index).slice(0, 1));
    const rejects = given.filter((v) => v.verdict === 'reject');
    // A detector finding stands unless most samples reject it.
    const verdict = majority(rejects.length, k) ? 'reject' : 'confirm';
    verdicts.set(index, given.find((v) => v.verdict === verdict) ?? { ...given[0]!, verdict, quote: null });
  }

  const extraIds = new Set(samples.flatMap((s) => s.output.extraFlags.map((f) => f.id)));
  const extraFlags = [...extraIds].flatMap((id) => {
    const proposing = samples.filter((s) => s.output.extraFlags.some((f) => f.id === id));
    return majority(proposing.length, k) ? proposing[0]!.output.extraFlags.filter((f) => f.id === id) : [];
  });

  const evidenceStack = EVIDENCE_STACK_STEPS.map((step) => ({
    step,
    present: majority(samples.filter((s) => s.output.evidenceStack[step] === true).length, k),
  }));
  return { dimensions, verdicts, extraFlags, evidenceStack };
}
