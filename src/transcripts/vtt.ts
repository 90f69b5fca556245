import { TranscriptFormatError } from '../grading/errors.js';
import { assemble, type Piece } from './assemble.js';
import { cuePieces } from './cue-text.js';
import { isTimingLine, parseTiming } from './timing.js';
import type { ParsedTranscript } from './types.js';

export interface Block {
  /** 1-based number of the block's first line. */
  line: number;
  lines: string[];
}

/** Splits a text into blocks of non-blank lines (a line of only spaces is blank). */
export function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') {
      current = null;
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

/** The pieces of one cue whose timing line is `block.lines[at]`: shared by WebVTT and SRT. */
export function timedCuePieces(block: Block, at: number, format: 'vtt' | 'srt'): Piece[] {
  const interval = parseTiming(block.lines[at]!, block.line + at, format);
  const payload = block.lines.slice(at + 1);
  const inner = payload.findIndex(isTimingLine);
  if (inner >= 0) {
    throw new TranscriptFormatError(`line ${block.line + at + 1 + inner}: a cue timing line inside a cue's text (is a blank line missing between cues?)`);
  }
  return cuePieces(payload, block.line + at + 1, interval);
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
  const pieces: Piece[] = [];
  let cues = 0;
  for (const block of all.slice(1)) {
    const first = block.lines[0]!;
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const at = isTimingLine(first) ? 0 : block.lines.length > 1 && isTimingLine(block.lines[1]!) ? 1 : -1;
    if (at < 0) {
      throw new TranscriptFormatError(
        `line ${block.line}: expected a cue timing line like "00:00:01.000 --> 00:00:04.000", found "${first.trim().slice(0, 80)}"`,
      );
    }
    cues++;
    pieces.push(...timedCuePieces(block, at, 'vtt'));
  }
  if (cues === 0) throw new TranscriptFormatError('no cues: the WebVTT file has a header but no timed cues');
  return assemble(pieces, { interviewer, joiner: ' ', leading: 'keep', format: 'WebVTT', timed: true });
}
