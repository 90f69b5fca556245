// @ts-check
import { h, section } from './dom.js';

/**
 * The parts of the result below the summary, each built from the Evaluation (and the rubric
 * file, when it could be loaded, for level descriptions and evidence-stack questions).
 * @typedef {any} Evaluation  the Evaluation object of the contract
 * @typedef {any} Rubric      the rubric file, from GET /v1/rubrics/{id}, or null
 */

const SEVERITY_TEXT = /** @type {Record<string, string>} */ ({ critical: 'Critical', warning: 'Warning', info: 'Info' });

/** @param {string} s */
const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** @param {string} severity */
export function severityBadge(severity) {
  return h('span', { class: `badge sev-${severity}` }, SEVERITY_TEXT[severity] ?? severity);
}

/** @param {Evaluation} e @param {string | null} id */
function dimensionName(e, id) {
  if (!id) return null;
  return e.dimensions.find((/** @type {any} */ d) => d.id === id)?.name ?? id;
}

/**
 * Flags that point at words (each the target of its highlights' aria-describedby), then the
 * flags about something missing.
 * @param {Evaluation} e
 */
export function flagsSection(e) {
  /** @type {any[]} */
  const located = [];
  /** @type {any[]} */
  const absent = [];
  e.flags.forEach((/** @type {any} */ f, /** @type {number} */ i) => (f.quote === null ? absent : located).push({ f, i }));
  const item = (/** @type {{ f: any, i: number }} */ { f, i }) => {
    const dim = dimensionName(e, f.dimension);
    return h(
      'li',
      { id: `flag-${i}`, class: `flag-item sev-${f.severity}` },
      h('p', { class: 'item-title' }, severityBadge(f.severity), ' ', h('strong', {}, f.label), dim ? h('span', { class: 'muted' }, ` · lowers ${dim}`) : null),
      f.quote !== null ? h('p', { class: 'item-quote' }, h('q', {}, f.quote)) : null,
      h('p', { class: 'item-advice' }, f.advice),
    );
  };
  return section(
    'flags',
    'Weak signals',
    located.length
      ? h('ul', { class: 'items' }, located.map(item))
      : h('p', { class: 'muted' }, 'No weak signals found in the wording.'),
    h('h4', {}, 'Missing from the answer'),
    absent.length ? h('ul', { class: 'items' }, absent.map(item)) : h('p', { class: 'muted' }, 'Nothing essential is missing.'),
  );
}

/** @param {Evaluation} e */
export function strengthsSection(e) {
  return section(
    'strengths',
    'Strengths',
    e.strengths.length
      ? h(
          'ul',
          { class: 'items' },
          e.strengths.map((/** @type {any} */ s, /** @type {number} */ i) =>
            h('li', { id: `strength-${i}`, class: 'strength-item' }, h('p', { class: 'item-title' }, h('strong', {}, s.label)), h('p', { class: 'item-quote' }, h('q', {}, s.quote))),
          ),
        )
      : h('p', { class: 'muted' }, 'No credible senior signals were found yet.'),
  );
}

/** @param {Evaluation} e @param {Rubric} rubric */
export function dimensionsSection(e, rubric) {
  return section(
    'dimensions',
    'Scores by dimension',
    h(
      'ul',
      { class: 'dimensions' },
      e.dimensions.map((/** @type {any} */ d) => {
        const levelText = rubric?.dimensions?.find((/** @type {any} */ rd) => rd.id === d.id)?.levels?.[d.score];
        // The heuristic engine's rationale already quotes the level; do not say it twice.
        const level = levelText && !d.rationale.includes(levelText) ? levelText : null;
        const fill = h('span', { class: `bar-fill score-${d.score}` });
        fill.style.width = `${(d.score / 5) * 100}%`;
        return h(
          'li',
          { class: 'dimension' },
          h('div', { class: 'dimension-head' }, h('h4', {}, d.name), h('span', { class: 'score' }, `${d.score} / 5`)),
          h('div', { class: 'bar', 'aria-hidden': 'true' }, fill),
          level ? h('p', { class: 'level' }, h('span', { class: 'muted' }, `Level ${d.score}: `), level) : null,
          d.spread ? h('p', { class: 'muted' }, `Sampled scores: ${d.spread.samples.join(', ')}`) : null,
          h('p', { class: 'rationale' }, d.rationale),
          d.evidence.length
            ? h('ul', { class: 'evidence', 'aria-label': `Evidence for ${d.name}` }, d.evidence.map((/** @type {any} */ ev) => h('li', {}, h('q', {}, ev.quote))))
            : null,
        );
      }),
    ),
  );
}

/** @param {Evaluation} e @param {Rubric} rubric */
export function evidenceStackSection(e, rubric) {
  const found = e.evidenceStack.filter((/** @type {any} */ s) => s.present).length;
  return section(
    'stack',
    'Evidence stack',
    h('p', { class: 'muted' }, `${found} of ${e.evidenceStack.length} steps present.`),
    h(
      'ol',
      { class: 'checklist' },
      e.evidenceStack.map((/** @type {any} */ s) => {
        const question = rubric?.evidenceStack?.find((/** @type {any} */ q) => q.step === s.step)?.question;
        return h(
          'li',
          { class: s.present ? 'present' : 'missing' },
          h('span', { class: 'check', 'aria-hidden': 'true' }, s.present ? '✓' : '✗'),
          h('span', { class: 'step' }, h('strong', {}, capitalise(s.step)), h('span', { class: 'visually-hidden' }, s.present ? ': present' : ': missing')),
          question ? h('span', { class: 'step-question muted' }, question) : null,
        );
      }),
    ),
  );
}

/** @param {Evaluation} e */
export function adviceSection(e) {
  return section(
    'advice',
    'What to improve',
    e.advice.length ? h('ol', { class: 'advice' }, e.advice.map((/** @type {string} */ a) => h('li', {}, a))) : h('p', { class: 'muted' }, 'No advice: this answer covers the rubric.'),
  );
}

/** @param {number | null | undefined} sec */
function duration(sec) {
  if (sec === null || sec === undefined) return null;
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** @param {Evaluation} e */
export function speechSection(e) {
  const s = e.speech;
  if (!s) return null;
  /** @type {[string, string | null][]} */
  const rows = [
    ['Words', String(s.words)],
    ['Fillers', String(s.fillerCount)],
    ['Fillers per 100 words', s.fillerRate.toFixed(1)],
    ['Duration', duration(s.durationSec)],
    ['Words per minute', s.wordsPerMinute === null ? null : String(Math.round(s.wordsPerMinute))],
    ['Fillers per minute', s.fillersPerMinute === null || s.fillersPerMinute === undefined ? null : s.fillersPerMinute.toFixed(1)],
  ];
  return section(
    'speech',
    'Speech',
    h('dl', { class: 'metrics' }, rows.filter(([, v]) => v !== null).map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    s.durationSec === null ? h('p', { class: 'muted' }, 'No timestamps: duration and pace are unknown.') : null,
  );
}

/** @param {Evaluation} e */
export function warningsSection(e) {
  if (!e.warnings?.length) return null;
  return section('warnings', 'Notes', h('ul', { class: 'notes' }, e.warnings.map((/** @type {string} */ w) => h('li', {}, w))));
}
