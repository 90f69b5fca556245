import { join } from 'node:path';
import { z } from 'zod';
import { RubricFileError, type ErrorIssue } from '../errors.js';
import { EvidenceStackStep } from '../evaluation.js';
import type { Rubric } from '../rubric.js';
import { loadYamlFile, RUBRICS_DIR } from '../rubric-registry.js';
import { triggersOf, type Trigger } from './cue-index.js';
import { CueSearchIndex } from './cue-search.js';
import { checkedRegExp, CUE_DIALECT, expandMacros, linearSource, PatternError } from './patterns.js';

/**
 * The evidence-cue catalogue (`rubrics/signals/cues.yaml`): what the detector looks for, as data.
 *
 * Patterns are JavaScript regular expressions, matched case-insensitively at word boundaries, and
 * compiled by patterns.ts in the cue dialect (CUE_DIALECT), whose authoring shorthands are:
 *   - a space matches a run of whitespace (`\s{1,24}`: blanked fillers leave long runs);
 *   - `'` matches a straight or curly apostrophe;
 *   - `{{name}}` is replaced by the catalogue's `macros.name` (e.g. `{{num}}`: a number in words);
 *   - `~N` (N = 1..9) is a bounded gap of up to N words inside one sentence, written between
 *     spaces (`chose ~4 over`); ` ?` makes the whitespace optional (`30 ?%`).
 * Unbounded quantifiers (`*`, `+`, `{n,}`) are rejected at load (patterns.ts): with only bounded
 * repetition over disjoint character classes, no pattern can backtrack catastrophically on adversarial input.
 */

const Id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase id like "tradeoff-named"');
const PatternSource = z.string().min(2);

const CueEntry = z
  .object({
    id: Id,
    label: z.string().min(1),
    step: EvidenceStackStep.describe('The evidence-stack step this cue supports'),
    presentTense: z
      .boolean()
      .default(false)
      .describe('Told in the present by nature ("Now I ..."): a neutral sentence counts in full, a claim still counts little'),
    patterns: z.array(PatternSource).min(1),
    examples: z
      .object({
        match: z.array(z.string().min(1)).min(1),
        noMatch: z.array(z.string().min(1)).default([]),
      })
      .strict(),
  })
  .strict();

const ConcretenessFile = z
  .object({
    weights: z
      .object({
        claim: z.number().gt(0).lt(0.5),
        neutral: z.number().gte(0.5).lt(1),
        concrete: z.literal(1),
      })
      .strict(),
    meta: z.array(PatternSource).min(1).describe('Sentences addressing the grader: never evidence'),
    claim: z.array(PatternSource).min(1).describe('Habitual or abstract self-description'),
    notClaim: z.array(PatternSource).min(1).describe('Overrides `claim`: changed behaviour told as a habit'),
    narrative: z.array(PatternSource).min(1).describe('Past-tense narrative: makes a sentence concrete'),
    specific: z.array(PatternSource).min(1).describe('Measured specifics: make a sentence concrete, even a habitual one'),
    list: z.object({ minCommas: z.number().int().min(2), maxWordsPerItem: z.number().positive() }).strict(),
    maxSentenceChars: z.number().int().min(80).max(2000),
  })
  .strict();

export const CueCatalogueFile = z
  .object({
    version: z.string().min(1),
    macros: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/), z.string().min(1)).default({}),
    concreteness: ConcretenessFile,
    cues: z.array(CueEntry).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.cues.map((x) => x.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['cues', i, 'id'], message: `duplicate cue id "${id}"` });
    });
  });
export type CueCatalogueFile = z.infer<typeof CueCatalogueFile>;

export interface CompiledCue {
  id: string;
  label: string;
  step: EvidenceStackStep;
  presentTense: boolean;
  /** All the cue's patterns as one global, case-insensitive regex (reset `lastIndex` before a scan). */
  regex: RegExp;
  /** The patterns whose first word is unknown, scanned in full; null when every pattern is indexed. */
  residual: RegExp | null;
}

export interface ConcretenessRule {
  /** All the rule's patterns as one case-insensitive regex. */
  regex: RegExp;
  /** The patterns whose first word is unknown, tested on every sentence; null when every pattern is indexed. */
  residual: RegExp | null;
  /** The rule's bit in the cue index, which finds its indexed patterns. */
  bit: number;
}

export interface ConcretenessRules {
  weights: { claim: number; neutral: number; concrete: number };
  meta: ConcretenessRule;
  claim: ConcretenessRule;
  notClaim: ConcretenessRule;
  narrative: ConcretenessRule;
  specific: ConcretenessRule;
  list: { minCommas: number; maxWordsPerItem: number };
  maxSentenceChars: number;
}

export interface CueCatalogue {
  file: string;
  version: string;
  cues: CompiledCue[];
  byId: Map<string, CompiledCue>;
  /** Cue patterns and concreteness rules by the words they can start with (see cue-search.ts). */
  index: CueSearchIndex<CompiledCue>;
  concreteness: ConcretenessRules;
}

/** Expands the cue shorthands (see the file comment) into regex source; throws a PatternError. */
export function expandPattern(source: string): string {
  return linearSource(source.trimEnd(), CUE_DIALECT);
}

