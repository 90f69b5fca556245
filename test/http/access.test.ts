import { describe, expect, it } from 'vitest';
import { ANSWER, OTHER_KEY, postJson, problemOf, TEST_KEY, testApp } from './support.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('with API_KEYS set, /v1/* without a key → 401 problem with WWW-Authenticate', async () => {
    const { app } = testApp({ env: { API_KEYS: TEST_KEY } });
    for (const req of [new Request('http://x/v1/rubrics'), new Request('http://x/v1/evaluations', postJson({ answer: ANSWER })[1])]) {
      const res = await app.request(req);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="barometer"/);
      expect((await problemOf(res)).code).toBe('unauthorized');
    }
  });

  it('a wrong, malformed or non-bearer credential → 401', async () => {
    const { app } = testApp({ env: { API_KEYS: TEST_KEY } });
    for (const authorization of [`Bearer ${OTHER_KEY}`, `Bearer ${TEST_KEY}x`, `Bearer ${TEST_KEY.slice(0, -1)}`, `Basic ${btoa('u:p')}`, 'Bearer', TEST_KEY]) {
      const res = await app.request('/v1/rubrics', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('the right key (any of several) is let through', async () => {
    const { app } = testApp({ env: { API_KEYS: `${OTHER_KEY}, ${TEST_KEY}` } });
    expect((await app.request('/v1/rubrics', { headers: bearer(TEST_KEY) })).status).toBe(200);
    expect((await app.request('/v1/rubrics', { headers: { authorization: `bearer ${OTHER_KEY}` } })).status).toBe(200);
    expect((await app.request(...postJson({ answer: ANSWER }, bearer(TEST_KEY)))).status).toBe(200);
  });

  it('health, readiness, docs, the OpenAPI document and metrics stay open', async () => {
    const { app } = testApp({ env: { API_KEYS: TEST_KEY } });
    for (const path of ['/healthz', '/readyz', '/docs', '/docs/init.js', '/openapi.json', '/metrics']) {
      expect((await app.request(path)).status, path).toBe(200);
    }
  });

  it('without API_KEYS, /v1/* is open', async () => {
    const { app } = testApp();
    expect((await app.request('/v1/rubrics')).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('over RATE_LIMIT_PER_MIN → 429 with Retry-After, until the window ends', async () => {
    let now = Date.UTC(2025, 0, 1, 12, 0, 15); // 45 s left in the minute
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '3' }, now: () => now });
    for (let i = 0; i < 3; i++) {
      const ok = await app.request('/v1/rubrics');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await app.request('/v1/rubrics');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await problemOf(limited)).code).toBe('rate_limited');
    // Health and docs are not limited.
    expect((await app.request('/healthz')).status).toBe(200);
    now += 45_000;
    expect((await app.request('/v1/rubrics')).status).toBe(200);
  });

  it('counts per API key', async () => {
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '1', API_KEYS: `${TEST_KEY},${OTHER_KEY}` } });
    expect((await app.request('/v1/rubrics', { headers: bearer(TEST_KEY) })).status).toBe(200);
    expect((await app.request('/v1/rubrics', { headers: bearer(TEST_KEY) })).status).toBe(429);
    expect((await app.request('/v1/rubrics', { headers: bearer(OTHER_KEY) })).status).toBe(200);
  });

  it('counts per client address behind a trusted proxy (TRUST_PROXY)', async () => {
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '1', TRUST_PROXY: 'true' } });
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    expect((await app.request('/v1/rubrics', from('203.0.113.5'))).status).toBe(200);
    expect((await app.request('/v1/rubrics', from('203.0.113.5'))).status).toBe(429);
    expect((await app.request('/v1/rubrics', from('198.51.100.7'))).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '1' } });
    expect((await app.request('/v1/rubrics', { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(200);
    expect((await app.request('/v1/rubrics', { headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(429);
  });

  it('a batch counts one evaluation per item; one that does not fit is refused whole, counting nothing more', async () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 30); // 30 s left in the minute
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '5' }, now: () => now });
    const batch = (n: number) =>
      app.request(...postJson({ items: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, answer: ANSWER })), engine: 'heuristic' }, {}, '/v1/evaluations:batch'));

    const three = await batch(3);
    expect(three.status).toBe(200);
    expect(three.headers.get('ratelimit-remaining')).toBe('2');
    expect((await three.text()).trim().split('\n')).toHaveLength(3);

    const tooMany = await batch(3); // 2 left: the 3 items do not fit
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toBe('30');
    const problem = await problemOf(tooMany);
    expect(problem.code).toBe('rate_limited');
    expect(problem.detail).toMatch(/3 items and 2 of the 5 evaluations per minute are left/);

    // The refused batch used up only its own request: one evaluation is still left after this one.
    const single = await app.request(...postJson({ answer: ANSWER, engine: 'heuristic' }));
    expect(single.status).toBe(200);
    expect(single.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('a batch larger than the whole limit says to split it', async () => {
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '2' } });
    const res = await app.request(...postJson({ items: [1, 2, 3].map((i) => ({ id: `b${i}`, answer: ANSWER })) }, {}, '/v1/evaluations:batch'));
    expect(res.status).toBe(429);
    expect((await problemOf(res)).detail).toMatch(/send at most 2 items per request/);
  });

  it('RATE_LIMIT_PER_MIN=0 turns it off', async () => {
    const { app } = testApp({ env: { RATE_LIMIT_PER_MIN: '0' } });
    for (let i = 0; i < 30; i++) expect((await app.request('/v1/rubrics')).status).toBe(200);
  });
});

describe('CORS', () => {
  const origin = 'https://interviews.example.com';

  it('answers a preflight from an allowed origin, before auth', async () => {
    const { app } = testApp({ env: { CORS_ORIGINS: origin, API_KEYS: TEST_KEY } });
    const res = await app.request('/v1/evaluations', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('lets the browser read results and errors (with their headers) from allowed origins only', async () => {
    const { app } = testApp({ env: { CORS_ORIGINS: origin, API_KEYS: TEST_KEY } });
    const denied = await app.request('/v1/rubrics', { headers: { origin } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);
    expect(denied.headers.get('access-control-expose-headers')).toContain('Retry-After');
    const ok = await app.request('/v1/rubrics', { headers: { origin, ...bearer(TEST_KEY) } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const other = await app.request('/v1/rubrics', { headers: { origin: 'https://evil.example', ...bearer(TEST_KEY) } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/rubrics', { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
