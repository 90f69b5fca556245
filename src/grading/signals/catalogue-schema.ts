import { z } from 'zod';
import { Severity } from '../evaluation.js';

/**
 * Schemas of the signal catalogues in rubrics/signals/: flags.yaml, strengths.yaml and
 * technologies.yaml. Patterns are regex sources, compiled once at load by catalogue.ts
 * (macros expanded, unbounded quantifiers rejected, matched case-insensitively).
 */

const Id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase id like "tool-list"');
const Source = z.string().min(1, 'a pattern cannot be empty');

/** Where a match's context is looked at: the sentence around it, its parts, or more. */
export const GuardScope = z.enum(['before', 'after', 'sentence', 'following', 'neighbourhood', 'text']);
export type GuardScope = z.infer<typeof GuardScope>;

/** How much text a flagged match removes from evidence. */
export const ExcludeScope = z.enum(['none', 'match', 'sentence', 'paragraph']);
export type ExcludeScope = z.infer<typeof ExcludeScope>;

/** `folded`: zero-width characters removed, spaced-out letters joined, whitespace collapsed. */
export const View = z.enum(['text', 'folded']);

const Guard = z.object({ scope: GuardScope, re: Source }).strict();

const PatternEntry = z.union([
  Source,
  z.object({ re: Source, view: View.optional(), exclude: ExcludeScope.optional() }).strict(),
]);

const Common = {
  id: Id,
  label: z.string().min(1),
  severity: Severity,
  advice: z.string().min(1),
};

const TechnologyRun = z
  .object({
    type: z.literal('technology-run'),
    minRun: z.number().int().min(2),
    /** What may stand between two technology names of one run (after the optional version number). */
    gap: Source,
  })
  .strict();

const ManagementOnly = z
  .object({
    type: z.literal('management-only'),
    management: Source,
    technical: Source,
    minManagementSentences: z.number().int().min(1),
    /** Technical mentions (terms plus technology names) at or below which the answer counts as non-technical. */
    maxTechnicalMentions: z.number().int().min(0),
    minManagementShare: z.number().min(0).max(1),
  })
  .strict();

/** Delivery findings (filler-heavy, pace) decided by src/transcripts/delivery.ts from rubrics/signals/fillers.yaml. */
const Delivery = z.object({ type: z.literal('delivery') }).strict();

export const SpanRule = z
  .object({
    ...Common,
    kind: z.literal('span'),
    exclude: ExcludeScope.default('none'),
    maxHits: z.number().int().min(1).optional(),
    patterns: z.array(PatternEntry).default([]),
    detector: TechnologyRun.optional(),
    /** The hit is dropped when any of these matches in its scope (near misses, negations). */
    unless: z.array(Guard).default([]),
    /** The hit is kept only when every one of these matches in its scope. */
    requires: z.array(Guard).default([]),
  })
  .strict()
  .refine((r) => r.patterns.length > 0 || r.detector !== undefined, {
    message: 'a span rule needs patterns or a detector',
    path: ['patterns'],
  });

export const WholeRule = z
  .object({ ...Common, kind: z.literal('whole'), detector: z.discriminatedUnion('type', [ManagementOnly, Delivery]) })
  .strict();

export const AbsenceRule = z
  .object({
    ...Common,
    kind: z.literal('absence'),
    /** The flag is silenced by any of these evidence cues (rubrics/signals/cues.yaml ids)… */
    absentUnless: z
      .object({
        cues: z.array(Id).default([]),
        /** Cue hits below this weight (abstract claims such as "I always weigh trade-offs") do not count. */
        minWeight: z.number().min(0).max(1).default(0.5),
        patterns: z.array(Source).default([]),
      })
      .strict()
      .refine((a) => a.cues.length + a.patterns.length > 0, { message: 'list at least one cue or pattern' }),
    /** …and raised only when this pattern occurs at least `minCount` times (e.g. "we" for attribution). */
    onlyIf: z.object({ re: Source, minCount: z.number().int().min(1) }).strict().optional(),
  })
  .strict();

export const FlagRule = z.discriminatedUnion('kind', [SpanRule, WholeRule, AbsenceRule]);
export type FlagRule = z.infer<typeof FlagRule>;
export type SpanRule = z.infer<typeof SpanRule>;
export type WholeRule = z.infer<typeof WholeRule>;
export type AbsenceRule = z.infer<typeof AbsenceRule>;

const Macros = z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'macro names are camelCase words'), Source).default({});

export const FlagCatalogue = z
  .object({
    macros: Macros,
    defaults: z.object({ maxHits: z.number().int().min(1) }).strict(),
    flags: z.array(FlagRule).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.flags.map((f) => f.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['flags', i, 'id'], message: `duplicate flag id "${id}"` });
    });
  });
export type FlagCatalogue = z.infer<typeof FlagCatalogue>;

export const StrengthRule = z
  .object({
    id: Id,
    label: z.string().min(1),
    patterns: z.array(Source).min(1),
    /** `required`: the rest of the sentence must carry specifics (see `specifics`). */
    specifics: z.enum(['required', 'none']).default('required'),
  })
  .strict();
export type StrengthRule = z.infer<typeof StrengthRule>;

export const StrengthCatalogue = z
  .object({
    macros: Macros,
    maxPerStrength: z.number().int().min(1),
    maxQuoteChars: z.number().int().min(20),
    specifics: z
      .object({
        minContentWords: z.number().int().min(1),
        stopwords: z.array(z.string().min(1).toLowerCase()).min(1),
        /** Any of these in the rest of the sentence is a specific (numbers, named teams, systems). */
        markers: z.array(Source).min(1),
        /** Matched case-sensitively: capitalised names and acronyms ("Postgres", "the SRE rota"). */
        namedMarkers: z.array(Source).default([]),
      })
      .strict(),
    strengths: z.array(StrengthRule).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.strengths.map((s) => s.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['strengths', i, 'id'], message: `duplicate strength id "${id}"` });
    });
  });
export type StrengthCatalogue = z.infer<typeof StrengthCatalogue>;

/** Technology names: `terms` match in any case; `caseSensitive` ones are also English words ("Go", "React"). */
export const TechnologyLexicon = z
  .object({
    terms: z.array(z.string().trim().min(1)).min(1),
    caseSensitive: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();
export type TechnologyLexicon = z.infer<typeof TechnologyLexicon>;
