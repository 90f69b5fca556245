/**
 * A first-word index over compiled cue patterns, so that finding cues costs one pass over the
 * words of the text instead of one regex scan per cue. For each pattern we work out, from its
 * source, which words it can start with ("chose", "we", a word starting with "reconcil", a
 * number); at run time each word of the text looks up the patterns it can start, and only those
 * run, anchored (sticky) at that word. Patterns whose first word cannot be worked out (a leading
 * optional group, a character class) are scanned as before. Matches are the same either way:
 * every anchored pattern keeps the word-boundary guards of the full scan.
 */

export interface WordTest {
  /** Lowercase word, or its prefix when `exact` is false; '' with `digit` for numbers. */
  word: string;
  exact: boolean;
  digit: boolean;
}

export interface Trigger extends WordTest {
  /** When known: the words that can come next ("the" is only worth trying before "problem", "goal"...). */
  next: WordTest[] | null;
}

/** `next` undefined: not yet known (the word ends a group alternative; the group resolves it). */
type Found = { word: string; state: 'exact' | 'prefix' | 'open'; digit: boolean; next?: WordTest[] | null };
type First = { triggers: Found[] } | null;

/** Index just past the group that opens at `open` (which holds '('), honouring escapes and classes. */
function groupEnd(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Start indices of the top-level alternatives inside the group whose body spans [from, to). */
function alternativeStarts(src: string, from: number, to: number): number[] {
  const starts = [from];
  let depth = 0;
  let inClass = false;
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) starts.push(i + 1);
  }
  return starts;
}

