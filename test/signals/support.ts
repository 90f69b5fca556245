import type { Flag } from '../../src/grading/evaluation.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { detectSignals } from '../../src/grading/signals/detect.js';
import { findSpanFlags } from '../../src/grading/signals/flags.js';

export const rubric = loadRubrics().get('senior-swe');

export function spanFlags(text: string): Flag[] {
  return findSpanFlags(text, rubric).flags;
}

/** Ids of the span flags a text raises, after checking every quote is an exact slice of it. */
export function spanIds(text: string): string[] {
  const flags = spanFlags(text);
  for (const f of flags) expectExact(text, f);
  return flags.map((f) => f.id);
}

export function signals(text: string) {
  return detectSignals(text, rubric);
}

export function expectExact(text: string, f: { quote: string | null; start: number | null; end: number | null }): void {
  if (f.quote === null) {
    if (f.start !== null || f.end !== null) throw new Error('absence flag with offsets');
    return;
  }
  if (text.slice(f.start!, f.end!) !== f.quote) {
    throw new Error(`quote ${JSON.stringify(f.quote)} is not text.slice(${f.start}, ${f.end})`);
  }
}

/** Words as counted for rates: runs of letters or digits. */
export const wordCount = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
