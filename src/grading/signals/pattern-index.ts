import type { TextContext } from './context.js';
import { FirstWordIndex, triggersOf, type IndexedPattern } from './cue-index.js';
import type { PatternView } from './patterns.js';
import type { Span, Words } from './text-views.js';

/**
 * Finding every pattern of a catalogue in one pass over the words of the text, instead of one
 * full scan per pattern: each pattern is indexed by every word a match of it can start with
 * (cue-index.ts), and tried, sticky, only at those words. A full scan reports the leftmost match,
 * then looks again from its end; trying each candidate start in order, and skipping those before
 * the end of the pattern's last match, finds the same matches. Patterns anchored at a line or
 * sentence start are tried at those starts; the rest (no `\b` before the first word, or no first
 * word) are scanned in full.
 */

export interface ScannedPattern {
  /** Global; the matches are this regex's, as a full scan of its view finds them. */
  re: RegExp;
  view: PatternView;
}

/** Where a pattern's matches go: its group, its place in the group, and its place among all patterns. */
interface Slot {
  group: number;
  pattern: number;
  ordinal: number;
}

/** A pattern tried at the start of its view and after each character of `after` (`(?:^|(?<=[\n.!?]))...`). */
interface LineStartPattern {
  slot: Slot;
  sticky: RegExp;
  after: RegExp;
  view: PatternView;
}

/** The raw matches of a group of patterns, by pattern: in order, as offsets into the pattern's view. */
export type GroupMatches = Span[][];

const NONE: Span[] = [];
const LINE_START = /^\(\?:\^\|\(\?<=(\[(?:\\.|[^\]\\])*\]|\\n)\)\)/;

const stickyOf = (re: RegExp) => new RegExp(re.source, re.flags.replace('g', 'y'));

export class PatternIndex {
  /** Text-view and folded-view patterns together: the folded view of most texts is the text itself. */
  private readonly both = new FirstWordIndex<Slot>();
  private readonly textOnly = new FirstWordIndex<Slot>();
  private readonly foldedOnly = new FirstWordIndex<Slot>();
  private readonly lineStarts: LineStartPattern[] = [];
  private readonly residual: { slot: Slot; pattern: ScannedPattern }[] = [];
  private readonly anyFolded: boolean;
  private readonly groupSizes: number[];
  private readonly lastEnd: Int32Array;
  private readonly scratch: IndexedPattern<Slot>[] = [];

  constructor(groups: ScannedPattern[][]) {
    this.groupSizes = groups.map((g) => g.length);
    this.anyFolded = groups.some((g) => g.some((p) => p.view === 'folded'));
    let ordinal = 0;
    groups.forEach((patterns, group) =>
      patterns.forEach((pattern, j) => {
        const slot = { group, pattern: j, ordinal: ordinal++ };
        const triggers = triggersOf(pattern.re.source, 'follow');
        const lineStart = LINE_START.exec(pattern.re.source);
        if (triggers) {
          const sticky = stickyOf(pattern.re);
          for (const index of [this.both, pattern.view === 'folded' ? this.foldedOnly : this.textOnly]) {
            // One entry per index: an entry remembers the last lookup of its index that returned it.
            const entry = { payload: slot, sticky };
            for (const t of triggers) index.add(t, entry);
          }
        } else if (lineStart) {
          this.lineStarts.push({ slot, sticky: stickyOf(pattern.re), after: new RegExp(lineStart[1]!, 'g'), view: pattern.view });
        } else this.residual.push({ slot, pattern });
      }),
    );
    this.lastEnd = new Int32Array(ordinal);
  }

  /** The raw matches of every pattern in `ctx`'s text (or its folded view), by group and pattern. */
  matches(ctx: TextContext): GroupMatches[] {
    const found = this.groupSizes.map((n) => new Array<Span[]>(n).fill(NONE));
    const record = (slot: Slot, start: number, end: number) => {
      // A full scan steps past an empty match; none is reported.
      if (end === start) return;
      const list = found[slot.group]![slot.pattern]!;
      if (list === NONE) found[slot.group]![slot.pattern] = [{ start, end }];
      else list.push({ start, end });
    };
    // Without folded-view patterns, the folded view is not needed (nor built).
    const folded = this.anyFolded ? ctx.folded() : null;
    const subject = (view: PatternView) => (view === 'folded' ? folded!.text : ctx.text);
    this.lastEnd.fill(0);
    if (folded === null || folded.map === null) this.scanWords(this.both, ctx.text, ctx.words('text'), record);
    else {
      this.scanWords(this.textOnly, ctx.text, ctx.words('text'), record);
      this.scanWords(this.foldedOnly, folded.text, ctx.words('folded'), record);
    }
    for (const { slot, sticky, after, view } of this.lineStarts) {
      const text = subject(view);
      let lastEnd = 0;
      const tryAt = (at: number) => {
        if (at < lastEnd) return;
        sticky.lastIndex = at;
        if (sticky.test(text)) record(slot, at, (lastEnd = sticky.lastIndex));
      };
      tryAt(0);
      after.lastIndex = 0;
      for (let m = after.exec(text); m !== null; m = after.exec(text)) tryAt(m.index + 1);
    }
    for (const { slot, pattern } of this.residual) {
      const text = subject(pattern.view);
      const re = pattern.re;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) re.lastIndex++;
        else record(slot, m.index, m.index + m[0].length);
      }
    }
    return found;
  }

  private scanWords(index: FirstWordIndex<Slot>, subject: string, { starts, words }: Words, record: (slot: Slot, start: number, end: number) => void): void {
    const lastEnd = this.lastEnd;
    for (let k = 0; k < words.length; k++) {
      const candidates = index.candidates(words[k]!, words[k + 1] ?? '', this.scratch);
      if (candidates.length === 0) continue;
      const at = starts[k]!;
      for (const { payload: slot, sticky } of candidates) {
        // A full scan never starts a match inside the previous match of the same pattern.
        if (at < lastEnd[slot.ordinal]!) continue;
        sticky.lastIndex = at;
        if (!sticky.test(subject)) continue;
        lastEnd[slot.ordinal] = sticky.lastIndex;
        record(slot, at, sticky.lastIndex);
      }
    }
  }
}
