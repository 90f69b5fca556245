// @ts-check
import { h } from './dom.js';
import { segmentText } from './segments.js';

/**
 * The graded text with every flag and strength highlighted in place. Each highlighted run is a
 * focusable <mark> described (aria-describedby) by the list entries of the spans covering it;
 * a tooltip shows the same label and advice on hover and on keyboard focus.
 */

/**
 * @typedef {{ kind: 'flag' | 'strength', id: string, name: string, descId: string, label: string,
 *   severity: string | null, advice: string | null, start: number, end: number }} Span
 *   `id` is unique per span on the page; `name` is the flag or strength id (e.g. tenure-claim).
 */

const SEVERITY_RANK = /** @type {Record<string, number>} */ ({ info: 1, warning: 2, critical: 3 });
/** @type {WeakMap<Element, Span[]>} */
const spansOf = new WeakMap();

/** @param {Span[]} spans */
function markClass(spans) {
  const classes = ['hl'];
  const flags = spans.filter((s) => s.kind === 'flag');
  if (flags.length) {
    const worst = flags.reduce((a, b) => ((SEVERITY_RANK[b.severity ?? ''] ?? 0) > (SEVERITY_RANK[a.severity ?? ''] ?? 0) ? b : a));
    classes.push('hl-flag', `sev-${worst.severity ?? 'warning'}`);
  }
  if (spans.some((s) => s.kind === 'strength')) classes.push('hl-strength');
  return classes.join(' ');
}

/** @param {Span[]} spans @param {Span['kind']} kind */
function namesOf(spans, kind) {
  const names = [...new Set(spans.filter((s) => s.kind === kind).map((s) => s.name))];
  return names.length ? names.join(' ') : null;
}

/**
 * @param {string} text
 * @param {Span[]} spans
 * @returns {HTMLElement}
 */
export function annotatedText(text, spans) {
  const box = h('div', { class: 'annotated', id: 'annotated-text' });
  for (const seg of segmentText(text, spans)) {
    if (seg.spans.length === 0) {
      box.append(document.createTextNode(seg.text));
      continue;
    }
    const mark = h(
      'mark',
      {
        class: markClass(seg.spans),
        tabindex: 0,
        'aria-describedby': [...new Set(seg.spans.map((s) => s.descId))].join(' '),
        'data-spans': seg.spans.map((s) => s.id).join(' '),
        'data-flag-ids': namesOf(seg.spans, 'flag'),
        'data-strength-ids': namesOf(seg.spans, 'strength'),
      },
      seg.text,
    );
    spansOf.set(mark, seg.spans);
    box.append(mark);
  }
  return box;
}

/** @param {Span} s */
function tipEntry(s) {
  const kind = s.kind === 'flag' ? `${s.severity ?? 'warning'} flag` : 'strength';
  return h(
    'div',
    { class: `tip-entry tip-${s.kind}` },
    h('p', { class: 'tip-title' }, h('strong', {}, s.label), ' ', h('span', { class: 'tip-kind' }, `(${kind})`)),
    s.advice ? h('p', { class: 'tip-advice' }, s.advice) : null,
  );
}

/**
 * Shows the tooltip for marks inside `container` on hover and focus; Escape dismisses it, and
 * the pointer may move onto it without it closing (WCAG 1.4.13).
 * @param {HTMLElement} container
 * @param {HTMLElement} tooltip
 */
export function attachTooltips(container, tooltip) {
  /** @type {HTMLElement | null} */
  let current = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let hideTimer;

  const setActive = (/** @type {HTMLElement | null} */ mark, /** @type {boolean} */ on) => {
    if (!mark) return;
    const ids = new Set((mark.dataset.spans ?? '').split(' '));
    for (const m of container.querySelectorAll('mark[data-spans]')) {
      if ((/** @type {HTMLElement} */ (m).dataset.spans ?? '').split(' ').some((id) => ids.has(id))) m.classList.toggle('is-active', on);
    }
  };

  const place = (/** @type {HTMLElement} */ mark) => {
    const rects = mark.getClientRects();
    const rect = rects[0] ?? mark.getBoundingClientRect();
    const margin = 8;
    const width = Math.min(tooltip.offsetWidth, document.documentElement.clientWidth - 2 * margin);
    const left = Math.min(Math.max(margin, rect.left), document.documentElement.clientWidth - width - margin);
    const last = rects[rects.length - 1] ?? rect;
    tooltip.style.left = `${left + window.scrollX}px`;
    tooltip.style.top = `${last.bottom + window.scrollY + 6}px`;
  };

  const show = (/** @type {HTMLElement} */ mark) => {
    clearTimeout(hideTimer);
    if (current === mark && !tooltip.hidden) return;
    setActive(current, false);
    current = mark;
    tooltip.replaceChildren(...(spansOf.get(mark) ?? []).map(tipEntry));
    tooltip.hidden = false;
    setActive(mark, true);
    place(mark);
  };

  const hide = () => {
    clearTimeout(hideTimer);
    setActive(current, false);
    current = null;
    tooltip.hidden = true;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  };

  const markFrom = (/** @type {EventTarget | null} */ t) =>
    t instanceof Element ? /** @type {HTMLElement | null} */ (t.closest('mark.hl')) : null;

  container.addEventListener('mouseover', (e) => {
    const mark = markFrom(e.target);
    if (mark) show(mark);
  });
  container.addEventListener('mouseout', (e) => {
    if (markFrom(e.target) && !tooltip.contains(/** @type {Node | null} */ (e.relatedTarget))) hideSoon();
  });
  container.addEventListener('focusin', (e) => {
    const mark = markFrom(e.target);
    if (mark) show(mark);
  });
  container.addEventListener('focusout', () => hide());
  tooltip.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  tooltip.addEventListener('mouseleave', hideSoon);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !tooltip.hidden) hide();
  });
  window.addEventListener('resize', () => {
    if (current) place(current);
  });
  return { hide };
}
