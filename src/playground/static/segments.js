// @ts-check
/**
 * Splits the graded text at every span boundary, so overlapping and nested highlights (a flag
 * inside a strength, two flags on the same words) each become runs of text that know every span
 * covering them. Offsets are JavaScript string indices, `end` exclusive, as in the Evaluation.
 */

/**
 * @template {{ start: number | null, end: number | null }} S
 * @param {string} text
 * @param {S[]} spans
 * @returns {{ start: number, end: number, text: string, spans: S[] }[]}
 *   consecutive segments covering the whole text; `spans` lists the spans covering each one,
 *   in the order given. Spans without offsets, empty or out of range are left out.
 */
export function segmentText(text, spans) {
  const valid = spans.filter(
    (s) =>
      Number.isInteger(s.start) &&
      Number.isInteger(s.end) &&
      /** @type {number} */ (s.start) >= 0 &&
      /** @type {number} */ (s.end) <= text.length &&
      /** @type {number} */ (s.start) < /** @type {number} */ (s.end),
  );
  const cuts = new Set([0, text.length]);
  for (const s of valid) {
    cuts.add(/** @type {number} */ (s.start));
    cuts.add(/** @type {number} */ (s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  /** @type {{ start: number, end: number, text: string, spans: S[] }[]} */
  const segments = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = /** @type {number} */ (points[i]);
    const end = /** @type {number} */ (points[i + 1]);
    const covering = valid.filter((s) => /** @type {number} */ (s.start) <= start && /** @type {number} */ (s.end) >= end);
    segments.push({ start, end, text: text.slice(start, end), spans: covering });
  }
  return segments;
}
