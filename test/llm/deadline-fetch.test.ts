import { describe, expect, it } from 'vitest';
import { CONNECTION_ERROR_HEADER, deadlineFetch, retryAfterMs, SERVER_WAIT_HEADER } from '../../src/llm/deadline-fetch.js';

const NOW = 1_000_000;
const respond = (status: number, headers: Record<string, string> = {}) => async () => new Response(status === 204 ? null : '{"error":{}}', { status, headers });

describe('deadline-aware fetch wrapper', () => {
  it('passes successful responses through untouched', async () => {
    const original = new Response('{}', { status: 200 });
    const f = deadlineFetch(async () => original, NOW + 5000, () => NOW);
    expect(await f('http://x')).toBe(original);
  });

  it('turns a Retry-After that fits the time left into retry-after-ms and remembers the server value', async () => {
    const f = deadlineFetch(respond(429, { 'retry-after': '2' }), NOW + 10_000, () => NOW);
    const res = await f('http://x');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after-ms')).toBe('2000');
    expect(res.headers.get(SERVER_WAIT_HEADER)).toBe('2000');
    expect(res.headers.get('x-should-retry')).toBeNull();
    expect(await res.text()).toBe('{"error":{}}');
  });

  it('says do-not-retry when the wait would outlive the deadline', async () => {
    const f = deadlineFetch(respond(503, { 'retry-after': '30' }), NOW + 10_000, () => NOW);
    const res = await f('http://x');
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.headers.get(SERVER_WAIT_HEADER)).toBe('30000');
  });

  it('bounds its own backoff by the deadline when the server names no wait', async () => {
    const roomy = await deadlineFetch(respond(500), NOW + 10_000, () => NOW)('http://x');
    const wait = Number(roomy.headers.get('retry-after-ms'));
    expect(wait).toBeGreaterThan(300);
    expect(wait).toBeLessThanOrEqual(500);
    expect(roomy.headers.get(SERVER_WAIT_HEADER)).toBeNull();
    const tight = await deadlineFetch(respond(500), NOW + 400, () => NOW)('http://x');
    expect(tight.headers.get('x-should-retry')).toBe('false');
  });

  it('leaves non-retried errors alone (a 400 is not retried by anyone)', async () => {
    const res = await deadlineFetch(respond(400), NOW + 10_000, () => NOW)('http://x');
    expect(res.headers.get('retry-after-ms')).toBeNull();
    expect(res.headers.get('x-should-retry')).toBeNull();
  });

  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), NOW)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(NOW + 5000).toUTCString() }), NOW)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeNull();
    expect(retryAfterMs(new Headers(), NOW)).toBeNull();
  });

  describe('connection errors (the SDK retries them after a backoff it sleeps through)', () => {
    const refused = () => async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    };

    it('are rethrown for the SDK to retry while its longest backoff still fits the deadline', async () => {
      const f = deadlineFetch(refused(), NOW + 10_000, () => NOW);
      await expect(f('http://x')).rejects.toThrow('fetch failed');
    });

    it('become a 503 that must not be retried, naming the error, once the backoff would outlive the deadline', async () => {
      let now = NOW;
      const f = deadlineFetch(refused(), NOW + 1_500, () => now);
      await expect(f('http://x')).rejects.toThrow('fetch failed'); // first backoff at most 500 ms: fits
      now += 500;
      const res = await f('http://x'); // second backoff up to 1,000 ms; 1,000 ms left minus 250 for the retry itself: no
      expect(res.status).toBe(503);
      expect(res.headers.get('x-should-retry')).toBe('false');
      expect(res.headers.get(CONNECTION_ERROR_HEADER)).toBe('fetch failed (ECONNREFUSED)');
    });

    it('leave aborts alone: the SDK reports those itself', async () => {
      const f = deadlineFetch(async () => {
        throw new DOMException('The operation was aborted.', 'AbortError');
      }, NOW + 100, () => NOW);
      await expect(f('http://x')).rejects.toThrow('aborted');
    });
  });
});
