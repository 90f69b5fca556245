import { isBreak } from '../signals/concreteness.js';

/**
 * Evidence quotes that read well: a cue hit ("chose ... over") is widened to its sentence, or to
 * its clause when the sentence is long, always as an exact slice of the text. Scans are bounded,
 * so the cost per quote is constant however long the text is.
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

/** The sentence (or clause) around [start, end), clipped so it never reaches into an excluded span. */
export function quoteAround(text: string, start: number, end: number, excluded: Span[] = []): Span {
  let from = start;
  const leftLimit = Math.max(0, start - SCAN);
  while (from > leftLimit && !isBreak(text, from - 1)) from--;
  let to = end;
  const rightLimit = Math.min(text.length, end + SCAN);
  while (to < rightLimit && !isBreak(text, to)) to++;
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
