/**
 * A cheap, exact prefilter for catalogue patterns: from a regex source, the set of literal strings
 * at least one of which every match must contain ("scalab", "year"...). A pattern whose set has
 * no member in the (lowercased) text cannot match, so its full scan is skipped. Most answers
 * trigger few rules, and `includes` on a short text costs far less than a regex scan.
 *
 * The analysis is conservative: anything it does not understand (classes, `.`, escapes such as
 * \w, unbounded parts) contributes "no information", never a wrong literal.
 */

interface Info {
  /** Every string the node can match, when that set is small and finite; else null. */
  exact: Set<string> | null;
  /** Literals one of which occurs in every match; null when nothing is known. */
  factors: Set<string> | null;
}

const MAX_SET = 64;
const MIN_FACTOR = 3;
const NOTHING: Info = { exact: null, factors: null };
const EMPTY: Info = { exact: new Set(['']), factors: null };
const literal = (s: string): Info => ({ exact: new Set([s]), factors: new Set([s]) });

/** Returns the factor set of a (linear, already expanded) regex source, or null when unknown. */
export function requiredLiterals(source: string): string[] | null {
  const p = new Parser(source);
  const info = p.alternation();
  const best = score(info.exact) >= score(info.factors) ? usable(info.exact) : usable(info.factors);
  return best ? [...best] : null;
}

/** A set is usable as a prefilter when every member is long enough to be selective. */
function usable(set: Set<string> | null): Set<string> | null {
  if (!set || set.size === 0 || set.size > MAX_SET) return null;
  for (const s of set) if (s.length < MIN_FACTOR) return null;
  return set;
}

function score(set: Set<string> | null): number {
  const u = usable(set);
  if (!u) return -1;
  let min = Infinity;
  for (const s of u) min = Math.min(min, s.length);
  return min * 100 - u.size;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  alternation(): Info {
    const alts: Info[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0]!;
    let exact: Set<string> | null = new Set();
    let factors: Set<string> | null = new Set();
    for (const a of alts) {
      exact = exact && a.exact && exact.size + a.exact.size <= MAX_SET ? new Set([...exact, ...a.exact]) : null;
      const f = a.exact && usable(a.exact) ? a.exact : a.factors;
      factors = factors && f && usable(f) ? new Set([...factors, ...f]) : null;
    }
    return { exact, factors: factors && factors.size <= MAX_SET ? factors : null };
  }

  private sequence(): Info {
    /** Everything the whole sequence can match, while every atom so far is exactly known. */
    let whole: Set<string> | null = new Set(['']);
    /** The current run of exactly-known atoms ("scal" "able"), which forms longer literals. */
    let run: Set<string> | null = new Set(['']);
    let best: Set<string> | null = null;
    const consider = (set: Set<string> | null) => {
      if (score(set) > score(best)) best = set;
    };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.quantified(this.atom());
      consider(atom.factors);
      if (atom.exact) {
        run = run ? cross(run, atom.exact) : null;
        whole = whole ? cross(whole, atom.exact) : null;
        consider(run);
      } else {
        run = new Set(['']);
        whole = null;
      }
    }
    return { exact: whole, factors: best };
  }

  private quantified(atom: Info): Info {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[2] === '' ? Infinity : Number(m[2]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy
    if (min === 1 && max === 1) return atom;
    if (min === 0 && max === 1) return { exact: atom.exact ? new Set([...atom.exact, '']) : null, factors: null };
    if (min === 0) return NOTHING;
    return { exact: null, factors: atom.exact && usable(atom.exact) ? atom.exact : atom.factors };
  }

  private atom(): Info {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    this.i++;
    if (c === '\\') return this.escape();
    if (c === '^' || c === '$') return EMPTY;
    if (c === '.') return NOTHING;
    return literal(c.toLowerCase());
  }

  private group(): Info {
    this.i++;
    let lookaround = false;
    if (this.src[this.i] === '?') {
      const head = this.src.slice(this.i, this.i + 3);
      if (head.startsWith('?:')) this.i += 2;
      else if (head === '?<=' || head === '?<!') [this.i, lookaround] = [this.i + 3, true];
      else if (head.startsWith('?=') || head.startsWith('?!')) [this.i, lookaround] = [this.i + 2, true];
      else if (head.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
    }
    const inner = this.alternation();
    this.i++; // ')'
    return lookaround ? EMPTY : inner;
  }

  private charClass(): Info {
    const start = this.i;
    this.i++;
    let negated = false;
    if (this.src[this.i] === '^') [negated, this.i] = [true, this.i + 1];
    const members = new Set<string>();
    let simple = !negated;
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      let ch = this.src[this.i]!;
      if (ch === '\\') {
        const next = this.src[this.i + 1] ?? '';
        if (/[-\\\]^./+*?()|[{}'’ ]/.test(next)) ch = next;
        else simple = false;
        this.i++;
      } else if (this.src[this.i + 1] === '-' && this.src[this.i + 2] !== ']') {
        simple = false; // a range: too many members to list
      }
      members.add(ch.toLowerCase());
      this.i++;
    }
    this.i++; // ']'
    if (!simple || members.size > 4 || this.i - start > 12) return NOTHING;
    return { exact: members, factors: null };
  }

  private escape(): Info {
    const c = this.src[this.i]!;
    this.i++;
    if (c === 'b' || c === 'B') return EMPTY;
    if (c === 'n') return literal('\n');
    if (c === 't') return literal('\t');
    if (/[dDwWsSrfv0-9]/.test(c)) return NOTHING;
    if (c === 'u' || c === 'x' || c === 'p' || c === 'P' || c === 'k' || c === 'c') {
      // \uXXXX, \xXX, \p{..}, \k<..>: skip the rest of the escape; no literal information.
      const m = /^(?:\{[^}]{0,20}\}|<[^>]{0,40}>|[0-9a-fA-F]{2,4})/.exec(this.src.slice(this.i));
      if (m) this.i += m[0].length;
      return NOTHING;
    }
    return literal(c.toLowerCase());
  }
}

/** A pattern's required literals, with the trigram hashes each one needs. */
export interface LiteralSet {
  literals: string[];
  grams: number[][];
}

const gram = (s: string, i: number) => (s.charCodeAt(i) * 961 + s.charCodeAt(i + 1) * 31 + s.charCodeAt(i + 2)) & 0xffff;

export function literalSet(literals: string[] | null): LiteralSet | null {
  if (!literals) return null;
  return {
    literals,
    grams: literals.map((l) => {
      const g = new Set<number>();
      for (let i = 0; i + 3 <= l.length; i++) g.add(gram(l, i));
      return [...g];
    }),
  };
}

/**
 * The trigrams of one (lowercased) text as a 64K-bit set: a literal can occur only if all its
 * trigrams do. One pass to build; a few array reads per literal to test. False positives only
 * cost a regex scan; there are no false negatives.
 */
export class TrigramIndex {
  private readonly bits = new Uint8Array(8192);

  constructor(lower: string) {
    // gram(lower, i), with each character read once.
    let a = lower.charCodeAt(0);
    let b = lower.charCodeAt(1);
    for (let i = 0; i + 3 <= lower.length; i++) {
      const c = lower.charCodeAt(i + 2);
      const h = (a * 961 + b * 31 + c) & 0xffff;
      this.bits[h >> 3]! |= 1 << (h & 7);
      a = b;
      b = c;
    }
  }

  mayContain(set: LiteralSet): boolean {
    for (const grams of set.grams) {
      let all = true;
      for (const h of grams) {
        if ((this.bits[h >> 3]! & (1 << (h & 7))) === 0) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }
}