const isQuantifier = (src: string, i: number) => src[i] === '?' || src[i] === '*' || src[i] === '+' || src[i] === '{';
const optionalQuantifier = (src: string, i: number) => src[i] === '?' || src[i] === '*' || src.startsWith('{0,', i);
const endsAlternative = (src: string, i: number) => i >= src.length || src[i] === '|' || src[i] === ')';
/** A whitespace run: the cue dialect's bare `\s{m,n}`, or the flag dialect's `(?:\s{m,n})` when it cannot be empty. */
const SPACE_RUN = /^(?:\\s\{\d{1,2},\d{1,2}\}|\(\?:\\s\{[1-9],\d{1,2}\}\)(?![?*{]))/;
const spaceRunAt = (src: string, k: number) => SPACE_RUN.test(src.slice(k, k + 14));
const toTest = (t: Found): WordTest => ({ word: t.word, digit: t.digit, exact: t.state !== 'prefix' });

/** The words that can follow a whitespace run at `k`; null when there is none or they are unknown. */
function followAt(src: string, k: number): WordTest[] | null {
  const space = SPACE_RUN.exec(src.slice(k, k + 14));
  if (!space) return null;
  const next = firstOf(src, k + space[0].length, 'follow', true);
  return next ? next.triggers.map(toTest) : null;
}

/** An apostrophe or a hyphen ends a word for the tokenizer too ("couldn't", "on-call"). */
const APOSTROPHE_OR_HYPHEN = /^(?:\[['\u2019]{1,2}\]|\[-(?:\\s| )\](?![?*{])|-(?![?*{]))/;

/**
 * How a word that ends at `j` in the source ends: `exact` when the text cannot go on with a letter
 * or digit there (with the words that can follow a whitespace run, when known); `open` at the end
 * of an alternative, for the enclosing group to decide; else `prefix`.
 */
function wordEndAt(src: string, j: number): { state: Found['state']; next: WordTest[] | null | undefined } {
  if (src.startsWith('\\s', j) || spaceRunAt(src, j)) return { state: 'exact', next: followAt(src, j) };
  if (src.startsWith('\\b', j)) return { state: 'exact', next: followAt(src, j + 2) };
  if (endsAlternative(src, j)) return { state: 'open', next: undefined };
  if (APOSTROPHE_OR_HYPHEN.test(src.slice(j, j + 8)) || separatorAt(src, j)) return { state: 'exact', next: null };
  return { state: 'prefix', next: null };
}

/**
 * Whether the text at `k` (just after a word) certainly starts with something other than a letter
 * or digit: a whitespace run, a word boundary, a comma, or an optional group whose every
 * alternative starts so, followed by such a thing ("i(?:'ve| have)? been").
 */
function separatorAt(src: string, k: number): boolean {
  if (/^\\s(?![?*]|\{0)/.test(src.slice(k, k + 4)) || src.startsWith('\\b', k) || APOSTROPHE_OR_HYPHEN.test(src.slice(k, k + 8))) return true;
  if ((src[k] === ',' || src[k] === ':') && !isQuantifier(src, k + 1)) return true;
  if (!src.startsWith('(?:', k)) return false;
  const end = groupEnd(src, k);
  if (end < 0) return false;
  const alternatives = alternativeStarts(src, k + 3, end - 1).every((start) => separatorAt(src, start));
  if (!alternatives) return false;
  if (!optionalQuantifier(src, end)) return !isQuantifier(src, end) || src[end] === '{';
  const after = src[end] === '{' ? src.indexOf('}', end) + 1 : end + 1;
  return separatorAt(src, after);
}

/**
 * The words a sequence starting at `i` can begin with (and, when known, the word after each);
 * null when they cannot be bounded. `anchor`: where a match may be anchored, so a leading optional
 * group is skipped (the pattern also matches from the word after it). `follow`: every word that
 * can come first, so an optional group adds its words to those after it. `atWordStart`: whether a
 * match can only start where a word does (after whitespace, or a `\b` seen on the way); if not,
 * a first word could start inside a word of the text ("n't" in "didn't"), and nothing is known.
 */
function firstOf(src: string, i: number, mode: 'anchor' | 'follow', atWordStart: boolean): First {
  // Word boundaries and lookarounds at the start only filter; the first word comes after them
  // (a word boundary before a letter or digit is where the tokenizer starts a word anyway).
  for (;;) {
    if (src.startsWith('\\b', i)) [i, atWordStart] = [i + 2, true];
    else if (src.startsWith('(?!', i) || src.startsWith('(?=', i) || src.startsWith('(?<!', i) || src.startsWith('(?<=', i)) {
      const end = groupEnd(src, i);
      if (end < 0) return null;
      i = end;
    } else break;
  }
  if (src.startsWith('(?:', i)) {
    const end = groupEnd(src, i);
    if (end < 0) return null;
    let after = end;
    if (src[after] === '{') after = src.indexOf('}', after) + 1;
    else if (src[after] === '?' || src[after] === '*' || src[after] === '+') after++;
    const optional = optionalQuantifier(src, end);
    // An optional first group ("(?:the )?problem") also matches anchored at the word after it,
    // which is far cheaper than trying the pattern at every "the".
    if (optional && mode === 'anchor') return endsAlternative(src, after) ? null : firstOf(src, after, mode, atWordStart);
    const triggers: Found[] = [];
    for (const start of alternativeStarts(src, i + 3, end - 1)) {
      const alt = firstOf(src, start, mode, atWordStart);
      if (!alt) return null;
      triggers.push(...alt.triggers);
    }
    const repeated = end !== after && !optional;
    const bound = wordEndAt(src, after);
    const resolved: Found['state'] = repeated && bound.state === 'open' ? 'prefix' : bound.state;
    const nextHere = bound.state === 'open' ? undefined : repeated ? null : bound.next;
    const own = triggers.map((t) => ({
      ...t,
      state: t.state === 'open' ? resolved : t.state,
      next: t.next === undefined ? nextHere : t.next,
    }));
    if (!optional) return { triggers: own };
    if (endsAlternative(src, after)) return null;
    const rest = firstOf(src, after, mode, atWordStart);
    return rest ? { triggers: [...own, ...rest.triggers] } : null;
  }
  if (!atWordStart) return null;
  if (src.startsWith('\\d', i)) return { triggers: [{ word: '', state: 'prefix', digit: true, next: null }] };
  let j = i;
  while (j < src.length && /[a-zA-Z0-9]/.test(src[j]!)) j++;
  if (j === i) return null;
  let word = src.slice(i, j).toLowerCase();
  let state: Found['state'];
  let next: WordTest[] | null | undefined = null;
  if (isQuantifier(src, j)) {
    // The last letter is optional or repeated ("checks?"): only what precedes it is certain.
    word = word.slice(0, -1);
    state = 'prefix';
  } else ({ state, next } = wordEndAt(src, j));
  if (word.length === 0) return null;
  if (/^[0-9]/.test(word)) return { triggers: [{ word: '', state: 'prefix', digit: true, next: null }] };
  return { triggers: [{ word, state, digit: false, next }] };
}

/**
 * The first words of an expanded pattern source (with the words that can follow each, when known),
 * or null when it must be scanned in full. `anchor` (cues): a leading optional group is left out,
 * so a match may start after it. `follow`: every word a match can start with, so that anchoring
 * at each finds the same matches, at the same starts, as a full scan.
 */
export function triggersOf(source: string, mode: 'anchor' | 'follow' = 'anchor'): Trigger[] | null {
  // Cue patterns are wrapped in a word-start lookbehind; others must say so with `\b`.
  const first = firstOf(source, 0, mode, mode === 'anchor');
  if (!first || first.triggers.length === 0) return null;
  return first.triggers.map((t) => ({ ...toTest(t), next: t.next ?? null }));
}

export interface IndexedPattern<T> {
  payload: T;
  /** Sticky and case-insensitive, with the same word-boundary guards as the full-scan regex. */
  sticky: RegExp;
  /** Internal: the last lookup that returned this pattern (dedupes without allocation). */
  seen?: number;
}

/** A set of word tests, compiled for fast lookup: exact words in a Set, prefixes in a list. */
class WordSet {
  readonly exact = new Set<string>();
  readonly prefixes: string[] = [];
  digit = false;

  constructor(tests: WordTest[]) {
    for (const t of tests) {
      if (t.digit) this.digit = true;
      else if (t.exact) this.exact.add(t.word);
      else if (!this.prefixes.includes(t.word)) this.prefixes.push(t.word);
    }
  }

  get exactOnly(): boolean {
    return !this.digit && this.prefixes.length === 0;
  }

  has(word: string): boolean {
    if (word.length === 0) return false;
    if (this.exact.has(word)) return true;
    if (this.digit && word.charCodeAt(0) <= 57) return true;
    for (const p of this.prefixes) if (word.startsWith(p)) return true;
    return false;
  }
}

interface Entry<T> {
  pattern: IndexedPattern<T>;
  next: WordSet | null;
}

/** The patterns for one exact first word: by their exact second word, and the rest to test. */
interface Bucket<T> {
  byNext: Map<string, IndexedPattern<T>[]>;
  loose: Entry<T>[];
}

const KEY = 3;
const NONE: readonly never[] = [];
/** Distinct words remembered between lookups; the cache is dropped when it grows past this. */
const PLAN_CACHE = 20_000;

/** Everything that can start at one word, before looking at the word after it. */
interface Plan<T> {
  bucket: Bucket<T> | undefined;
  entries: Entry<T>[];
  /** The final candidate list for each word seen after this one (word pairs repeat a lot in text). */
  after: Map<string, readonly IndexedPattern<T>[]>;
}

/**
 * Maps a word (and, when known, the word after it) to the patterns that may start at it, so a
 * lookup costs a couple of Map reads whatever the size of the catalogue.
 */
export class FirstWordIndex<T> {
  private readonly exact = new Map<string, Bucket<T>>();
  /** Prefix triggers ("reconcil…"), keyed by their first KEY letters (or all, when shorter). */
  private readonly prefix = new Map<string, { word: string; entry: Entry<T> }[]>();
  private readonly digit: Entry<T>[] = [];
  private readonly shortPrefixLengths: number[] = [];
  private readonly plans = new Map<string, Plan<T>>();
  /** Word pairs remembered across all plans (bounded like the plans themselves). */
  private pairs = 0;
  private lookup = 0;

  add(trigger: Trigger, pattern: IndexedPattern<T>): void {
    this.plans.clear();
    this.pairs = 0;
    const entry: Entry<T> = { pattern, next: trigger.next ? new WordSet(trigger.next) : null };
    if (trigger.digit) {
      this.digit.push(entry);
    } else if (trigger.exact) {
      let bucket = this.exact.get(trigger.word);
      if (!bucket) this.exact.set(trigger.word, (bucket = { byNext: new Map(), loose: [] }));
      if (entry.next?.exactOnly) {
        for (const w of entry.next.exact) {
          const list = bucket.byNext.get(w) ?? [];
          list.push(pattern);
          bucket.byNext.set(w, list);
        }
      } else bucket.loose.push(entry);
    } else {
      const key = trigger.word.slice(0, KEY);
      if (key.length < KEY && !this.shortPrefixLengths.includes(key.length)) this.shortPrefixLengths.push(key.length);
      const list = this.prefix.get(key) ?? [];
      list.push({ word: trigger.word, entry });
      this.prefix.set(key, list);
    }
  }

  /**
   * The patterns that may start at `word` when `nextWord` follows it (both lowercase; '' at the
   * end), each once. Worked out once per distinct word pair and remembered: the returned array
   * is shared, never to be modified. `scratch` is reused as working space on a first lookup.
   */
  candidates(word: string, nextWord: string, scratch: IndexedPattern<T>[] = []): readonly IndexedPattern<T>[] {
    const plan = this.planFor(word);
    if (plan.bucket === undefined && plan.entries.length === 0) return NONE;
    const known = plan.after.get(nextWord);
    if (known) return known;
    const list = this.collect(plan, nextWord, scratch).slice();
    if (this.pairs >= PLAN_CACHE) {
      this.plans.clear();
      this.pairs = 0;
    }
    this.plans.set(word, plan);
    plan.after.set(nextWord, list);
    this.pairs++;
    return list;
  }

  private collect({ bucket, entries }: Plan<T>, nextWord: string, out: IndexedPattern<T>[]): IndexedPattern<T>[] {
    out.length = 0;
    const stamp = ++this.lookup;
    if (bucket) {
      const byNext = bucket.byNext.get(nextWord);
      if (byNext) {
        for (const p of byNext) {
          if (p.seen === stamp) continue;
          p.seen = stamp;
          out.push(p);
        }
      }
      for (const e of bucket.loose) this.take(e, nextWord, stamp, out);
    }
    for (const e of entries) this.take(e, nextWord, stamp, out);
    return out;
  }

  /** The exact bucket and the prefix/number entries for a word, worked out once per distinct word. */
  private planFor(word: string): Plan<T> {
    let plan = this.plans.get(word);
    if (plan) return plan;
    const entries: Entry<T>[] = [];
    if (word.charCodeAt(0) <= 57) entries.push(...this.digit);
    else {
      const keys = word.length >= KEY ? [word.slice(0, KEY)] : [];
      for (const n of this.shortPrefixLengths) if (n <= word.length) keys.push(word.slice(0, n));
      for (const key of keys) {
        for (const { word: p, entry } of this.prefix.get(key) ?? []) if (word.startsWith(p)) entries.push(entry);
      }
    }
    plan = { bucket: word.charCodeAt(0) <= 57 ? undefined : this.exact.get(word), entries, after: new Map() };
    if (this.plans.size >= PLAN_CACHE) {
      this.plans.clear();
      this.pairs = 0;
    }
    this.plans.set(word, plan);
    return plan;
  }

  private take(e: Entry<T>, nextWord: string, stamp: number, out: IndexedPattern<T>[]): void {
    if (e.pattern.seen === stamp || (e.next !== null && !e.next.has(nextWord))) return;
    e.pattern.seen = stamp;
    out.push(e.pattern);
  }
}
