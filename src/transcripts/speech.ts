import type { Speech } from '../grading/evaluation.js';
import type { FillerSpan } from './fillers.js';
import { countWords } from './words.js';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Delivery metrics for the candidate's words. Fillers are spoken words, so they count in
 * `words`. `durationSec` is the candidate's own speaking time (null without timings), from which
 * the per-minute rates come. Rates are rounded to one decimal, durations to the millisecond.
 */
export function speechMetrics(text: string, fillers: readonly FillerSpan[], durationSec: number | null): Speech {
  const words = countWords(text);
  const hardFillers = fillers.filter((f) => f.kind === 'hard').length;
  const fillerCount = fillers.length;
  const minutes = durationSec !== null && durationSec > 0 ? durationSec / 60 : null;
  return {
    words,
    fillerCount,
    fillerRate: words > 0 ? round((fillerCount / words) * 100, 1) : 0,
    durationSec: durationSec === null ? null : round(durationSec, 3),
    wordsPerMinute: minutes === null ? null : round(words / minutes, 1),
    hardFillers,
    softFillers: fillerCount - hardFillers,
    fillersPerMinute: minutes === null ? null : round(fillerCount / minutes, 1),
  };
}

/**
 * The candidate's speaking time when some of their words have no known time (the last turn of an
 * Otter/Rev export, whose end is not written down): the timed words' time, plus the untimed words
 * at the pace measured over the timed ones. So words a minute is exactly the measured pace, and
 * fillers a minute count every filler over the time all the words take. Null when no word is timed.
 * With every word timed (subtitles) it is `timedSec` unchanged.
 */
export function speakingSeconds(timedSec: number, timedWords: number, untimedWords: number): number | null {
  if (untimedWords === 0) return timedSec;
  if (timedWords <= 0 || !(timedSec > 0)) return null;
  return timedSec + (untimedWords * timedSec) / timedWords;
}

/** Total time covered by a set of intervals, overlaps counted once (rolling captions overlap). */
export function coveredSeconds(intervals: { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const iv of sorted) {
    if (iv.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = iv.start;
      curEnd = iv.end;
    } else {
      curEnd = Math.max(curEnd, iv.end);
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
