// @ts-check
/**
 * Talks to the Barometer API on the same origin. Every failure, whatever its cause (a problem+json
 * answer, another error page, an unreachable server), becomes an ApiError the page can explain.
 */

/**
 * @typedef {{ path: string, message: string }} Issue
 * @typedef {{ type?: string, title?: string, status?: number, detail?: string, code?: string,
 *   requestId?: string, errors?: Issue[], availableRubrics?: string[] }} Problem
 */

export class ApiError extends Error {
  /**
   * @param {'problem' | 'http' | 'network'} kind
   * @param {number} status 0 for a network failure
   * @param {Problem} problem
   * @param {number | null} retryAfterSec
   */
  constructor(kind, status, problem, retryAfterSec = null) {
    super(problem.detail ?? problem.title ?? `request failed (${status})`);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.retryAfterSec = retryAfterSec;
  }
}

/**
 * What to tell the person: a title, a sentence, and the field-level issues.
 * @param {ApiError} err
 * @returns {{ title: string, detail: string, items: string[], note: string | null }}
 */
export function describeError(err) {
  if (err.kind === 'network') {
    return {
      title: 'Could not reach the Barometer service',
      detail: 'The request did not get an answer. Check that the server is running and your connection works, then try again.',
      items: [],
      note: null,
    };
  }
  const p = err.problem;
  const items = (p.errors ?? []).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  let detail = p.detail ?? 'The server could not handle the request.';
  if (p.availableRubrics?.length && !p.availableRubrics.every((id) => detail.includes(id))) {
    items.push(`Available rubrics: ${p.availableRubrics.join(', ')}`);
  }
  if (err.status === 401) detail = `${detail} Enter a valid API key below, then grade again.`;
  if (err.retryAfterSec !== null) detail = `${detail} Try again in ${err.retryAfterSec} s.`;
  const title = p.title ?? `The server answered ${err.status}`;
  return { title, detail, items, note: p.requestId ? `Request id: ${p.requestId}` : null };
}

/** @param {string | null} header */
function parseRetryAfter(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * @param {Response} res
 * @returns {Promise<ApiError>}
 */
async function errorFrom(res) {
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  const type = res.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    try {
      const body = await res.json();
      if (body && typeof body === 'object') return new ApiError('problem', res.status, /** @type {Problem} */ (body), retryAfter);
    } catch {
      // Not JSON after all: fall through to the plain description.
    }
  }
  const detail = `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''} without an explanation.`;
  return new ApiError('http', res.status, { title: 'Request failed', detail }, retryAfter);
}

/**
 * @param {{ getKey: () => string, fetch?: typeof fetch }} options
 */
export function createApi({ getKey, fetch: fetchImpl = fetch.bind(globalThis) }) {
  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  async function call(path, init = {}) {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json, application/problem+json');
    const key = getKey().trim();
    if (key) headers.set('Authorization', `Bearer ${key}`);
    let res;
    try {
      res = await fetchImpl(path, { ...init, headers });
    } catch (cause) {
      throw new ApiError('network', 0, { title: 'Network error', detail: String(cause) });
    }
    if (!res.ok) throw await errorFrom(res);
    try {
      return await res.json();
    } catch {
      throw new ApiError('http', res.status, { title: 'Unreadable answer', detail: 'The server answered, but not with JSON.' });
    }
  }

  return {
    /** @returns {Promise<{ rubrics: { id: string, name: string, version: string, description?: string }[] }>} */
    listRubrics: () => call('/v1/rubrics'),
    /** @param {string} id */
    getRubric: (id) => call(`/v1/rubrics/${encodeURIComponent(id)}`),
    /** @returns {Promise<{ engine: { kind: string, describe: string } }>} */
    readiness: () => call('/readyz'),
    /** @param {unknown} body */
    evaluate: (body) =>
      call('/v1/evaluations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  };
}
