// @ts-check
import { annotatedText } from './annotated-text.js';
import { copyText } from './copy.js';
import { h, section } from './dom.js';
import {
  adviceSection,
  dimensionsSection,
  evidenceStackSection,
  flagsSection,
  speechSection,
  strengthsSection,
  warningsSection,
} from './result-sections.js';

/**
 * The whole result panel for one Evaluation.
 * @typedef {any} Evaluation
 * @typedef {any} Rubric  the rubric file (GET /v1/rubrics/{id}), or null when it could not be loaded
 */

/** Where a band sits among the rubric's bands, for its colour: low, mid or high. @param {Rubric} rubric @param {string} id */
function bandTone(rubric, id) {
  const bands = rubric?.bands ?? [];
  const i = bands.findIndex((/** @type {any} */ b) => b.id === id);
  if (i < 0 || bands.length < 2) return 'mid';
  if (i === 0) return 'low';
  return i === bands.length - 1 ? 'high' : 'mid';
}

/** The total on the rubric's scale, with each band's range. @param {Evaluation} e @param {Rubric} rubric */
function scale(e, rubric) {
  const min = e.dimensions.length;
  const max = e.maxTotal;
  const clamp = (/** @type {number} */ v) => Math.min(max, Math.max(min, v));
  const pct = (/** @type {number} */ v) => ((clamp(v) - min) / Math.max(1, max - min)) * 100;
  const track = h('div', { class: 'scale-track' });
  for (const b of rubric?.bands ?? [e.band]) {
    // Totals are integers: band b owns [min - ½, max + ½] of the continuous track.
    const left = pct(b.min - 0.5);
    const part = h('span', { class: `scale-band tone-${bandTone(rubric, b.id)}${b.id === e.band.id ? ' is-current' : ''}` });
    part.style.left = `${left}%`;
    part.style.width = `${pct(b.max + 0.5) - left}%`;
    track.append(part);
  }
  const marker = h('span', { class: 'scale-marker' });
  marker.style.left = `${pct(e.total)}%`;
  track.append(marker);
  const labels = h(
    'div',
    { class: 'scale-labels' },
    (rubric?.bands ?? []).map((/** @type {any} */ b) => h('span', {}, `${b.label} ${b.min}–${b.max}`)),
  );
  return h('div', { class: 'scale', role: 'img', 'aria-label': `Total ${e.total} on a scale from ${min} to ${max}` }, track, labels);
}

/** @param {Evaluation} e @param {Rubric} rubric */
function summary(e, rubric) {
  const band = rubric?.bands?.find((/** @type {any} */ b) => b.id === e.band.id);
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const fallback = h('div', { class: 'copy-fallback' });
  const json = JSON.stringify(e, null, 2);
  const copy = h('button', {
    type: 'button',
    class: 'secondary',
    id: 'copy-json',
    onclick: async () => {
      const ok = await copyText(json);
      status.textContent = ok ? 'JSON copied to the clipboard.' : 'Copying is blocked here: select the JSON below and copy it.';
      if (!ok) {
        const area = h('textarea', { readonly: true, rows: 8, 'aria-label': 'Evaluation JSON' });
        /** @type {HTMLTextAreaElement} */ (area).value = json;
        fallback.replaceChildren(area);
        /** @type {HTMLTextAreaElement} */ (area).select();
      }
    },
  }, 'Copy JSON');
  const engine = e.engine.kind === 'llm' ? `LLM (${e.engine.model ?? 'model'})` : 'heuristic';
  return h(
    'div',
    { class: `summary tone-${bandTone(rubric, e.band.id)}` },
    h(
      'div',
      { class: 'summary-main' },
      h('p', { class: 'total', id: 'total' }, h('span', { class: 'total-number' }, String(e.total)), h('span', { class: 'total-max' }, ` / ${e.maxTotal}`)),
      h('div', {}, h('p', { class: 'band', id: 'band' }, h('span', { class: 'band-label' }, e.band.label), h('span', { class: 'band-range' }, ` (${e.band.min}–${e.band.max})`)),
        band?.interpretation ? h('p', { class: 'interpretation', id: 'interpretation' }, band.interpretation) : null),
    ),
    scale(e, rubric),
    h('p', { class: 'meta muted' }, `Rubric: ${e.rubric.name} ${e.rubric.version} · Engine: ${engine}`),
    e.question ? h('p', { class: 'meta' }, h('span', { class: 'muted' }, 'Question: '), e.question) : null,
    h('div', { class: 'inline' }, copy, status),
    fallback,
  );
}

/** @param {Evaluation} e */
function answerSection(e) {
  /** @type {import('./annotated-text.js').Span[]} */
  const spans = [];
  e.flags.forEach((/** @type {any} */ f, /** @type {number} */ i) => {
    if (f.start !== null && f.end !== null) {
      spans.push({ kind: 'flag', id: `f${i}`, name: f.id, descId: `flag-${i}`, label: f.label, severity: f.severity, advice: f.advice, start: f.start, end: f.end });
    }
  });
  e.strengths.forEach((/** @type {any} */ s, /** @type {number} */ i) => {
    spans.push({ kind: 'strength', id: `s${i}`, name: s.id, descId: `strength-${i}`, label: s.label, severity: null, advice: null, start: s.start, end: s.end });
  });
  const flagged = spans.filter((s) => s.kind === 'flag').length;
  const strong = spans.length - flagged;
  return section(
    'answer',
    'Your answer, annotated',
    h(
      'p',
      { class: 'legend' },
      h('span', { class: 'hl hl-flag sev-warning legend-swatch' }, 'weak signal'),
      ' ',
      h('span', { class: 'hl hl-strength legend-swatch' }, 'strength'),
      h('span', { class: 'muted' }, ` ${flagged} weak signal${flagged === 1 ? '' : 's'} and ${strong} strength${strong === 1 ? '' : 's'} in the text. Hover a highlight, or Tab to it, to see why.`),
    ),
    annotatedText(e.text, spans),
  );
}

/**
 * @param {Evaluation} e
 * @param {Rubric} rubric
 * @returns {HTMLElement[]}
 */
export function renderResult(e, rubric) {
  return /** @type {HTMLElement[]} */ (
    [
      summary(e, rubric),
      adviceSection(e),
      answerSection(e),
      flagsSection(e),
      strengthsSection(e),
      dimensionsSection(e, rubric),
      evidenceStackSection(e, rubric),
      speechSection(e),
      warningsSection(e),
    ].filter(Boolean)
  );
}
