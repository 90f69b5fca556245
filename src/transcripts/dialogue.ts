import { TranscriptFormatError } from '../grading/errors.js';
import { assemble, labelPiece, pieceSpeakers, type Interval, type Piece } from './assemble.js';
import { isOtterNoise, speakerHeaders, type SpeakerHeader } from './headers.js';
import { isRoleLabel, speakerKey, splitLabel } from './speakers.js';
import type { ParsedTranscript } from './types.js';

/**
 * A dialogue: lines that start with a speaker label (`Interviewer:`/`Candidate:`,
 * `Interviewer:`/`Interviewee:`, `Q:`/`A:`, or names), or transcription-service exports with the
 * speaker and a timestamp on a line of their own (Otter.ai `Jane Doe  0:09`, Rev
 * `Jane Doe (00:09):`, see headers.ts). A line without a label continues the turn above it; blank
 * lines are ignored; unlabelled lines before the first label (a title) are dropped. An export's
 * header timestamps time the turns (see headerTurns), so its speech has a pace.
 */
export function parseDialogue(text: string, interviewer?: string): ParsedTranscript {
  const lines = text.split('\n');
  const headers = speakerHeaders(lines);
  // Otter marks speakers only with header lines: "Result: it worked" in a paragraph is words.
  const otter = headers.some((h) => h?.kind === 'otter');
  const turns = headerTurns(headers);
  let turn: Interval | null = null;
  const pieces = lines
    .map((line, i): Piece | null => {
      const h = headers[i];
      if (h) {
        turn = turns?.get(i) ?? null;
        return { label: h.label, text: h.rest, full: line, explicit: true, interval: turn, line: i + 1 };
      }
      if (isOtterNoise(line, otter)) return null;
      return otter ? { label: null, text: line, full: line, explicit: false, interval: turn, line: i + 1 } : labelPiece(line, i + 1, turn);
    })
    .filter((p): p is Piece => p !== null && p.full.trim() !== '');
  if (!pieces.some((p) => p.label !== null)) {
    throw new TranscriptFormatError(
      'no speaker labels: a dialogue transcript needs lines that start with a speaker, like "Interviewer: ..." and "Candidate: ..." (use format "plain" for unlabelled speech)',
    );
  }
  // A `Name:` line that turns out to be a speaker changes turns without a timestamp: the header
  // times no longer bound the turns, so the transcript stays untimed.
  const speakers = turns ? pieceSpeakers(pieces) : null;
  const timed = speakers !== null && !pieces.some((p) => !p.explicit && p.label !== null && speakers.has(speakerKey(p.label)));
  return assemble(pieces, { interviewer, joiner: '\n', leading: 'drop', format: 'dialogue', timed });
}

/**
 * The turns an export's header timestamps bound, by header line: a turn lasts from its header's
 * time to the next header's, whoever speaks next. The last turn's end is not written down, so it
 * gets no interval: assemble times its words at the candidate's pace over the timed turns
 * (speakingSeconds). Null, and the transcript untimed, with fewer than two headers or a timestamp
 * that does not move forward (a turn back in time or of 0 s).
 */
function headerTurns(headers: (SpeakerHeader | null)[]): Map<number, Interval | null> | null {
  const marks = headers.flatMap((h, i) => (h ? [{ i, seconds: h.seconds }] : []));
  if (marks.length < 2 || marks.some((m, k) => k > 0 && !(m.seconds > marks[k - 1]!.seconds))) return null;
  return new Map(marks.map((m, k) => [m.i, k + 1 < marks.length ? { start: m.seconds, end: marks[k + 1]!.seconds } : null]));
}

/**
 * Content sniffing for `.txt` files and stdin: does this read as a dialogue rather than a written
 * answer? A labelled line within the first three, and either two speakers who are role words or
 * speak more than once, or (a short exchange) two labels on at least half of the lines.
 * "Result: ..." once in an essay is not a dialogue. An Otter or Rev export is one when it has two
 * speaker headers with timestamps that never go back, the first within the first three lines
 * (Otter headers after a blank line, as Otter writes them), and either starts within the first
 * minute or has a speaker who speaks twice.
 */
export function looksLikeDialogue(text: string): boolean {
  if (looksLikeExport(text.split('\n'))) return true;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const labels = lines.map((l) => splitLabel(l).label);
  const given = labels.filter((l): l is string => l !== null);
  if (!labels.slice(0, 3).some((l) => l !== null)) return false;
  const counts = new Map<string, number>();
  for (const l of given) counts.set(speakerKey(l), (counts.get(speakerKey(l)) ?? 0) + 1);
  const strong = [...counts].filter(([key, n]) => n >= 2 || isRoleLabel(key)).length;
  return strong >= 2 || (counts.size >= 2 && given.length * 2 >= lines.length);
}

function looksLikeExport(lines: string[]): boolean {
  const found = speakerHeaders(lines).flatMap((h, i) =>
    h && (h.kind === 'rev' || i === 0 || lines[i - 1]!.trim() === '') ? [{ seconds: h.seconds, label: h.label, i }] : [],
  );
  if (found.length < 2) return false;
  const before = lines.slice(0, found[0]!.i).filter((l) => l.trim() !== '').length;
  // A recording starts near 0:00, and its speakers come back; headings with clock times
  // ("Kickoff  9:00", "Review  10:30") do neither.
  const recording = found[0]!.seconds < EXPORT_START_MAX_SEC || new Set(found.map((h) => h.label)).size < found.length;
  return before < 3 && recording && found.every((h, k) => k === 0 || h.seconds >= found[k - 1]!.seconds);
}

/** An export whose first speaker starts later than this (seconds) is only sniffed when a speaker recurs. */
const EXPORT_START_MAX_SEC = 60;
