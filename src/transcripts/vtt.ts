import { TranscriptFormatError } from '../grading/errors.js';
import { assemble, type Interval, type Piece } from './assemble.js';
import { cueLines, linePieces, type CueLine } from './cue-text.js';
import { dropRollUp } from './rollup.js';
import { isTimingLine, parseTiming } from './timing.js';
import type { ParsedTranscript } from './types.js';

export interface Block {
  /** 1-based number of the block's first line. */
  line: number;
  lines: string[];
}

/**
 * Splits a text into blocks of non-blank lines (a line of only spaces is blank), except that a
 * line of spaces right after a timing line and before more text belongs to the cue: YouTube's
 * auto-captions start cues that way (" " as an empty first line, then the words).
 */
export function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      const next = lines[i + 1];
      const inCue = line !== '' && current !== null && isTimingLine(current.lines[current.lines.length - 1]!) && next !== undefined && next.trim() !== '' && !isTimingLine(next);
      if (!inCue) current = null;
      return;
    }
    if (!current) {
      current = { line: i + 1, lines: [] };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

export interface Cue {
  interval: Interval;
  lines: CueLine[];
}

/** The cue whose timing line is `block.lines[at]`: shared by WebVTT and SRT. */
export function timedCue(block: Block, at: number, format: 'vtt' | 'srt'): Cue {
  const interval = parseTiming(block.lines[at]!, block.line + at, format);
  const payload = block.lines.slice(at + 1);
  const inner = payload.findIndex(isTimingLine);
  if (inner >= 0) {
    throw new TranscriptFormatError(`line ${block.line + at + 1 + inner}: a cue timing line inside a cue's text (is a blank line missing between cues?)`);
  }
  return { interval, lines: cueLines(payload, block.line + at + 1) };
}

/** Cues as pieces, roll-up repetition removed (see rollup.ts). */
export function cuesToPieces(cues: Cue[]): Piece[] {
  return dropRollUp(cues).flatMap((c) => linePieces(c.lines, c.interval));
}

/**
 * WebVTT (https://www.w3.org/TR/webvtt1/): the `WEBVTT` header, then cues (optional identifier,
 * timing line with optional cue settings, one or more lines of text). NOTE, STYLE and REGION
 * blocks are skipped.
 */
export function parseVtt(text: string, interviewer?: string): ParsedTranscript {
  const all = blocks(text);
  const header = all[0];
  if (!header || !/^WEBVTT(?:[ \t]|$)/.test(header.lines[0]!) || header.line !== 1) {
    throw new TranscriptFormatError('line 1: a WebVTT file must start with "WEBVTT"');
  }
  // The header block may carry the first cue when no blank line follows "WEBVTT" metadata: not allowed.
  const badHeaderLine = header.lines.findIndex((l) => isTimingLine(l));
  if (badHeaderLine >= 0) {
    throw new TranscriptFormatError(`line ${header.line + badHeaderLine}: a blank line must separate the WEBVTT header from the first cue`);
  }
  const cues: Cue[] = [];
  let emptyCue: Cue | null = null;
  for (const block of all.slice(1)) {
    const first = block.lines[0]!;
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const at = isTimingLine(first) ? 0 : block.lines.length > 1 && isTimingLine(block.lines[1]!) ? 1 : -1;
    if (at < 0 && emptyCue && !block.lines.some(isTimingLine)) {
      // Words cut off from their cue by an empty line: YouTube's " " first cue line with its
      // space stripped (by an editor or a paste). They are the empty cue's text.
      emptyCue.lines = cueLines(block.lines, block.line);
      emptyCue = null;
      continue;
    }
    if (at < 0) {
      throw new TranscriptFormatError(
        `line ${block.line}: expected a cue timing line like "00:00:01.000 --> 00:00:04.000", found "${first.trim().slice(0, 80)}"`,
      );
    }
    const cue = timedCue(block, at, 'vtt');
    cues.push(cue);
    emptyCue = at === block.lines.length - 1 ? cue : null;
  }
  if (cues.length === 0) throw new TranscriptFormatError('no cues: the WebVTT file has a header but no timed cues');
  return assemble(cuesToPieces(cues), { interviewer, joiner: ' ', leading: 'keep', format: 'WebVTT', timed: true });
}
