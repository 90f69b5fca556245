import { technologyLexicon, type CompiledTechnologies } from './catalogue.js';
import type { PatternView } from './patterns.js';
import { TrigramIndex, type LiteralSet } from './prefilter.js';
import { asciiWords, foldedView, Sentences, type FoldedView, type Span, type Words } from './text-views.js';

/**
 * One text as the flag rules see it. Views are computed on first use and shared by every rule
 * of one detection run, so each costs one linear pass at most.
 */
export class TextContext {
  private sentencesCache: Sentences | null = null;
  private foldedCache: FoldedView | null = null;
  private technologiesCache: Span[] | null = null;
  private wordsCache: Words | null = null;
  private foldedWordsCache: Words | null = null;
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

  /** Whether a pattern with these required literals can match the text at all (null: cannot tell, so yes). */
  mayMatch(literals: LiteralSet | null): boolean {
    if (!literals) return true;
    return (this.textIndex ??= new TrigramIndex(this.text.toLowerCase())).mayContain(literals);
  }

  sentences(): Sentences {
    return (this.sentencesCache ??= new Sentences(this.text));
  }

  folded(): FoldedView {
    return (this.foldedCache ??= foldedView(this.text, this.words('text')));
  }

  /** The words of the text, or of its folded view (see text-views.ts). */
  words(view: PatternView): Words {
    if (view === 'folded' && this.folded().map !== null) return (this.foldedWordsCache ??= asciiWords(this.folded().text));
    return (this.wordsCache ??= asciiWords(this.text));
  }

  /** Technology names mentioned, in order, without overlaps (the longer name wins). */
  technologies(): Span[] {
    if (this.technologiesCache) return this.technologiesCache;
    const { anyCase, exactCase } = this.lexicon();
    const words = this.words('text');
    const found = anyCase.find(this.text, words);
    if (exactCase) found.push(...exactCase.find(this.text, words));
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
