import type { Interval, Piece } from './assemble.js';
import { labelPiece } from './assemble.js';
import { countWords } from './words.js';

/**
 * The text of one WebVTT or SRT cue, split by speaker: `cueLines` reads its visible lines,
 * `linePieces` splits them by speaker and times them. A cue may hold `<v Name>` voice spans
 * (several in one cue), `Name:` prefixes on its lines, dialogue dashes, and formatting tags
 * (`<i>`, `<c.yellow>`, `<00:00:01.000>`, `<font>`, `{\an8}`), which are removed.
 */
const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]*?)[ \t]*>|<\/v>/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '', quot: '"', apos: "'" };

function plain(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? all;
    });
}

/**
 * One line of a cue's text (or the part of it inside one voice span), with tags removed: what
 * the viewer reads. Lines, not pieces, are what roll-up captions repeat (see rollup.ts).
 */
export interface CueLine {
  /** The `<v Name>` voice the line is in, or null. */
  voice: string | null;
  /** The visible text, trimmed, dialogue dash removed; may start with a `Name:` label. */
  text: string;
  /** 1-based line number, for error messages. */
  line: number;
}

/** The visible lines of a cue's text, in order, empty ones left out. */
export function cueLines(lines: string[], firstLine: number): CueLine[] {
  const body = lines.join('\n');
  // [voice or null, text] runs.
  const runs: { voice: string | null; text: string }[] = [];
  let voice: string | null = null;
  let at = 0;
  for (const m of body.matchAll(VOICE)) {
    runs.push({ voice, text: body.slice(at, m.index) });
    voice = m[1] !== undefined ? plain(m[1]).trim() || null : null;
    at = m.index + m[0].length;
  }
  runs.push({ voice, text: body.slice(at) });

  const out: CueLine[] = [];
  let line = firstLine;
  for (const run of runs) {
    const runLines = plain(run.text).split('\n');
    runLines.forEach((raw, i) => {
      const text = raw.replace(/^[ \t]*(?:-|>>)[ \t]*/, ' ').trim();
      if (text) out.push({ voice: run.voice, text, line: line + i });
    });
    line += runLines.length - 1;
  }
  return out;
}

/** A cue's lines as pieces: a voice span or a `Name:` line starts a piece, other lines continue it. */
export function linePieces(lines: CueLine[], interval: Interval): Piece[] {
  const pieces: Piece[] = [];
  for (const { voice, text, line } of lines) {
    if (voice !== null) {
      const last = pieces[pieces.length - 1];
      if (last && last.explicit && last.label === voice) last.text = `${last.text} ${text}`;
      else pieces.push({ label: voice, text, full: text, explicit: true, interval: null, line });
    } else {
      const p = labelPiece(text, line, null);
      const last = pieces[pieces.length - 1];
      if (p.label === null && last && !last.explicit) {
        last.text = `${last.text} ${text}`;
        last.full = `${last.full} ${text}`;
      } else {
        pieces.push(p);
      }
    }
  }
  return timePieces(pieces, interval);
}

/** Several speakers in one cue share its time in proportion to their words. */
function timePieces(pieces: Piece[], interval: Interval): Piece[] {
  if (pieces.length <= 1) return pieces.map((p) => ({ ...p, interval }));
  const words = pieces.map((p) => Math.max(1, countWords(p.text)));
  const total = words.reduce((a, b) => a + b, 0);
  const span = interval.end - interval.start;
  let before = 0;
  return pieces.map((p, i) => {
    const start = interval.start + (span * before) / total;
    before += words[i]!;
    return { ...p, interval: { start, end: interval.start + (span * before) / total } };
  });
}
