/**
 * Compiling catalogue patterns. Every pattern goes through here so that:
 * - `{{name}}` macros are expanded from the catalogue's `macros`;
 * - a literal space matches a run of whitespace (1-3 characters; 0-3 in the folded view, where
 *   spaced-out letters are joined so words may touch), and a literal `'`
 *   also matches the typographic apostrophe;
 * - unbounded quantifiers (`*`, `+`, `{n,}`) are rejected, so that every rule runs in time
 *   linear in the text: with bounded quantifiers, no start position can cost more than a
 *   constant, whatever the input (100 KB of "((((" or "we we we").
 */

export class PatternError extends Error {}

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

export type PatternView = 'text' | 'folded';

/** Rewrites spaces and apostrophes outside character classes, and rejects unbounded quantifiers. */
export function linearSource(source: string, view: PatternView): string {
  // Grouped, so that a following `?` makes the space optional instead of lazy.
  const space = view === 'folded' ? '(?:\\s{0,3})' : '(?:\\s{1,3})';
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '*' || c === '+') {
      throw new PatternError(`unbounded quantifier "${c}" at ${i}: use a bounded one such as {1,40}`);
    }
    if (c === '{' && /^\{\d{1,4},\}/.test(source.slice(i, i + 8))) {
      throw new PatternError(`unbounded quantifier "{n,}" at ${i}: give it an upper bound`);
    }
    if (c === ' ') out += space;
    else if (c === "'") out += "['\u2019]";
    else out += c;
  }
  if (inClass) throw new PatternError('unterminated character class');
  return out;
}

/** Compiles one catalogue pattern; `flags` is 'gi' for scanning, 'i' for guards. */
export function compilePattern(source: string, macros: Record<string, string>, view: PatternView, flags: string): RegExp {
  const linear = linearSource(expandMacros(source, macros), view);
  try {
    return new RegExp(linear, flags);
  } catch (err) {
    throw new PatternError(`not a valid regular expression: ${(err as Error).message}`);
  }
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
