import { FirstWordIndex, triggersOf, type IndexedPattern, type Trigger } from './cue-index.js';
import { laterParts } from './later-parts.js';
import { firstAtOrAfter } from './text-views.js';
import { wordAt, WordTrie, type TextWords } from './word-trie.js';

/**
 * Finding indexed patterns in a text with few regex runs, on top of the first-word index
 * (cue-index.ts):
 * - words are classed by their char codes (word-trie.ts) and the index is asked once per pair of
 *   word classes, not once per word pair of each text;
 * - a pattern that may start at any occurrence of a word (no word known to follow) is tried only
 *   when the words it needs later (later-parts.ts) occur close enough after it: the text is read
 *   from the end, keeping where each needed word was last seen;
 * - the concreteness rules are indexed alike, so a sentence is tested only on the rule patterns
 *   that may start at its words.
 */

interface Need {
  id: number;
  within: number;
}

/** A pattern of the concreteness rule `bit`. */
type RulePattern = { kind: 'rule'; bit: number; needs: Need[] };
/** What else is indexed by first word: the later words patterns need, and concreteness rule patterns. */
type Marker = { kind: 'need'; id: number } | RulePattern;

/** What may start at a word, given the class of the word after it. */
interface Plan<T> {
  patterns: readonly IndexedPattern<T>[];
  /** The needs of each pattern, by position. */
  needs: Need[][];
  /** The needs this word meets. */
  meets: number[];
  rules: IndexedPattern<RulePattern>[];
}

const EMPTY: Plan<never> = { patterns: [], needs: [], meets: [], rules: [] };

export interface Match<T> {
  payload: T;
  start: number;
  end: number;
}

/** The matches of one text, and where its concreteness rule patterns may match. */
export class Search<T> {
  constructor(
    /** In text order; at one start, in index order. */
    readonly matches: Match<T>[],
    /** Where each of `ruleParts` may start, in text order. */
    private readonly ruleStarts: number[],
    private readonly ruleParts: IndexedPattern<RulePattern>[],
  ) {}

  /**
   * Whether an indexed pattern of rule `bit` matches in `sentence`, the text from `from` on,
   * which must hold whole words only (so that its words are words of the text).
   */
  ruleMatches(bit: number, sentence: string, from: number): boolean {
    const starts = this.ruleStarts;
    const to = from + sentence.length;
    for (let i = firstAtOrAfter(starts, from); i < starts.length && starts[i]! < to; i++) {
      const p = this.ruleParts[i]!;
      if (p.payload.bit !== bit) continue;
      p.sticky.lastIndex = starts[i]! - from;
      if (p.sticky.test(sentence)) return true;
    }
    return false;
  }
}


const NEVER = 0x7fffffff;
/** Class pairs remembered; the cache is dropped when it grows past this. */
const PLAN_CACHE = 50_000;

export class CueSearchIndex<T> {
  private readonly patterns = new FirstWordIndex<T>();
  private readonly markers = new FirstWordIndex<Marker>();
  private readonly needs = new Map<IndexedPattern<T>, Need[]>();
  private readonly vocabulary = new WordTrie();
  private readonly needIds = new Map<string, number>();
  private readonly plans = new Map<number, Plan<T>>();

  constructor() {
    // To the index, a word starting with a digit is a number whatever follows: classes must tell them apart.
    for (let d = 0; d <= 9; d++) this.vocabulary.mark(String(d), true);
  }

  /** A pattern (expanded source and its sticky regex) that may start at any of `triggers`. */
  addPattern(payload: T, source: string, sticky: RegExp, triggers: Trigger[]): void {
    const pattern = { payload, sticky };
    this.needs.set(pattern, this.needsOf(source, triggers));
    this.add(this.patterns, triggers, pattern);
  }

  /** A pattern (expanded source and its sticky regex) of the concreteness rule `bit` that may start at any of `triggers`. */
  addRule(bit: number, source: string, sticky: RegExp, triggers: Trigger[]): void {
    this.add(this.markers, triggers, { payload: { kind: 'rule', bit, needs: this.needsOf(source, triggers) }, sticky });
  }

  /** The patterns that may start at `word` when `nextWord` follows (both lowercase; '' at the end). */
  candidates(word: string, nextWord: string): readonly IndexedPattern<T>[] {
    return this.patterns.candidates(word, nextWord);
  }

