// TEMPORARY interface stub, replaced by the strengths catalogue implementation.
import type { Strength } from '../evaluation.js';
import type { CueHit } from './types.js';

export function findStrengths(_text: string, _cues: CueHit[]): Strength[] {
  return [];
}
