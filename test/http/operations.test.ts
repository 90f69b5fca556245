import { describe, expect, it } from 'vitest';
import { ANSWER, fakeLlmEngine, postJson, postRaw, TEST_KEY, testApp } from './support.js';

describe('X-Request-Id', () => {
  it('echoes a valid incoming id, in the header and in problems', async () => {
    const { app } = testApp();
    const ok = await app.request('/healthz', { headers: { 'x-request-id': 'client-req-42' } });
    expect(ok.headers.get('x-request-id')).toBe('client-req-42');
    const bad = await app.request(...postJson('{', { 'x-request-id': 'client-req-43' }));
    expect(bad.headers.get('x-request-id')).toBe('client-req-43');
    expect(((await bad.json()) as { requestId: string }).requestId).toBe('client-req-43');
  });

  it('generates one when absent or unsafe (too long, odd characters)', async () => {
    const { app } = testApp();
    for (const headers of [{}, { 'x-request-id': 'x'.repeat(300) }, { 'x-request-id': 'a b<script>' }] as Record<string, string>[]) {
      const id = (await app.request('/healthz', { headers })).headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('request log', () => {
  it('writes one JSON line per request with method, route, status, latency, engine and request id', async () => {
    const { app, records } = testApp();
    await app.request(...postJson({ answer: ANSWER }, { 'x-request-id': 'log-test-1' }));
    await app.request('/v1/rubrics/senior-swe');
    await app.request(...postJson({ answer: 7 }));
    const requests = records().filter((r) => r.msg === 'request');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ level: 'info', method: 'POST', route: '/v1/evaluations', status: 200, engine: 'heuristic', requestId: 'log-test-1' });
    expect(typeof requests[0]!.latencyMs).toBe('number');
    expect(typeof requests[0]!.time).toBe('string');
    expect(requests[1]).toMatchObject({ route: '/v1/rubrics/:id', status: 200, engine: null });
    expect(requests[2]).toMatchObject({ status: 400, error: 'invalid_input' });
  });

  it('never contains the answer text or the API key, whatever the outcome', async () => {
    const marker = 'ZEBRA-MARKER-7f3a91';
    const { app, lines } = testApp({ env: { API_KEYS: TEST_KEY } });
    const auth = { authorization: `Bearer ${TEST_KEY}` };
    const withMarker = `${ANSWER} ${marker}`;
    const responses = [
      await app.request(...postJson({ answer: withMarker, question: marker, metadata: { note: marker } }, auth)),
      await app.request(...postJson({ answer: withMarker, engine: 'bogus' }, auth)),
      await app.request(...postJson({ answer: withMarker, rubric: marker }, auth)),
      await app.request(...postJson(`{"answer": "${marker}`, auth)),
      await app.request(`/v1/evaluations?question=${marker}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: withMarker }),
      await app.request(`/v1/rubrics/${marker}`, { headers: auth }),
      await app.request(...postJson({ answer: withMarker }, { authorization: `Bearer ${TEST_KEY}wrong` })),
      await app.request(`/nowhere/${marker}`, { headers: auth }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 400, 404, 400, 200, 404, 401, 404]);
    expect(lines.length).toBeGreaterThanOrEqual(responses.length);
    const log = lines.join('\n');
    expect(log).not.toContain(marker);
    expect(log).not.toContain(TEST_KEY);
    expect(log).not.toContain('event-driven design');
  });

  it('keeps the answer out of the log when the engine fails, too', async () => {
    const marker = 'GIRAFFE-MARKER-51c0';
    const leaky = fakeLlmEngine(async (input) => {
      throw new Error(input.text); // a careless error message that quotes the answer
    });
    const { app, lines, records } = testApp({ grader: { llm: leaky } });
    const res = await app.request(...postRaw(`${marker} ${ANSWER}`, 'text/plain'));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(marker);
    expect(lines.join('\n')).not.toContain(marker);
    // What the operator gets instead: the error's type and where it was thrown.
    const failure = records().find((r) => r.msg === 'request failed');
    expect(failure).toMatchObject({ error: 'internal_error', errorName: 'Error' });
    expect((failure?.stack as string[]).some((f) => f.includes('operations.test.ts'))).toBe(true);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with requests by route and status, latency, evaluations by engine and model tokens', async () => {
    const { app } = testApp({ grader: { llm: fakeLlmEngine() } });
    await app.request(...postJson({ answer: ANSWER })); // llm (fake) engine, with usage
    await app.request(...postJson({ answer: ANSWER, engine: 'heuristic' }));
    await app.request(...postJson({ answer: 1 }));
    await app.request('/v1/rubrics/senior-swe');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE barometer_http_requests_total counter');
    expect(text).toContain('barometer_http_requests_total{method="POST",route="/v1/evaluations",status="200"} 2');
    expect(text).toContain('barometer_http_requests_total{method="POST",route="/v1/evaluations",status="400"} 1');
    expect(text).toContain('barometer_http_requests_total{method="GET",route="/v1/rubrics/:id",status="200"} 1');
    expect(text).toContain('# TYPE barometer_http_request_duration_seconds histogram');
    expect(text).toMatch(/barometer_http_request_duration_seconds_bucket\{route="\/v1\/evaluations",le="\+Inf"\} 3/);
    expect(text).toMatch(/barometer_http_request_duration_seconds_count\{route="\/v1\/evaluations"\} 3/);
    expect(text).toContain('barometer_evaluations_total{engine="llm"} 1');
    expect(text).toContain('barometer_evaluations_total{engine="heuristic"} 1');
    expect(text).toContain('barometer_model_tokens_total{model="fake-model",kind="prompt"} 1200');
    expect(text).toContain('barometer_model_tokens_total{model="fake-model",kind="completion"} 340');
    expect(text).toContain('barometer_model_tokens_total{model="fake-model",kind="cached"} 1000');
  });

  it('histogram buckets are cumulative and labels come from route patterns, not raw paths', async () => {
    const { app } = testApp();
    await app.request('/v1/rubrics/anything-here');
    await app.request('/no/such/path?x="y"');
    const text = await (await app.request('/metrics')).text();
    expect(text).not.toContain('anything-here');
    expect(text).toContain('route="unmatched"');
    const buckets = [...text.matchAll(/barometer_http_request_duration_seconds_bucket\{route="\/v1\/rubrics\/:id",le="[^"]+"\} (\d+)/g)].map((m) => Number(m[1]));
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(1);
  });

  it('counts failed evaluations by problem code', async () => {
    const { app } = testApp();
    await app.request(...postJson({ answer: ANSWER, rubric: 'missing' }));
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('barometer_evaluation_failures_total{code="unknown_rubric"} 1');
  });
});
