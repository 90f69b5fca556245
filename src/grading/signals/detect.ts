import type { Speech } from '../evaluation.js';
import type { Rubric } from '../rubric.js';
import { evidenceStackFrom, findCues } from './cues.js';
import { findAbsenceFlags, findSpanFlags } from './flags.js';
import { findStrengths } from './strengths.js';
import type { Signals } from './types.js';

export interface DetectOptions {
  question?: string | null;
  /** Spans already known not to be evidence (fillers and false starts in speech). */
  excluded?: { start: number; end: number }[];
  /** Delivery metrics of spoken input (null for written answers), for the filler and pace flags. */
  speech?: Speech | null;
}

/**
 * Signal stage: deterministic, offline, and shared by both engines.
 * Span flags come first, because some of them (instructions to the grader, tool lists) mark
 * text that must not count as evidence; then evidence cues; then what is judged on the whole
 * answer (absence flags, strengths, evidence-stack coverage).
 */
export function detectSignals(text: string, rubric: Rubric, options: DetectOptions = {}): Signals {
  const span = findSpanFlags(text, rubric);
  const excluded = [
    // Object.assign, not `{ ...x, reason }`: V8 takes a slow path for a spread followed by a key.
    ...(options.excluded ?? []).map((x) => Object.assign({}, x, { reason: 'filler' })),
    ...span.excluded,
  ];
  const cues = findCues(text, excluded);
  const flags = [...span.flags, ...findAbsenceFlags(text, rubric, cues, { question: options.question ?? null, speech: options.speech ?? null })];
  return {
    cues,
    flags,
    strengths: findStrengths(text, cues, span.excluded),
    evidenceStack: evidenceStackFrom(cues),
    excluded,
  };
}

/** The rubric dimension a flag drags down: the dimension that lists it, or null. */
export function dimensionForFlag(rubric: Rubric, flagId: string): string | null {
  return rubric.dimensions.find((d) => d.heuristic.flags.includes(flagId))?.id ?? null;
}
