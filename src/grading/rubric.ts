import { z } from 'zod';
import { EvidenceStackStep } from './evaluation.js';

/**
 * The schema of a rubric file (`rubrics/*.yaml`). Rubrics are data: the engines read their
 * dimensions, level descriptions, bands and heuristic cue weights from here.
 */

const Id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase id like "production-ownership"');

export const RubricLevels = z
  .object({ 1: z.string().min(1), 2: z.string().min(1), 3: z.string().min(1), 4: z.string().min(1), 5: z.string().min(1) })
  .strict();

export const RubricDimension = z
  .object({
    id: Id,
    name: z.string().min(1),
    group: Id.describe('Which layer of the scope / judgment / leverage model this dimension belongs to'),
    summary: z.string().min(1),
    levels: RubricLevels,
    /** Heuristic engine: which evidence cues feed this dimension, and how much each is worth. */
    heuristic: z
      .object({
        cues: z.array(z.object({ cue: Id, points: z.number().positive().max(4) }).strict()).min(1),
        flags: z.array(Id).default([]).describe('Weak-signal flags that drag this dimension down'),
        advice: z.string().min(1).describe('What to add when this dimension scores low'),
      })
      .strict(),
  })
  .strict();
export type RubricDimension = z.infer<typeof RubricDimension>;

export const RubricBand = z
  .object({
    id: Id,
    min: z.number().int(),
    max: z.number().int(),
    label: z.string().min(1),
    interpretation: z.string().min(1),
  })
  .strict();

/**
 * Heuristic engine: how evidence points become a 1-5 score, and what weak signals cost.
 * Optional; the engine's defaults (src/grading/heuristic/scoring.ts) apply when absent.
 */
export const HeuristicScoring = z
  .object({
    thresholds: z
      .array(z.number().positive())
      .length(4)
      .refine((t) => t.every((x, i) => i === 0 || x > t[i - 1]!), 'must be strictly ascending')
      .describe('Evidence points needed for scores 2, 3, 4 and 5'),
    penalties: z
      .object({ info: z.number().int().min(0).max(4), warning: z.number().int().min(0).max(4), critical: z.number().int().min(0).max(4) })
      .strict()
      .describe('Score levels a weak-signal flag with a quote costs its dimension, by severity'),
    absencePenalties: z
      .object({ info: z.number().int().min(0).max(4), warning: z.number().int().min(0).max(4), critical: z.number().int().min(0).max(4) })
      .strict()
      .describe('The same for flags about something missing (no quote)'),
    claimLiftBudget: z
      .number()
      .int()
      .min(0)
      .max(5)
      .describe('How many score levels abstract claims ("I always think about trade-offs") may add to the whole answer'),
  })
  .strict();
export type HeuristicScoring = z.infer<typeof HeuristicScoring>;

export const RubricFile = z
  .object({
    id: Id,
    name: z.string().min(1),
    version: z.string().min(1).describe('Declared version; the loaded version also carries the file hash'),
    description: z.string().min(1),
    source: z.string().min(1),
    groups: z.array(z.object({ id: Id, name: z.string(), question: z.string() }).strict()).min(1),
    dimensions: z.array(RubricDimension).min(1),
    bands: z.array(RubricBand).min(1),
    evidenceStack: z
      .array(z.object({ step: EvidenceStackStep, question: z.string().min(1) }).strict())
      .length(8),
    heuristicScoring: HeuristicScoring.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const dimIds = r.dimensions.map((d) => d.id);
    dimIds.forEach((id, i) => {
      if (dimIds.indexOf(id) !== i) issue(['dimensions', i, 'id'], `duplicate dimension id "${id}"`);
    });
    const groupIds = new Set(r.groups.map((g) => g.id));
    r.dimensions.forEach((d, i) => {
      if (!groupIds.has(d.group)) issue(['dimensions', i, 'group'], `unknown group "${d.group}"`);
    });
    // Bands must tile [n, 5n] exactly, in order, so every total has exactly one band.
    const n = r.dimensions.length;
    let next = n;
    r.bands.forEach((b, i) => {
      if (b.min !== next) issue(['bands', i, 'min'], `expected ${next} (bands must cover ${n}..${5 * n} without gaps)`);
      if (b.max < b.min) issue(['bands', i, 'max'], 'max is below min');
      next = b.max + 1;
    });
    if (next !== 5 * n + 1) issue(['bands'], `bands must end at ${5 * n} (5 × ${n} dimensions)`);
    const steps = r.evidenceStack.map((s) => s.step).join();
    if (steps !== EvidenceStackStep.options.join()) {
      issue(['evidenceStack'], `steps must be, in order: ${EvidenceStackStep.options.join(', ')}`);
    }
  });
export type RubricFile = z.infer<typeof RubricFile>;

/** A loaded rubric: the file's content plus its content-derived version. */
export type Rubric = RubricFile & { file: string };
