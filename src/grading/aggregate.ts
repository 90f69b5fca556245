import type { AdviceItem } from './engine.js';
import type { Band } from './evaluation.js';
import type { Rubric } from './rubric.js';

/** The band whose range contains the total (rubric bands tile the whole range, checked at load). */
export function bandFor(rubric: Rubric, total: number): Band {
  const band = rubric.bands.find((b) => total >= b.min && total <= b.max) ?? rubric.bands[rubric.bands.length - 1]!;
  return { id: band.id, min: band.min, max: band.max, label: band.label };
}

/** Most valuable first; equal gains keep the engine's order; the same text is given once. */
export function orderAdvice(items: AdviceItem[], limit = 8): string[] {
  const seen = new Set<string>();
  return items
    .map((item, i) => ({ text: item.text, gain: item.gain, i }))
    .sort((a, b) => b.gain - a.gain || a.i - b.i)
    .map((a) => a.text.trim())
    .filter((t) => t.length > 0 && !seen.has(t) && (seen.add(t), true))
    .slice(0, limit);
}
