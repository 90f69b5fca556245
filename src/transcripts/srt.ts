import { TranscriptFormatError } from '../grading/errors.js';
import { assemble } from './assemble.js';
import { isTimingLine } from './timing.js';
import type { ParsedTranscript } from './types.js';
import { blocks, cuesToPieces, timedCue, type Cue } from './vtt.js';

/** SubRip: numbered cues, each a `00:00:01,000 --> 00:00:04,000` timing line and lines of text. */
export function parseSrt(text: string, interviewer?: string): ParsedTranscript {
  if (/^WEBVTT(?:[ \t\n]|$)/.test(text)) {
    throw new TranscriptFormatError('line 1: this is a WebVTT file ("WEBVTT" header), not SRT: use format "vtt"');
  }
  const cues: Cue[] = [];
  for (const block of blocks(text)) {
    const first = block.lines[0]!.trim();
    let at: number;
    if (isTimingLine(first)) at = 0;
    else if (/^\d+$/.test(first)) {
      if (block.lines.length < 2 || !isTimingLine(block.lines[1]!)) {
        throw new TranscriptFormatError(`line ${block.line + 1}: cue ${first} has no timing line (expected like "00:00:01,000 --> 00:00:04,000")`);
      }
      at = 1;
    } else {
      throw new TranscriptFormatError(`line ${block.line}: expected a cue number or a timing line, found "${first.slice(0, 80)}"`);
    }
    cues.push(timedCue(block, at, 'srt'));
  }
  if (cues.length === 0) throw new TranscriptFormatError('no cues: the SRT file has no timed cues');
  return assemble(cuesToPieces(cues), { interviewer, joiner: ' ', leading: 'keep', format: 'SRT', timed: true });
}