  /** Every match of the indexed patterns in `text`, anchored at its words. */
  search(text: string): Search<T> {
    const words = this.vocabulary.scan(text);
    const { starts, classes } = words;
    const n = starts.length;
    const lastSeen = new Int32Array(this.needIds.size).fill(NEVER);
    const found: Match<T>[] = [];
    const ruleStarts: number[] = [];
    const ruleParts: IndexedPattern<RulePattern>[] = [];
    // From the end, so that the needed words after each word are known; candidates in reverse
    // too, so that reversing `found` gives text order and, at one word, index order.
    for (let k = n - 1; k >= 0; k--) {
      const plan = this.vocabulary.isMarked(classes[k]!) ? this.planFor(text, words, k) : EMPTY;
      const at = starts[k]!;
      const patterns = plan.patterns;
      for (let j = patterns.length - 1; j >= 0; j--) {
        if (!reachable(plan.needs[j]!, lastSeen, at)) continue;
        const p = patterns[j]!;
        // test(), not exec(): a sticky match ends at lastIndex, and no match array is built.
        p.sticky.lastIndex = at;
        if (p.sticky.test(text)) found.push({ payload: p.payload, start: at, end: p.sticky.lastIndex });
      }
      const rules = plan.rules;
      for (let j = rules.length - 1; j >= 0; j--) {
        if (!reachable(rules[j]!.payload.needs, lastSeen, at)) continue;
        ruleStarts.push(at);
        ruleParts.push(rules[j]!);
      }
      const meets = plan.meets;
      for (let j = 0; j < meets.length; j++) lastSeen[meets[j]!] = at;
    }
    return new Search(found.reverse(), ruleStarts.reverse(), ruleParts.reverse());
  }

  /** The later words a pattern needs, known when it may start at any occurrence of a word. */
  private needsOf(source: string, triggers: Trigger[]): Need[] {
    // With the next word known, a pattern is seldom tried in vain: keeping track of its later words would cost more.
    if (triggers.every((t) => t.next !== null)) return [];
    const needs: Need[] = [];
    for (const part of laterParts(source)) {
      const id = this.needId(part.source);
      if (id !== null) needs.push({ id, within: part.within });
    }
    return needs;
  }

  private add<P>(index: FirstWordIndex<P>, triggers: Trigger[], pattern: IndexedPattern<P>): void {
    this.plans.clear();
    for (const t of triggers) {
      index.add(t, pattern);
      // A number (word '') starts with a digit, and digits are marked already.
      if (!t.digit) this.vocabulary.mark(t.word, !t.exact);
      for (const next of t.next ?? []) this.vocabulary.add(next.word);
    }
  }

  /** The id of a later part's needed words, or null when they are unknown. */
  private needId(source: string): number | null {
    const known = this.needIds.get(source);
    if (known !== undefined) return known;
    const triggers = triggersOf(source);
    if (!triggers) return null;
    const id = this.needIds.size;
    this.needIds.set(source, id);
    this.add(this.markers, triggers, { payload: { kind: 'need', id }, sticky: new RegExp(source, 'iy') });
    return id;
  }

  private planFor(text: string, { starts, classes }: TextWords, k: number): Plan<T> {
    const hasNext = k + 1 < starts.length;
    const key = classes[k]! * this.vocabulary.classCount + (hasNext ? classes[k + 1]! : 0);
    let plan = this.plans.get(key);
    if (plan) return plan;
    const word = wordAt(text, starts[k]!);
    const next = hasNext ? wordAt(text, starts[k + 1]!) : '';
    const patterns = this.patterns.candidates(word, next);
    plan = { patterns, needs: patterns.map((p) => this.needs.get(p)!), meets: [], rules: [] };
    for (const m of this.markers.candidates(word, next)) {
      const marker = m.payload;
      if (marker.kind === 'need') plan.meets.push(marker.id);
      else plan.rules.push({ payload: marker, sticky: m.sticky });
    }
    if (this.plans.size >= PLAN_CACHE) this.plans.clear();
    this.plans.set(key, plan);
    return plan;
  }
}

/** Whether every needed later word was seen close enough after `at`. */
function reachable(needs: Need[], lastSeen: Int32Array, at: number): boolean {
  for (let i = 0; i < needs.length; i++) if (lastSeen[needs[i]!.id]! - at > needs[i]!.within) return false;
  return true;
}
