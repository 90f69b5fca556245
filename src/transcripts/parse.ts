import { TranscriptFormatError } from '../grading/errors.js';
import type { Transcript } from '../grading/request.js';
import { findFillers, nonEvidenceSpans } from './fillers.js';
import { parseDialogue } from './dialogue.js';
import { speechMetrics } from './speech.js';
import { parseSrt } from './srt.js';
import type { ParsedTranscript } from './types.js';
import { parseVtt } from './vtt.js';

/**
 * A transcript, in any supported format, reduced to the candidate's words, the questions, and
 * delivery metrics. Expects normalised text (LF line endings). Throws TranscriptFormatError.
 */
export function parseTranscript(t: Transcript): ParsedTranscript {
  switch (t.format) {
    case 'plain':
      if (t.interviewer !== undefined) {
        throw new TranscriptFormatError('`interviewer` names a speaker, but a plain transcript has no speaker labels: use format "dialogue", "vtt" or "srt"');
      }
      return parsePlain(t.text);
    case 'dialogue':
      return parseDialogue(t.text, t.interviewer);
    case 'vtt':
      return parseVtt(t.text, t.interviewer);
    case 'srt':
      return parseSrt(t.text, t.interviewer);
  }
}

/** Unlabelled speech: all of it is the candidate's; no timings. */
function parsePlain(raw: string): ParsedTranscript {
  const text = raw.trim();
  const fillers = findFillers(text);
  return { text, segments: null, speech: speechMetrics(text, fillers, null), fillers: nonEvidenceSpans(text, fillers) };
}
