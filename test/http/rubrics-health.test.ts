import { describe, expect, it } from 'vitest';
import { RubricFile } from '../../src/grading/rubric.js';
import { fakeLlmEngine, problemOf, RUBRIC_IDS, testApp } from './support.js';

describe('GET /v1/rubrics', () => {
  it('lists the rubrics with their dimensions and bands', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/rubrics');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rubrics: { id: string; version: string; dimensions: { id: string }[]; bands: unknown[] }[] };
    const senior = body.rubrics.find((r) => r.id === 'senior-swe');
    expect(senior?.dimensions).toHaveLength(7);
    expect(senior?.bands).toHaveLength(3);
    expect(senior?.version).toMatch(/\+[0-9a-f]{10}$/);
  });

  it('GET /v1/rubrics/{id} returns the full rubric, without its path on the server', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/rubrics/senior-swe');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(RubricFile.safeParse(body).success).toBe(true);
    expect(body).not.toHaveProperty('file');
    expect(JSON.stringify(body)).not.toContain('/rubrics/senior-swe.yaml');
  });

  it('an unknown rubric id → 404 listing the valid ids', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/rubrics/nope');
    expect(res.status).toBe(404);
    const problem = await problemOf(res);
    expect(problem.code).toBe('unknown_rubric');
    expect(problem.availableRubrics).toEqual(RUBRIC_IDS);
    expect(RUBRIC_IDS).toContain('senior-swe');
  });

  it('an over-long rubric id → 400', async () => {
    const { app } = testApp();
    const res = await app.request(`/v1/rubrics/${'x'.repeat(150)}`);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe('invalid_input');
  });
});

describe('health and readiness', () => {
  it('GET /healthz → 200 ok', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz reports the heuristic engine when no model is configured', async () => {
    const { app } = testApp();
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', engine: { kind: 'heuristic' }, rubrics: RUBRIC_IDS });
  });

  it('GET /readyz reports the LLM engine when one is configured', async () => {
    const { app } = testApp({ grader: { llm: fakeLlmEngine(), fallback: 'heuristic' } });
    const body = await (await app.request('/readyz')).json();
    expect(body).toMatchObject({ engine: { kind: 'llm', describe: 'fake-model via test double' }, fallback: 'heuristic' });
  });

  it('while draining: /readyz → 503 and every response carries Connection: close', async () => {
    let draining = false;
    const { app } = testApp({ isDraining: () => draining });
    expect((await app.request('/healthz')).headers.get('connection')).toBeNull();
    draining = true;
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });
    expect(ready.headers.get('connection')).toBe('close');
    expect((await app.request('/healthz')).headers.get('connection')).toBe('close');
  });

  it('an unknown path → 404 problem', async () => {
    const { app } = testApp();
    const res = await app.request('/v2/evaluations');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe('not_found');
  });
});
