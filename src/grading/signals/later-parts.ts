/**
 * What a pattern needs after its first word, read from its (expanded) source, so that a candidate
 * start can be ruled out without running the regex: "the ~2 (?:api contract|event schema) was"
 * cannot match at a "the" with no "api" or "event" in the next hundred-odd characters.
 *
 * In a pattern with no top-level alternation, every top-level item is matched by every match.
 * Where whitespace always comes just before an item that starts with a letter or digit (a literal
 * word, or a group whose every alternative starts with one), a word starts there in every match,
 * no further from the start of the match than the longest the items before it can be: the rest
 * of the pattern from that word on must match at a word of the text that close.
 */

export interface LaterPart {
  /** The pattern source from a word every match holds. */
  source: string;
  /** The most characters from the start of a match to that word. */
  within: number;
}

/** Whitespace, at least one character of it. */
const SPACE = /^\\s(?:\{[1-9]\d*(?:,\d+)?\})?$/;
const QUANTIFIER = /^(?:[?*+]|\{\d+(?:,\d*)?\})\??/;
const ZERO_WIDTH = /^(?:\(\?<?[=!]|\\[bB]|\^|\$)/;
const OPTIONAL = /(?:[?*]|\{0(?:,\d*)?\})\??$/;

export function laterParts(source: string): LaterPart[] {
  if (alternatives(source).length > 1) return [];
  const out: LaterPart[] = [];
  let afterSpace = false;
  for (let i = 0; i < source.length; ) {
    const end = itemEnd(source, i);
    const item = source.slice(i, end);
    if (ZERO_WIDTH.test(item)) {
      i = end;
      continue;
    }
    const optional = OPTIONAL.test(item);
    if (afterSpace && !optional && startsWord(item)) out.push({ source: source.slice(i), within: maxLength(source.slice(0, i)) });
    // A group ending in whitespace ("~2" word gaps, "(?:the )?") leaves whitespace behind it, or, when skipped, what was before.
    afterSpace = SPACE.test(item) || (endsInSpace(item) && (afterSpace || !optional));
    i = end;
  }
  return out.filter((p) => Number.isFinite(p.within));
}

/** A literal letter or digit, or a group whose every alternative starts with one. */
function startsWord(item: string): boolean {
  if (/^[A-Za-z0-9]/.test(item)) return true;
  return item.startsWith('(?:') && alternatives(groupBody(item)).every((alt) => /^[A-Za-z0-9]/.test(alt));
}

/** A group whose every alternative ends in whitespace. */
function endsInSpace(item: string): boolean {
  if (!item.startsWith('(?:')) return false;
  return alternatives(groupBody(item)).every((alt) => {
    let last = '';
    for (let i = 0; i < alt.length; i = itemEnd(alt, i)) last = alt.slice(i, itemEnd(alt, i));
    return SPACE.test(last);
  });
}

/** The body of the `(?:...)` group an item starts with. */
function groupBody(item: string): string {
  return item.slice(3, itemEnd(item.replace(QUANTIFIER_AT_END, ''), 0) - 1);
}
const QUANTIFIER_AT_END = /(?:[?*+]|\{\d+(?:,\d*)?\})\??$/;

/** The top-level alternatives of `source`. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < source.length; i = itemEnd(source, i)) {
    if (source[i] === '|') {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** Where the item (an atom with its quantifier) that starts at `i` ends. */
function itemEnd(source: string, i: number): number {
  let j = i + 1;
  const c = source[i];
  if (c === '\\') j = i + 2;
  else if (c === '[') {
    if (source[j] === '^') j++;
    if (source[j] === ']') j++;
    while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
    j++;
  } else if (c === '(') {
    let depth = 1;
    for (; j < source.length && depth > 0; j++) {
      if (source[j] === '\\') j++;
      else if (source[j] === '[') j = itemEnd(source, j) - 1;
      else if (source[j] === '(') depth++;
      else if (source[j] === ')') depth--;
    }
  }
  const q = c === '|' ? null : QUANTIFIER.exec(source.slice(j, j + 12));
  return q ? j + q[0].length : j;
}

/**
 * The longest string (in UTF-16 units) that regex source can match; Infinity when that is
 * unbounded or the source uses something this reading does not know (back-references, named
 * groups). Overestimating is safe; only an underestimate could drop a real match.
 */
export function maxLength(source: string): number {
  let i = 0;
  const alternation = (): number => {
    let longest = 0;
    for (;;) {
      longest = Math.max(longest, sequence());
      if (source[i] !== '|') return longest;
      i++;
    }
  };
  const sequence = (): number => {
    let sum = 0;
    while (i < source.length && source[i] !== '|' && source[i] !== ')') sum += quantified(atom());
    return sum;
  };
  const atom = (): number => {
    const c = source[i]!;
    if (c === '(') {
      const lookaround = /^\(\?<?[=!]/.exec(source.slice(i, i + 4));
      if (!lookaround && source.startsWith('(?', i) && !source.startsWith('(?:', i)) {
        i = source.length; // a named group: stop reading
        return Infinity;
      }
      i += lookaround ? lookaround[0].length : source.startsWith('(?:', i) ? 3 : 1;
      const inner = alternation();
      if (source[i] !== ')') return Infinity;
      i++;
      return lookaround ? 0 : inner;
    }
    if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return 1;
    }
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      i += 2;
      if (e === 'b' || e === 'B') return 0;
      return /[1-9k]/.test(e) ? Infinity : 1;
    }
    i++;
    return c === '^' || c === '$' ? 0 : 1;
  };
  const quantified = (length: number): number => {
    let times = 1;
    const c = source[i];
    if (c === '?') i++;
    else if (c === '*' || c === '+') [times, i] = [Infinity, i + 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        times = m[2] === undefined ? Number(m[1]) : m[2] === '' ? Infinity : Number(m[2]);
        i += m[0].length;
      }
    }
    if (times !== 1 && source[i] === '?') i++; // lazy
    return length === 0 ? 0 : length * times;
  };
  const longest = alternation();
  return i === source.length ? longest : Infinity;
}
