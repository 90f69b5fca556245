import type { EvidenceStackStep, Flag, Strength } from '../evaluation.js';

/** One place where an evidence cue (rubrics/signals/cues.yaml) matched. */
export interface CueHit {
  cue: string;
  quote: string;
  start: number;
  end: number;
  /** 1 for concrete narrative; less for abstract claims ("I always think about trade-offs"). */
  weight: number;
}

/** What the deterministic detector finds in a text, before any engine grades it. */
export interface Signals {
  cues: CueHit[];
  /** Weak signals: span flags with exact offsets, and absence flags judged on the whole text. */
  flags: Flag[];
  strengths: Strength[];
  evidenceStack: { step: EvidenceStackStep; present: boolean }[];
  /** Spans that must never count as evidence (instructions to the grader, tool lists, fillers). */
  excluded: { start: number; end: number; reason: string }[];
}
