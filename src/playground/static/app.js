// @ts-check
import { attachTooltips } from './annotated-text.js';
import { ApiError, createApi, describeError } from './api.js';
import { h } from './dom.js';
import { ACCEPTED_EXTENSIONS, buildRequest, detectFormat, FORMAT_NAMES, formatFromFileName } from './input.js';
import { renderResult } from './result.js';

/** The page's wiring: form state, the API calls, and where their results and errors go. */

const KEY_STORAGE = 'barometer.apiKey';
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** @template {HTMLElement} T @param {string} id @returns {T} */
const $ = (id) => /** @type {T} */ (document.getElementById(id));

const form = /** @type {HTMLFormElement} */ ($('grade-form'));
const answer = /** @type {HTMLTextAreaElement} */ ($('answer'));
const file = /** @type {HTMLInputElement} */ ($('file'));
const format = /** @type {HTMLSelectElement} */ ($('format'));
const question = /** @type {HTMLInputElement} */ ($('question'));
const rubric = /** @type {HTMLSelectElement} */ ($('rubric'));
const engine = /** @type {HTMLSelectElement} */ ($('engine'));
const keyField = $('key-field');
const apiKey = /** @type {HTMLInputElement} */ ($('api-key'));
const gradeButton = /** @type {HTMLButtonElement} */ ($('grade'));
const message = $('form-message');
const status = $('form-status');
const result = $('result');
const resultBody = $('result-body');
const resultHeading = $('result-heading');

const storage = {
  get() {
    try {
      return sessionStorage.getItem(KEY_STORAGE) ?? '';
    } catch {
      return '';
    }
  },
  /** @param {string} value */
  set(value) {
    try {
      if (value) sessionStorage.setItem(KEY_STORAGE, value);
      else sessionStorage.removeItem(KEY_STORAGE);
    } catch {
      // Storage disabled: the key still works for this page view.
    }
  },
};

const api = createApi({ getKey: () => apiKey.value });
/** @type {Map<string, Promise<any>>} */
const rubricCache = new Map();
let busy = false;

function showKeyField() {
  keyField.hidden = false;
}

/** @param {string} text */
function setStatus(text) {
  status.textContent = text;
}

function clearMessage() {
  message.replaceChildren();
  for (const el of [answer, question, rubric, apiKey]) el.removeAttribute('aria-invalid');
}

/** @param {unknown} err */
function showError(err) {
  const apiErr = err instanceof ApiError ? err : new ApiError('http', 0, { title: 'Something went wrong', detail: String(err) });
  const { title, detail, items, note } = describeError(apiErr);
  message.replaceChildren(
    h(
      'div',
      { class: 'message message-error' },
      h('p', { class: 'message-title' }, title),
      h('p', {}, detail),
      items.length ? h('ul', {}, items.map((i) => h('li', {}, i))) : null,
      note ? h('p', { class: 'muted' }, note) : null,
    ),
  );
  message.scrollIntoView({ block: 'nearest' });
  const paths = (apiErr.problem.errors ?? []).map((i) => i.path);
  if (paths.some((p) => p === '' || p.startsWith('answer') || p.startsWith('transcript'))) answer.setAttribute('aria-invalid', 'true');
  if (paths.some((p) => p.startsWith('question'))) question.setAttribute('aria-invalid', 'true');
  if (apiErr.problem.code === 'unknown_rubric') rubric.setAttribute('aria-invalid', 'true');
  if (apiErr.status === 401) {
    showKeyField();
    apiKey.setAttribute('aria-invalid', 'true');
  }
}

async function loadRubrics() {
  try {
    const { rubrics } = await api.listRubrics();
    const previous = rubric.value;
    rubric.replaceChildren(...rubrics.map((r) => h('option', { value: r.id }, `${r.name} (${r.id})`)));
    rubric.value = rubrics.some((r) => r.id === previous) ? previous : (rubrics.find((r) => r.id === 'senior-swe') ?? rubrics[0])?.id ?? '';
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showKeyField();
      setStatus('This server needs an API key: enter it to load the rubrics and grade.');
    } else {
      showError(err);
    }
  }
}

