import { technologyLexicon, type CompiledTechnologies } from './catalogue.js';
import { TrigramIndex, type LiteralSet } from './prefilter.js';
import { foldedView, Sentences, type FoldedView, type Span } from './text-views.js';

/**
 * One text as the flag rules see it. Views are computed on first use and shared by every rule
 * of one detection run, so each costs one linear pass at most.
 */
export class TextContext {
  private sentencesCache: Sentences | null = null;
  private foldedCache: FoldedView | null = null;
  private technologiesCache: Span[] | null = null;
  private readonly textGuards = new Map<RegExp, boolean>();

  constructor(
    readonly text: string,
    private readonly lexicon: () => CompiledTechnologies = technologyLexicon,
  ) {}

  private static last: TextContext | null = null;

  /**
   * The context of `text`, shared by the flag, whole-answer and strength stages of one detection
   * run (they are called one after another on the same string), so views are built once.
   */
  static of(text: string): TextContext {
    if (TextContext.last?.text !== text) TextContext.last = new TextContext(text);
    return TextContext.last;
  }

  private textIndex: TrigramIndex | null = null;
  private foldedIndex: TrigramIndex | null = null;

  /** Whether a pattern with these required literals can match at all (null: cannot tell, so yes). */
  mayMatch(literals: LiteralSet | null, folded = false): boolean {
    if (!literals) return true;
    return (folded ? this.foldedTrigrams() : this.textTrigrams()).mayContain(literals);
  }

  private textTrigrams(): TrigramIndex {
    return (this.textIndex ??= new TrigramIndex(this.text.toLowerCase()));
  }

  /** Most texts have nothing to fold: the folded view is then the text itself, indexed once. */
  private foldedTrigrams(): TrigramIndex {
    const view = this.folded();
    return (this.foldedIndex ??= view.map === null ? this.textTrigrams() : new TrigramIndex(view.text.toLowerCase()));
  }

  sentences(): Sentences {
    return (this.sentencesCache ??= new Sentences(this.text));
  }

  folded(): FoldedView {
    return (this.foldedCache ??= foldedView(this.text));
  }

  /** Technology names mentioned, in order, without overlaps (the longer name wins). */
  technologies(): Span[] {
    if (this.technologiesCache) return this.technologiesCache;
    const { anyCase, exactCase } = this.lexicon();
    const found: Span[] = [];
    for (const re of exactCase ? [anyCase, exactCase] : [anyCase]) {
      re.lastIndex = 0;
      for (let m = re.exec(this.text); m !== null; m = re.exec(this.text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        found.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Span[] = [];
    for (const s of found) {
      const last = out[out.length - 1];
      if (last && s.start < last.end) continue;
      out.push(s);
    }
    return (this.technologiesCache = out);
  }

  /** Whether a guard pattern occurs anywhere in the text (cached: it does not depend on the hit). */
  textMatches(re: RegExp): boolean {
    let hit = this.textGuards.get(re);
    if (hit === undefined) {
      hit = re.test(this.text);
      this.textGuards.set(re, hit);
    }
    return hit;
  }
}
