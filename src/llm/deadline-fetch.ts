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
 * A connection error (refused, reset, DNS) is thrown, and the SDK retries it after its own backoff,
 * which it sleeps through whatever the deadline. When that backoff may not fit in the time left,
 * the error becomes a 503 answer marked `x-should-retry: false` and CONNECTION_ERROR_HEADER (with
 * the error's description), which map-error.ts reports exactly as the connection error itself.
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

/** Marks a connection error turned into an answer (see above); the value describes the error. */
export const CONNECTION_ERROR_HEADER = 'x-barometer-connection-error';

/** "fetch failed (ECONNREFUSED)": the error's message and, when it has one, its cause's code. */
export function describeConnectionError(err: Error): string {
  const inner = (err as { cause?: unknown }).cause;
  const code = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : null;
  return code ? `${err.message} (${code})` : err.message;
}

const isAbort = (err: unknown) => err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');

const RETRIED_STATUSES = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * Wraps `inner` for one request whose deadline is `deadlineAt` (epoch ms). Build one per request:
 * it counts its own attempts to compute the backoff when the server gives no Retry-After.
 */
export function deadlineFetch(inner: Fetch, deadlineAt: number, now: () => number = Date.now): Fetch {
  let attempt = 0;
  return async function fetchWithinDeadline(input, init) {
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (err) {
      // The longest backoff the SDK may sleep before its next attempt (it uses the same schedule).
      const longestBackoff = Math.min(BASE_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
      attempt += 1;
      if (!(err instanceof Error) || isAbort(err) || init?.signal?.aborted) throw err;
      if (longestBackoff <= deadlineAt - now() - MIN_TIME_FOR_RETRY_MS) throw err;
      const description = describeConnectionError(err).replace(/[^\x20-\x7e]/g, '?').slice(0, 300);
      return new Response(JSON.stringify({ error: { message: description } }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'x-should-retry': 'false', [CONNECTION_ERROR_HEADER]: description },
      });
    }
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
