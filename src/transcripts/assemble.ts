import { TranscriptFormatError } from '../grading/errors.js';
import type { Segment } from '../grading/evaluation.js';
import { findFillers, nonEvidenceSpans } from './fillers.js';
import { chooseSpeakers, resolveInterviewers, speakerKey, splitLabel } from './speakers.js';
import { coveredSeconds, speechMetrics, speakingSeconds } from './speech.js';
import type { ParsedTranscript } from './types.js';
import { countWords } from './words.js';

export interface Interval {
  start: number;
  end: number;
}

/** One stretch of speech before speakers are resolved: a dialogue line or a piece of a cue. */
export interface Piece {
  /** The label as written (`Priya:` prefix or `<v Priya>` voice), or null. */
  label: string | null;
  /** The words after the label. */
  text: string;
  /** The line as written, used when the label turns out not to be a speaker ("Result: ..."). */
  full: string;
  /** A voice tag names its speaker for certain; a `Name:` prefix is checked first. */
  explicit: boolean;
  /** Cue timing in seconds, or null for untimed input (and, in timed input, words whose time is unknown). */
  interval: Interval | null;
  /** 1-based line number, for error messages. */
  line: number;
}

export interface AssembleOptions {
  interviewer?: string | undefined;
  /** How the words of one turn are joined: lines of a dialogue keep their breaks, cues do not. */
  joiner: '\n' | ' ';
  /** Unlabelled lines before the first label: a title to drop (dialogue) or speech to keep (cues). */
  leading: 'drop' | 'keep';
  /** The format's name, for error messages. */
  format: string;
  timed: boolean;
}

interface Turn {
  speaker: string | null;
  parts: string[];
  intervals: Interval[];
  /** Words of pieces without an interval, counted only for timed input. */
  untimedWords: number;
}

/** Splits a line into label and words (see speakers.ts), for the untimed and timed parsers. */
export function labelPiece(line: string, lineNo: number, interval: Interval | null): Piece {
  const { label, rest } = splitLabel(line);
  return { label, text: rest, full: line, explicit: false, interval, line: lineNo };
}

/**
 * Turns pieces into the graded transcript: resolves speakers and the interviewer, keeps only
 * the candidate's words (turns joined with a blank line), and records each question with the span
 * of its answer. Speech metrics use the candidate's own cue time.
 */
export function assemble(pieces: Piece[], options: AssembleOptions): ParsedTranscript {
  const speakers = pieceSpeakers(pieces);
  const names = new Map<string, string>();
  const turns: Turn[] = [];
  let current: Turn | null = null;
  const leadingUnlabelled: Piece[] = [];
  for (const p of pieces) {
    const key = p.label !== null && speakers.has(speakerKey(p.label)) ? speakerKey(p.label) : null;
    const words = (key === null ? p.full : p.text).trim();
    if (key !== null && !names.has(key)) names.set(key, p.label!.trim());
    if (key === null && current === null) {
      leadingUnlabelled.push(p);
      continue;
    }
    if (key !== null && (current === null || current.speaker !== key)) {
      current = { speaker: key, parts: [], intervals: [], untimedWords: 0 };
      turns.push(current);
      if (options.leading === 'keep' && leadingUnlabelled.length > 0 && turns.length === 1) {
        // Unlabelled cues before the first name are the first speaker's.
        for (const lp of leadingUnlabelled.splice(0)) addTo(current, lp.full.trim(), lp.interval, options.timed);
      }
    }
    addTo(current!, words, p.interval, options.timed);
  }
  if (turns.length === 0 && leadingUnlabelled.length > 0) {
    // Nobody is named: everything is the candidate's.
    const only: Turn = { speaker: null, parts: [], intervals: [], untimedWords: 0 };
    for (const lp of leadingUnlabelled) addTo(only, lp.full.trim(), lp.interval, options.timed);
    turns.push(only);
  }

  const joined = turns.map((t) => ({ speaker: t.speaker, text: t.parts.join(options.joiner), intervals: t.intervals, untimedWords: t.untimedWords }));
  const interviewers = resolveInterviewers(joined, options.interviewer, names);
  return build(joined, interviewers, options, names);
}

/** Which labels are speakers: header and voice labels always, `Name:` prefixes by chooseSpeakers. */
export function pieceSpeakers(pieces: Piece[]): Set<string> {
  return chooseSpeakers(
    pieces.filter((p) => p.label !== null && !p.explicit).map((p) => p.label!),
    pieces.filter((p) => p.explicit && p.label !== null).map((p) => p.label!),
  );
}

function addTo(turn: Turn, words: string, interval: Interval | null, timed: boolean) {
  if (words) turn.parts.push(words);
  if (interval) turn.intervals.push(interval);
  else if (timed && words) turn.untimedWords += countWords(words);
}

function build(
  turns: { speaker: string | null; text: string; intervals: Interval[]; untimedWords: number }[],
  interviewers: Set<string>,
  options: AssembleOptions,
  names: Map<string, string>,
): ParsedTranscript {
  const answers: string[] = [];
  const segments: Segment[] = [];
  const intervals: Interval[] = [];
  let untimedWords = 0;
  let offset = 0;
  let question: string[] | null = null;
  let open: Segment | null = null;
  let askedAnything = false;
  for (const t of turns) {
    const isInterviewer = t.speaker !== null && interviewers.has(t.speaker);
    if (isInterviewer) {
      askedAnything = true;
      if (open) question = null;
      open = null;
      if (t.text.trim()) (question ??= []).push(t.text.trim());
      continue;
    }
    const text = t.text.trim();
    if (!text) continue;
    if (answers.length > 0) offset += 2;
    const start = offset;
    answers.push(text);
    offset += text.length;
    intervals.push(...t.intervals);
    untimedWords += t.untimedWords;
    if (open) {
      open.end = offset;
    } else {
      open = { question: question ? question.join(' ') : null, start, end: offset };
      segments.push(open);
    }
  }
  if (answers.length === 0) {
    const who = [...interviewers].map((k) => names.get(k) ?? k).join(', ');
    throw new TranscriptFormatError(
      `no candidate speech: the ${options.format} transcript has no words from the candidate` +
        (who ? ` (every turn is the interviewer's: ${who}; name the interviewer with \`interviewer\` if that is wrong)` : ''),
    );
  }
  const text = answers.join('\n\n');
  const fillers = findFillers(text);
  // Subtitles time every word; a transcript timed by its speaker headers does not time the last turn.
  const durationSec = !options.timed ? null : untimedWords === 0 ? coveredSeconds(intervals) : speakingSeconds(coveredSeconds(intervals), countWords(text) - untimedWords, untimedWords);
  return {
    text,
    segments: askedAnything ? segments : null,
    speech: speechMetrics(text, fillers, durationSec),
    fillers: nonEvidenceSpans(text, fillers),
  };
}
