// TEMPORARY interface stub, replaced by the transcript parsers.
import type { Transcript } from '../grading/request.js';
import type { ParsedTranscript } from './types.js';

export function parseTranscript(t: Transcript): ParsedTranscript {
  return { text: t.text, segments: null, speech: null, fillers: [] };
}