/** Why a pattern could backtrack without bound (or is malformed), or null when it is safe. */
export function unboundedQuantifier(source: string): string | null {
  try {
    expandPattern(source);
    return null;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

const BOUNDED = (source: string) => `(?<![\\w'\u2019])(?:${source || '(?!)'})(?![\\w])`;

/** Expands and checks each pattern; a broken one is recorded under `path` and left out. */
function expandAll(sources: string[], path: string, macros: Record<string, string>, issues: ErrorIssue[]): string[] {
  const parts: string[] = [];
  sources.forEach((src, j) => {
    try {
      const expanded = expandPattern(expandMacros(src, macros));
      checkedRegExp(expanded, 'i');
      parts.push(expanded);
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      issues.push({ path: `${path}.${j}`, message: err.message });
    }
  });
  return parts;
}

/**
 * Hands each pattern whose first words are known to `index`; the others, which must be scanned
 * in full, as one regex with `flags` (null when there are none).
 */
function indexed(parts: string[], flags: string, index: (part: string, triggers: Trigger[]) => void): RegExp | null {
  const residual: string[] = [];
  for (const part of parts) {
    const triggers = triggersOf(part);
    if (triggers) index(part, triggers);
    else residual.push(part);
  }
  return residual.length > 0 ? new RegExp(BOUNDED(residual.join('|')), flags) : null;
}

/** Compiles one concreteness rule: its full regex, its indexed patterns, and the rest. */
function compileRule(sources: string[], path: string, bit: number, macros: Record<string, string>, index: CueSearchIndex<CompiledCue>, issues: ErrorIssue[]): ConcretenessRule {
  const parts = expandAll(sources, path, macros, issues);
  const residual = indexed(parts, 'i', (part, triggers) => index.addRule(bit, part, new RegExp(BOUNDED(part), 'iy'), triggers));
  return { regex: new RegExp(BOUNDED(parts.join('|')), 'i'), residual, bit };
}

/** Compiles one cue: its full regex, its indexed (sticky) patterns, and the rest to scan in full. */
function compileCue(c: CueCatalogueFile['cues'][number], i: number, macros: Record<string, string>, index: CueSearchIndex<CompiledCue>, issues: ErrorIssue[]): CompiledCue {
  const parts = expandAll(c.patterns, `cues.${i}.patterns`, macros, issues);
  const cue: CompiledCue = { id: c.id, label: c.label, step: c.step, presentTense: c.presentTense, regex: new RegExp(BOUNDED(parts.join('|')), 'gi'), residual: null };
  cue.residual = indexed(parts, 'gi', (part, triggers) => index.addPattern(cue, part, new RegExp(BOUNDED(part), 'iy'), triggers));
  return cue;
}

/** Loads, validates and compiles a cue catalogue; any problem is a RubricFileError naming file and field. */
export function loadCueCatalogue(file: string = DEFAULT_CUES_FILE): CueCatalogue {
  const data = loadYamlFile(file, CueCatalogueFile);
  const issues: ErrorIssue[] = [];
  const index = new CueSearchIndex<CompiledCue>();
  const cues = data.cues.map((c, i) => compileCue(c, i, data.macros, index, issues));
  const k = data.concreteness;
  const concreteness: ConcretenessRules = {
    weights: k.weights,
    meta: compileRule(k.meta, 'concreteness.meta', 1, data.macros, index, issues),
    claim: compileRule(k.claim, 'concreteness.claim', 2, data.macros, index, issues),
    notClaim: compileRule(k.notClaim, 'concreteness.notClaim', 4, data.macros, index, issues),
    narrative: compileRule(k.narrative, 'concreteness.narrative', 8, data.macros, index, issues),
    specific: compileRule(k.specific, 'concreteness.specific', 16, data.macros, index, issues),
    list: k.list,
    maxSentenceChars: k.maxSentenceChars,
  };
  if (issues.length > 0) throw new RubricFileError(file, issues);
  return { file, version: data.version, cues, byId: new Map(cues.map((c) => [c.id, c])), index, concreteness };
}

export const DEFAULT_CUES_FILE = join(RUBRICS_DIR, 'signals', 'cues.yaml');

let defaultCatalogue: CueCatalogue | null = null;

/** The shipped catalogue, loaded and compiled once per process. */
export function defaultCueCatalogue(): CueCatalogue {
  defaultCatalogue ??= loadCueCatalogue(DEFAULT_CUES_FILE);
  return defaultCatalogue;
}

/**
 * Every cue a rubric's heuristic blocks name must exist in the catalogue. A rubric naming an
 * unknown cue is a broken rubric file: the error names the file and the field.
 */
export function checkRubricCues(rubrics: Rubric[], catalogue: CueCatalogue = defaultCueCatalogue()): void {
  for (const rubric of rubrics) {
    const issues: ErrorIssue[] = [];
    rubric.dimensions.forEach((d, i) =>
      d.heuristic.cues.forEach((c, j) => {
        if (!catalogue.byId.has(c.cue)) {
          issues.push({ path: `dimensions.${i}.heuristic.cues.${j}.cue`, message: `unknown cue "${c.cue}" (not in ${catalogue.file})` });
        }
      }),
    );
    if (issues.length > 0) throw new RubricFileError(rubric.file, issues);
  }
}
