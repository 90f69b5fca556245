import { TranscriptFormatError } from '../grading/errors.js';
import { assemble, labelPiece } from './assemble.js';
import { isRoleLabel, speakerKey, splitLabel } from './speakers.js';
import type { ParsedTranscript } from './types.js';

/**
 * A dialogue: lines that start with a speaker label (`Interviewer:`/`Candidate:`,
 * `Interviewer:`/`Interviewee:`, `Q:`/`A:`, or names). A line without a label continues the turn
 * above it; blank lines are ignored; unlabelled lines before the first label (a title) are dropped.
 */
export function parseDialogue(text: string, interviewer?: string): ParsedTranscript {
  const pieces = text
    .split('\n')
    .map((line, i) => labelPiece(line, i + 1, null))
    .filter((p) => p.full.trim() !== '');
  if (!pieces.some((p) => p.label !== null)) {
    throw new TranscriptFormatError(
      'no speaker labels: a dialogue transcript needs lines that start with a speaker, like "Interviewer: ..." and "Candidate: ..." (use format "plain" for unlabelled speech)',
    );
  }
  return assemble(pieces, { interviewer, joiner: '\n', leading: 'drop', format: 'dialogue', timed: false });
}

/**
 * Content sniffing for `.txt` files and stdin: does this read as a dialogue rather than a written
 * answer? A labelled line within the first three, and either two speakers who are role words or
 * speak more than once, or (a short exchange) two labels on at least half of the lines.
 * "Result: ..." once in an essay is not a dialogue.
 */
export function looksLikeDialogue(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const labels = lines.map((l) => splitLabel(l).label);
  const given = labels.filter((l): l is string => l !== null);
  if (!labels.slice(0, 3).some((l) => l !== null)) return false;
  const counts = new Map<string, number>();
  for (const l of given) counts.set(speakerKey(l), (counts.get(speakerKey(l)) ?? 0) + 1);
  const strong = [...counts].filter(([key, n]) => n >= 2 || isRoleLabel(key)).length;
  return strong >= 2 || (counts.size >= 2 && given.length * 2 >= lines.length);
}
