import type { Segment, Speech } from '../grading/evaluation.js';

/** A transcript reduced to what is graded: the candidate's words only. */
export interface ParsedTranscript {
  /** The candidate's turns joined with blank lines; all offsets index into it. */
  text: string;
  /** The interviewer's questions and the span of each answer in `text`; null when there are none. */
  segments: Segment[] | null;
  /** Spoken-delivery metrics; null for written input. */
  speech: Speech | null;
  /** Spans of `text` that are fillers or false starts: never evidence. */
  fillers: { start: number; end: number }[];
}
