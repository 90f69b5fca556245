/**
 * The words of a text, each read once from its char codes (no lowercasing, no slicing) and put
 * in a class over a fixed vocabulary: the class of a word is where its letters lead in a trie of
 * the vocabulary, and whether the word ends there. Two words of one class equal the same
 * vocabulary words and start with the same ones, so anything decided by such tests (which
 * patterns may start at a word) can be decided once per class.
 */

/** Digits and ASCII letters, case-folded. */
const ALPHABET = 36;

/** By char code below 128: 0-9 → 0-9, a-z and A-Z → 10-35, anything else → -1 (words are ASCII letter-or-digit runs). */
const SLOTS = Int8Array.from({ length: 128 }, (_, c) => {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 122 ? lower - 87 : -1;
});
const slot = (c: number): number => (c < 128 ? SLOTS[c]! : -1);

export interface TextWords {
  /** Start offset of each word, in text order. */
  starts: number[];
  /** The class of each word (see WordTrie.scan). */
  classes: number[];
}

export class WordTrie {
  /** children[node * ALPHABET + slot]: the child node, or 0 (the root is never a child). */
  private children = new Int32Array(ALPHABET * 256);
  private parents = new Int32Array(256);
  private nodes = 1;
  /** The nodes of words marked by `mark`, as words and as prefixes. */
  private readonly markedWords = new Set<number>();
  private readonly markedPrefixes = new Set<number>();
  /** By class: 1 when marked; worked out again after a change. */
  private marks: Uint8Array | null = null;

  /** Adds a word of ASCII letters and digits (any case). */
  add(word: string): void {
    this.nodeOf(word);
  }

  /** Adds a word and marks it: the word itself, or (as a prefix) every word starting with it. */
  mark(word: string, prefix: boolean): void {
    (prefix ? this.markedPrefixes : this.markedWords).add(this.nodeOf(word));
    this.marks = null;
  }

  /** Whether the words of class `c` are marked (see `mark`). */
  isMarked(c: number): boolean {
    this.marks ??= this.classMarks();
    return this.marks[c] === 1;
  }

  private classMarks(): Uint8Array {
    const marks = new Uint8Array(this.classCount);
    const prefixed = new Uint8Array(this.nodes);
    // A child is always numbered after its parent.
    for (let n = 1; n < this.nodes; n++) {
      prefixed[n] = this.markedPrefixes.has(n) || prefixed[this.parents[n]!] === 1 ? 1 : 0;
      marks[2 * n + 1] = prefixed[n]!;
      marks[2 * n + 2] = prefixed[n] === 1 || this.markedWords.has(n) ? 1 : 0;
    }
    return marks;
  }

  private nodeOf(word: string): number {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const s = slot(word.charCodeAt(i));
      if (s < 0) throw new Error(`not a word of ASCII letters and digits: "${word}"`);
      let child = this.children[node * ALPHABET + s]!;
      if (child === 0) {
        child = this.nodes++;
        if (this.nodes > this.parents.length) {
          this.children = grown(this.children);
          this.parents = grown(this.parents);
        }
        this.children[node * ALPHABET + s] = child;
        this.parents[child] = node;
        this.marks = null;
      }
      node = child;
    }
    return node;
  }

  /** Class ids run from 1 to this bound (exclusive); 0 is free for "no word". */
  get classCount(): number {
    return 2 * this.nodes + 1;
  }

  /**
   * The words of `text` and their classes: 2n + 2 when the word spells trie node n exactly,
   * 2n + 1 when it goes on past node n (n = 0, the root, when no vocabulary word starts like it).
   */
  scan(text: string): TextWords {
    const children = this.children;
    const starts: number[] = [];
    const classes: number[] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      let s = slot(text.charCodeAt(i));
      if (s < 0) {
        i++;
        continue;
      }
      starts.push(i);
      let node = 0;
      let exact = true;
      for (;;) {
        const child = children[node * ALPHABET + s]!;
        if (child === 0) {
          exact = false;
          break;
        }
        node = child;
        s = ++i < n ? slot(text.charCodeAt(i)) : -1;
        if (s < 0) break;
      }
      if (!exact) while (++i < n && slot(text.charCodeAt(i)) >= 0);
      classes.push(exact ? 2 * node + 2 : 2 * node + 1);
    }
    return { starts, classes };
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** The word of `text` that starts at `start`, lowercased. */
export function wordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && slot(text.charCodeAt(end)) >= 0) end++;
  return text.slice(start, end).toLowerCase();
}
