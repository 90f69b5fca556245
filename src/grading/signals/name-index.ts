import { compilePattern, literalAlternation } from './patterns.js';
import type { Span, Words } from './text-views.js';

/**
 * A lexicon of names ("Ruby on Rails", "C++", ".NET") found with one Map lookup per word of the
 * text instead of a scan of the whole alternation. Names are grouped by their first word; at a
 * word of the text, only its group's alternation is tried, sticky, with the same bounds. A match
 * of the whole alternation starts where a word does (it is bounded by `(?<![A-Za-z0-9_])`), and
 * only names of that word's group can match there, so the matches are those of the full scan.
 */

/** The names starting at a word, and those starting one character before it (".NET" at "net"). */
interface Group {
  at: RegExp | null;
  before: RegExp | null;
}

const LEADING_WORD = /^([^A-Za-z0-9]?)([A-Za-z0-9]+)/;

export class NameIndex {
  /** By lowercase first word; null when some name has no first word to index it by, and `all` is scanned instead. */
  private readonly groups: Map<string, Group> | null;
  /** The whole alternation, global. */
  readonly all: RegExp;

  /** `flags`: 'i' for names in any case, '' for names matched only as written. */
  constructor(names: string[], flags: 'i' | '') {
    this.all = compilePattern(literalAlternation(names), {}, 'text', `g${flags}`);
    const byWord = new Map<string, { at: string[]; before: string[] }>();
    for (const name of names) {
      const lead = LEADING_WORD.exec(name);
      if (!lead) {
        this.groups = null;
        return;
      }
      const key = lead[2]!.toLowerCase();
      let names = byWord.get(key);
      if (!names) byWord.set(key, (names = { at: [], before: [] }));
      (lead[1] ? names.before : names.at).push(name);
    }
    // literalAlternation orders names longest first, stably: each group keeps the full order.
    const sticky = (group: string[]) => (group.length ? compilePattern(literalAlternation(group), {}, 'text', `y${flags}`) : null);
    this.groups = new Map([...byWord].map(([key, g]) => [key, { at: sticky(g.at), before: sticky(g.before) }]));
  }

  /** Every match, in text order, as a global scan of `all` finds them. */
  find(text: string, words: Words): Span[] {
    const found: Span[] = [];
    if (!this.groups) {
      this.all.lastIndex = 0;
      for (let m = this.all.exec(text); m !== null; m = this.all.exec(text)) {
        if (m[0].length === 0) this.all.lastIndex++;
        else found.push({ start: m.index, end: m.index + m[0].length });
      }
      return found;
    }
    // A global scan never starts a match inside the previous one.
    let lastEnd = 0;
    const tryAt = (re: RegExp | null, at: number) => {
      if (re === null || at < lastEnd) return;
      re.lastIndex = at;
      if (re.test(text)) found.push({ start: at, end: (lastEnd = re.lastIndex) });
    };
    for (let k = 0; k < words.words.length; k++) {
      const group = this.groups.get(words.words[k]!);
      if (group === undefined) continue;
      const at = words.starts[k]!;
      tryAt(group.before, at - 1);
      tryAt(group.at, at);
    }
    return found;
  }
}
