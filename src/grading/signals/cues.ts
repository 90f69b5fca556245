// TEMPORARY interface stub, replaced by the cue catalogue implementation.
import { EVIDENCE_STACK_STEPS, type EvidenceStackStep } from '../evaluation.js';
import type { CueHit } from './types.js';

export function findCues(_text: string, _excluded: { start: number; end: number }[]): CueHit[] {
  return [];
}

export function evidenceStackFrom(_cues: CueHit[]): { step: EvidenceStackStep; present: boolean }[] {
  return EVIDENCE_STACK_STEPS.map((step) => ({ step, present: false }));
}
