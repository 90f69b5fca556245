import { isBreak, sentenceBreaks } from '../signals/concreteness.js';
import { firstAtOrAfter } from '../signals/text-views.js';

/**
 * Evidence quotes that read well: a cue hit ("chose ... over") is widened to its sentence, or to
 * its clause when the sentence is long, always as an exact slice of the text. Sentence ends come
 * from one index of the text's breaks, and every scan is bounded, so the cost per quote does not
 * grow with the length of the text.
 */

type Span = { start: number; end: number };

const MAX_SENTENCE = 260;
const SCAN = 320;
const CLAUSE_SIDE = 140;

function isClauseBreak(c: string): boolean {
  return c === ',' || c === ';' || c === ':' || c === '\u2014' || c === '\u2013' || c === '(' || c === ')';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\n' || c === '\t';
}

const LEADING_JUNK = new Set([' ', '\n', '\t', ',', ';', ':', '-', '\u2013', '\u2014', ')', '.']);
const TRAILING_JUNK = new Set([' ', '\n', '\t', ',', ';', ':', '-', '\u2013', '\u2014', '(']);

/**
 * The sentence (or clause) around [start, end), clipped so it never reaches into an excluded span.
 * `breaks` is sentenceBreaks(text): pass it when quoting one text many times.
 */
export function quoteAround(text: string, start: number, end: number, excluded: Span[] = [], breaks = sentenceBreaks(text)): Span {
  // `breaks` holds offsets just past each break. Back to the last of them at or before the hit,
  // forward to the first break character at or after its end; at most SCAN either way.
  const before = firstAtOrAfter(breaks, start + 1) - 1;
  let from = Math.max(start - SCAN, 0, before >= 0 ? breaks[before]! : 0);
  const rightLimit = Math.min(text.length, end + SCAN);
  const after = breaks[firstAtOrAfter(breaks, end + 1)];
  let to = Math.min(rightLimit, after === undefined ? rightLimit : after - 1);
  if (to < text.length && text[to] !== '\n' && isBreak(text, to)) to++;

  if (to - from > MAX_SENTENCE) {
    let cFrom = start;
    const cLeft = Math.max(from, start - CLAUSE_SIDE);
    while (cFrom > cLeft && !isClauseBreak(text[cFrom - 1]!)) cFrom--;
    if (cFrom === cLeft && cFrom > from) while (cFrom < start && !isSpace(text[cFrom - 1])) cFrom++;
    let cTo = end;
    const cRight = Math.min(to, end + CLAUSE_SIDE);
    while (cTo < cRight && !isClauseBreak(text[cTo]!)) cTo++;
    if (cTo === cRight && cTo < to) while (cTo > end && !isSpace(text[cTo])) cTo--;
    from = cFrom;
    to = cTo;
  }

  for (const x of excluded) {
    if (x.end <= start && x.end > from) from = x.end;
    if (x.start >= end && x.start < to) to = x.start;
  }
  while (from < start && LEADING_JUNK.has(text[from]!)) from++;
  while (to > end && TRAILING_JUNK.has(text[to - 1]!)) to--;
  return { start: from, end: to };
}
