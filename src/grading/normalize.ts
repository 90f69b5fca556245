import type { Segment, Speech } from './evaluation.js';
import type { EvaluationRequest } from './request.js';
import { nonEvidenceSpans } from '../transcripts/fillers.js';
import { parseTranscript } from '../transcripts/parse.js';
import { isAscii } from '../transcripts/words.js';

export interface NormalizedInput {
  text: string;
  question: string | null;
  segments: Segment[] | null;
  speech: Speech | null;
  /** Spans never to be used as evidence (fillers, false starts). */
  fillers: { start: number; end: number }[];
}

/** Line endings and Unicode form are normalised so offsets are stable across clients. */
export function normalizeText(s: string): string {
  // Most answers are ASCII (no BOM, already NFC) with \n line endings: nothing to rewrite.
  const ascii = isAscii(s);
  if (ascii && !s.includes('\r')) return s;
  const lf = s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return ascii ? lf : lf.normalize('NFC');
}

/** Input stage: a request becomes the exact text to grade plus its context. */
export function normalizeInput(req: EvaluationRequest): NormalizedInput {
  const question = req.question?.trim() ? normalizeText(req.question.trim()) : null;
  if (req.transcript) {
    const parsed = parseTranscript({ ...req.transcript, text: normalizeText(req.transcript.text) });
    const firstQuestion = parsed.segments?.find((s) => s.question)?.question ?? null;
    return { ...parsed, question: question ?? firstQuestion };
  }
  // A written answer has no delivery metrics (speech: null), but a pasted transcript can still
  // hold fillers and false starts, which must not count as evidence.
  const text = normalizeText(req.answer ?? '');
  return { text, question, segments: null, speech: null, fillers: nonEvidenceSpans(text) };
}
