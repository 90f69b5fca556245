import type { EngineInfo, Flag, Strength, Usage, Segment, EvidenceStackStep } from './evaluation.js';
import type { Rubric } from './rubric.js';
import type { Signals } from './signals/types.js';

/** Evidence as an engine proposes it: a quote, with offsets when the engine knows them. */
export interface DraftEvidence {
  quote: string;
  start?: number | null;
  end?: number | null;
}

export interface EngineDimension {
  id: string;
  score: number;
  rationale: string;
  evidence: DraftEvidence[];
  spread?: { min: number; max: number; samples: number[] } | null;
  expectedScore?: number | null;
}

/** One improvement, with the points it would likely gain (used to order the advice). */
export interface AdviceItem {
  text: string;
  gain: number;
}

export interface GradeInput {
  /** The exact candidate text; all offsets index into it. */
  text: string;
  question: string | null;
  rubric: Rubric;
  /** Deterministic signals found before grading (cues, candidate flags, strengths). */
  signals: Signals;
  /** For transcripts: the interviewer's questions and the answer spans. */
  segments: Segment[] | null;
  signal?: AbortSignal;
}

export interface EngineResult {
  engine: EngineInfo;
  dimensions: EngineDimension[];
  flags: Flag[];
  strengths: Strength[];
  evidenceStack: { step: EvidenceStackStep; present: boolean }[];
  advice: AdviceItem[];
  usage: Usage | null;
  warnings: string[];
}

export interface Engine {
  readonly kind: 'llm' | 'heuristic';
  /** A short description for /readyz and logs, e.g. the model name. */
  readonly describe: string;
  grade(input: GradeInput): Promise<EngineResult>;
}
