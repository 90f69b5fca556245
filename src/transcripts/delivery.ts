import type { Severity, Speech } from '../grading/evaluation.js';
import { findFillers, type FillerSpan } from './fillers.js';
import { fillerLexicon, type FillerLexicon } from './lexicon.js';
import { countWords } from './words.js';

/**
 * Delivery weak signals, judged against the thresholds in rubrics/signals/fillers.yaml:
 * `filler-heavy` (per minute with timings, per 100 words without) and the `pace-too-fast` /
 * `pace-too-slow` info signals (timed speech only). The flag catalogue supplies label and advice;
 * this decides whether each fires, how severely, and which words to point at.
 */
export type DeliveryFlagId = 'filler-heavy' | 'pace-too-fast' | 'pace-too-slow';

export interface DeliveryFinding {
  id: DeliveryFlagId;
  severity: Severity;
  /** The densest run of fillers, for `filler-heavy`; null for pace (it is about the whole answer). */
  quote: string | null;
  start: number | null;
  end: number | null;
  /** The measurement against the norm, e.g. "7.5 fillers a minute; listeners tolerate about 5". */
  detail: string;
}

/** Longest stretch of text quoted as the example of filler-heavy speech. */
const MAX_QUOTE_CHARS = 160;

/**
 * @param speech the metrics of spoken input, or null for a written answer (judged per 100 words).
 * @param fillers the fillers of `text`, when already found.
 */
export function deliveryFindings(
  text: string,
  speech: Speech | null,
  fillers: readonly FillerSpan[] = findFillers(text),
  lexicon: FillerLexicon = fillerLexicon(),
): DeliveryFinding[] {
  const { fillerHeavy, pace } = lexicon.thresholds;
  const findings: DeliveryFinding[] = [];
  // Most written answers have too few fillers to judge: they are not counted.
  if (fillers.length >= fillerHeavy.minFillers) {
    const words = speech?.words ?? countWords(text);
    const perMinute = speech?.durationSec ? (fillers.length / speech.durationSec) * 60 : null;
    const per100 = words > 0 ? (fillers.length / words) * 100 : 0;
    const [rate, flagAt, severeAt, unit] =
      perMinute !== null
        ? [perMinute, fillerHeavy.perMinute, fillerHeavy.perMinuteSevere, 'a minute']
        : [per100, fillerHeavy.per100Words, fillerHeavy.per100WordsSevere, 'per 100 words'];
    if (rate > flagAt) {
      const run = densestRun(text, fillers);
      findings.push({
        id: 'filler-heavy',
        severity: rate >= severeAt ? 'critical' : 'warning',
        quote: text.slice(run.start, run.end),
        start: run.start,
        end: run.end,
        detail:
          `${fmt(rate)} fillers ${unit} (${fillers.length} in ${words} words); listeners tolerate about ${fmt(flagAt)} ${unit}` +
          `${perMinute === null ? ` (${fmt(fillerHeavy.perMinute)} a minute at a comfortable pace)` : ''}, and past ${fmt(severeAt)} they clearly hurt`,
      });
    }
  }

  const wpm = speech?.wordsPerMinute ?? null;
  if (wpm !== null && speech?.durationSec != null && speech.durationSec >= pace.minDurationSec) {
    const range = `a comfortable pace is about ${fmt(pace.minWordsPerMinute)}-${fmt(pace.maxWordsPerMinute)} words a minute`;
    if (wpm > pace.maxWordsPerMinute) {
      findings.push({ id: 'pace-too-fast', severity: 'info', quote: null, start: null, end: null, detail: `${fmt(wpm)} words a minute; ${range}` });
    } else if (wpm < pace.minWordsPerMinute) {
      findings.push({ id: 'pace-too-slow', severity: 'info', quote: null, start: null, end: null, detail: `${fmt(wpm)} words a minute; ${range}` });
    }
  }
  return findings;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** The most fillers within MAX_QUOTE_CHARS of one answer (never across a turn break). */
function densestRun(text: string, fillers: readonly FillerSpan[]): { start: number; end: number } {
  let best = { start: fillers[0]!.start, end: fillers[0]!.end, count: 1 };
  for (let i = 0; i < fillers.length; i++) {
    for (let j = i + 1; j < fillers.length; j++) {
      const start = fillers[i]!.start;
      const end = fillers[j]!.end;
      if (end - start > MAX_QUOTE_CHARS || text.slice(start, end).includes('\n\n')) break;
      if (j - i + 1 > best.count) best = { start, end, count: j - i + 1 };
    }
  }
  return best;
}
