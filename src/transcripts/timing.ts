import { TranscriptFormatError } from '../grading/errors.js';
import type { Interval } from './assemble.js';

/** WebVTT: `[hh:]mm:ss.ttt`; SRT: `hh:mm:ss,ttt` (a dot is accepted too). */
const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})$/;
const ARROW = /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/;

export const isTimingLine = (line: string) => line.includes('-->');

function seconds(m: RegExpExecArray): number {
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/**
 * Parses a cue timing line. Throws a TranscriptFormatError naming the line when a timestamp is
 * malformed or the cue ends before it starts.
 */
export function parseTiming(line: string, lineNo: number, format: 'vtt' | 'srt'): Interval {
  const pattern = format === 'vtt' ? VTT_TIME : SRT_TIME;
  const example = format === 'vtt' ? '00:01:02.500 --> 00:01:05.000' : '00:01:02,500 --> 00:01:05,000';
  const m = ARROW.exec(line);
  if (!m) throw new TranscriptFormatError(`line ${lineNo}: bad cue timing "${line.trim()}" (expected like "${example}")`);
  const [, from, to] = m;
  const start = pattern.exec(from!);
  const end = pattern.exec(to!);
  for (const [stamp, parsed] of [[from!, start], [to!, end]] as const) {
    if (!parsed) throw new TranscriptFormatError(`line ${lineNo}: bad timestamp "${stamp}" in cue timing (expected like "${example}")`);
  }
  const interval = { start: seconds(start!), end: seconds(end!) };
  if (interval.end < interval.start) {
    throw new TranscriptFormatError(`line ${lineNo}: the cue ends (${to}) before it starts (${from})`);
  }
  return interval;
}
