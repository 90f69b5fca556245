/**
 * The `fetch` the SDK is given. The SDK retries 408/409/429/5xx itself, sleeping for whatever
 * `Retry-After` says, uncapped and deaf to the abort signal (openai >= 6.26). This wrapper rewrites
 * each error response so that every wait fits inside the request's own deadline:
 *  - a wait that fits becomes `retry-after-ms` (which the SDK prefers), clamped to the time left;
 *  - a wait that would outlive the deadline becomes `x-should-retry: false`: fail now, and let the
 *    caller report the server's Retry-After instead of sleeping past the deadline.
 * The server's own wait is kept in SERVER_WAIT_HEADER, so the final error reports what the server
 * asked for, not the backoff or clamp computed here.
 *
 * It also buffers error bodies and returns a fresh Response: the SDK cancels an error body before
 * retrying, and cancelling some streams (msw's, on Node 20) never settles. Error bodies are small.
 */

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Time kept back for the retried request itself: a retry that starts at the deadline is useless. */
const MIN_TIME_FOR_RETRY_MS = 250;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** The wait a response asks for, in ms, from `retry-after-ms` or `retry-after` (seconds or a date). */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return null;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** Where the wait the server itself asked for (in ms) is kept, when it asked for one. */
export const SERVER_WAIT_HEADER = 'x-barometer-server-retry-after-ms';

const RETRIED_STATUSES = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * Wraps `inner` for one request whose deadline is `deadlineAt` (epoch ms). Build one per request:
 * it counts its own attempts to compute the backoff when the server gives no Retry-After.
 */
export function deadlineFetch(inner: Fetch, deadlineAt: number, now: () => number = Date.now): Fetch {
  let attempt = 0;
  return async function fetchWithinDeadline(input, init) {
    const response = await inner(input, init);
    if (response.ok) return response;
    const body = await response.arrayBuffer();
    const headers = new Headers(response.headers);
    if (RETRIED_STATUSES(response.status) && headers.get('x-should-retry') !== 'false') {
      const asked = retryAfterMs(headers, now());
      if (asked !== null) headers.set(SERVER_WAIT_HEADER, String(Math.round(asked)));
      const backoff = Math.min(BASE_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS) * (1 - Math.random() * 0.25);
      const wait = asked ?? backoff;
      const left = deadlineAt - now() - MIN_TIME_FOR_RETRY_MS;
      if (wait > left) {
        headers.set('x-should-retry', 'false');
      } else {
        headers.set('retry-after-ms', String(Math.round(wait)));
      }
    }
    attempt += 1;
    return new Response(body.byteLength > 0 ? body : null, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