async function loadEngineHint() {
  try {
    const ready = await api.readiness();
    $('engine-hint').textContent = `Auto uses the ${ready.engine.kind === 'llm' ? 'LLM' : 'heuristic'} engine here.`;
    const llm = /** @type {HTMLOptionElement | undefined} */ ([...engine.options].find((o) => o.value === 'llm'));
    if (llm && ready.engine.kind !== 'llm') llm.textContent = 'LLM (no model configured)';
  } catch {
    // Only a hint: the grade request reports real problems.
  }
}

function updateDetected() {
  const hint = $('format-detected');
  if (format.value !== 'auto' || answer.value.trim() === '') {
    hint.textContent = '';
    return;
  }
  hint.textContent = `Reads as ${FORMAT_NAMES[detectFormat(answer.value)]}.`;
}

async function readFile() {
  const chosen = file.files?.[0];
  if (!chosen) return;
  clearMessage();
  const ext = chosen.name.toLowerCase().split('.').pop() ?? '';
  if (!ACCEPTED_EXTENSIONS.includes(ext)) {
    showError(new ApiError('http', 0, { title: 'Unsupported file', detail: `${chosen.name} is not a .txt, .vtt or .srt file.` }));
    return;
  }
  if (chosen.size > MAX_FILE_BYTES) {
    showError(new ApiError('http', 0, { title: 'File too large', detail: `${chosen.name} is larger than 2 MB.` }));
    return;
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await chosen.arrayBuffer());
    if (text.includes('\u0000')) throw new Error('binary');
  } catch {
    showError(new ApiError('http', 0, { title: 'Not a text file', detail: `${chosen.name} is not UTF-8 text.` }));
    return;
  }
  answer.value = text;
  format.value = formatFromFileName(chosen.name) ?? 'auto';
  updateDetected();
  setStatus(`Loaded ${chosen.name}.`);
}

/** @param {any} evaluation */
async function rubricFor(evaluation) {
  const key = `${evaluation.rubric.id}@${evaluation.rubric.version}`;
  if (!rubricCache.has(key)) {
    const p = api.getRubric(evaluation.rubric.id).catch(() => {
      rubricCache.delete(key);
      return null;
    });
    rubricCache.set(key, p);
  }
  return rubricCache.get(key);
}

async function grade() {
  if (busy) return;
  busy = true;
  clearMessage();
  form.setAttribute('aria-busy', 'true');
  gradeButton.textContent = 'Grading…';
  setStatus('Grading…');
  try {
    const body = buildRequest({
      text: answer.value,
      format: /** @type {any} */ (format.value),
      question: question.value,
      rubric: rubric.value,
      engine: engine.value,
    });
    const evaluation = await api.evaluate(body);
    const rubricFile = await rubricFor(evaluation);
    resultBody.replaceChildren(...renderResult(evaluation, rubricFile));
    result.hidden = false;
    setStatus(`Graded: ${evaluation.total} of ${evaluation.maxTotal}, ${evaluation.band.label}.`);
    resultHeading.focus();
  } catch (err) {
    setStatus('');
    showError(err);
    if (err instanceof ApiError && err.status === 401) apiKey.focus();
  } finally {
    busy = false;
    form.removeAttribute('aria-busy');
    gradeButton.textContent = 'Grade';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void grade();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
    e.preventDefault();
    void grade();
  }
});
answer.addEventListener('input', updateDetected);
format.addEventListener('change', updateDetected);
file.addEventListener('change', () => void readFile());
apiKey.addEventListener('change', () => {
  storage.set(apiKey.value.trim());
  apiKey.removeAttribute('aria-invalid');
  void loadRubrics();
});
$('forget-key').addEventListener('click', () => {
  apiKey.value = '';
  storage.set('');
  setStatus('The API key was forgotten.');
  apiKey.focus();
});
$('example').addEventListener('click', () => {
  answer.value = /** @type {HTMLTemplateElement} */ ($('example-answer')).content.textContent?.trim() ?? '';
  format.value = 'auto';
  updateDetected();
  answer.focus();
});

const nav = /** @type {Navigator & { userAgentData?: { platform?: string } }} */ (navigator);
if (/mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? navigator.platform ?? '')) {
  $('shortcut-hint').replaceChildren('or press ', h('kbd', {}, '⌘'), '+', h('kbd', {}, 'Enter'));
}

apiKey.value = storage.get();
if (apiKey.value) showKeyField();
attachTooltips(resultBody, $('tooltip'));
updateDetected();
void loadRubrics();
void loadEngineHint();
