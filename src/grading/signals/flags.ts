// TEMPORARY interface stub, replaced by the flag catalogue implementation.
import type { Flag } from '../evaluation.js';
import type { Rubric } from '../rubric.js';
import type { CueHit } from './types.js';

export function findSpanFlags(_text: string, _rubric: Rubric): { flags: Flag[]; excluded: { start: number; end: number; reason: string }[] } {
  return { flags: [], excluded: [] };
}

export function findAbsenceFlags(_text: string, _rubric: Rubric, _cues: CueHit[], _ctx: { question: string | null }): Flag[] {
  return [];
}
