/**
 * Compiling catalogue patterns: the one compiler behind every signal catalogue (flags, strengths,
 * technologies, cues), so that they all read the same way:
 * - `{{name}}` macros are expanded from the catalogue's `macros`;
 * - a literal space matches a run of whitespace, as wide as the catalogue's dialect says, and a
 *   literal `'` also matches the typographic apostrophe;
 * - in dialects that allow it, `~N` (N = 1..9) between spaces is a gap of up to N words inside one
 *   sentence (`chose ~4 over`);
 * - unbounded quantifiers (`*`, `+`, `{n,}`) are rejected, so that every rule runs in time
 *   linear in the text: with bounded quantifiers, no start position can cost more than a
 *   constant, whatever the input (100 KB of "((((" or "we we we").
 */

export class PatternError extends Error {}

/** How one catalogue writes whitespace. */
export interface PatternDialect {
  /** Fewest and most whitespace characters a literal space stands for. */
  space: { min: number; max: number };
  /**
   * A run of spaces is one bare gap (`\s{1,24}`) and ` ?` an optional one (`\s{0,24}`); otherwise
   * each space is its own group (`(?:\s{1,3})`), grouped so that a following `?` makes it optional
   * instead of lazy.
   */
  collapseRuns: boolean;
  /** `~N` is a bounded word gap; otherwise `~` is literal. */
  wordGaps: boolean;
}

export type PatternView = 'text' | 'folded';

/** Flags, strengths and technologies: 1-3 whitespace characters, 0-3 in the folded view (spaced-out letters are joined, so words may touch). */
const VIEW_DIALECTS: Record<PatternView, PatternDialect> = {
  text: { space: { min: 1, max: 3 }, collapseRuns: false, wordGaps: false },
  folded: { space: { min: 0, max: 3 }, collapseRuns: false, wordGaps: false },
};

/** Cues: blanked fillers leave long runs of whitespace, hence up to 24. */
export const CUE_DIALECT: PatternDialect = { space: { min: 1, max: 24 }, collapseRuns: true, wordGaps: true };

const MACRO = /\{\{([a-zA-Z0-9]{1,40})\}\}/g;

export function expandMacros(source: string, macros: Record<string, string>): string {
  // Macros may use other macros; three rounds is plenty and stops cycles.
  let out = source;
  for (let round = 0; round < 3 && out.includes('{{'); round++) {
    out = out.replace(MACRO, (_, name: string) => {
      const body = macros[name];
      if (body === undefined) throw new PatternError(`unknown macro {{${name}}}`);
      return `(?:${body})`;
    });
  }
  if (MACRO.test(out)) throw new PatternError('macros nested more than 3 deep');
  return out;
}

const UNBOUNDED_RANGE = /^\{\d+,\}/;

/**
 * Rewrites spaces, apostrophes and (where the dialect allows) `~N` gaps outside character classes,
 * and rejects unbounded quantifiers. `view` names a flag-catalogue view or gives a dialect.
 */
export function linearSource(source: string, view: PatternView | PatternDialect): string {
  const d = typeof view === 'string' ? VIEW_DIALECTS[view] : view;
  const { min, max } = d.space;
  // Up to n words, each followed by whitespace; word and space classes are disjoint, so no ambiguity.
  const wordGap = (n: number) => `(?:[^\\s.!?;]{1,30}\\s{${min},${max}}){0,${n}}`;
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '*' || c === '+') {
      const hint = d.wordGaps ? 'use a bounded {m,n} or the ~N gap' : 'use a bounded one such as {1,40}';
      throw new PatternError(`unbounded quantifier "${c}" at ${i}: ${hint}`);
    } else if (c === '{' && UNBOUNDED_RANGE.test(source.slice(i))) {
      throw new PatternError(`unbounded quantifier "${UNBOUNDED_RANGE.exec(source.slice(i))![0]}" at ${i}: give it an upper bound`);
    } else if (d.wordGaps && c === '~' && /[1-9]/.test(source[i + 1] ?? '')) {
      out += wordGap(Number(source[i + 1]));
      i++;
      while (source[i + 1] === ' ') i++;
    } else if (c === ' ' && d.collapseRuns) {
      while (source[i + 1] === ' ') i++;
      if (source[i + 1] === '?') {
        out += `\\s{0,${max}}`;
        i++;
      } else out += `\\s{${min},${max}}`;
    } else if (c === ' ') {
      out += `(?:\\s{${min},${max}})`;
    } else if (c === "'") {
      out += "['\u2019]";
    } else {
      out += c;
    }
  }
  if (inClass) throw new PatternError('unterminated character class');
  return out;
}

/** Compiles regex source, reporting a syntax error as a PatternError. */
export function checkedRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new PatternError(`not a valid regular expression: ${(err as Error).message}`);
  }
}

/** Compiles one catalogue pattern; `flags` is 'gi' for scanning, 'i' for guards. */
export function compilePattern(source: string, macros: Record<string, string>, view: PatternView | PatternDialect, flags: string): RegExp {
  return checkedRegExp(linearSource(expandMacros(source, macros), view), flags);
}

/**
 * Literal names as one alternation, longest first (so "Ruby on Rails" wins over "Ruby"),
 * bounded so that "Go" does not match inside "Google" nor "C" inside "C++".
 */
export function literalAlternation(terms: string[]): string {
  const alts = [...new Set(terms)]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return `(?<![A-Za-z0-9_])(?:${alts.join('|')})(?![A-Za-z0-9_+#])`;
}
