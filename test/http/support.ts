import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Engine, EngineResult, GradeInput } from '../../src/grading/engine.js';
import type { Grader } from '../../src/grading/evaluate.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { createJsonLogger } from '../../src/http/logger.js';
import { createMetrics } from '../../src/http/metrics.js';

export const ANSWER =
  'At my last company I led the migration of our billing service from a nightly batch to an event-driven design. ' +
  'I chose to run both paths side by side for two weeks because a hard cut-over risked double charges. ' +
  'Failed invoices dropped by 40 percent and on-call pages halved. Looking back, I would involve finance earlier.';

export const TEST_KEY = 'test-key-0123456789abcdef';
export const OTHER_KEY = 'other-key-ABCDEFGHIJKLMNOP';

const rubrics = loadRubrics();
/** The ids of the rubrics in rubrics/, as the service should list them. */
export const RUBRIC_IDS = rubrics.list().map((r) => r.id);

/** A model-backed engine double: the heuristic result, labelled as an LLM call with token usage. */
export function fakeLlmEngine(grade?: (input: GradeInput) => Promise<EngineResult>): Engine {
  const heuristic = createHeuristicEngine();
  return {
    kind: 'llm',
    describe: 'fake-model via test double',
    grade:
      grade ??
      (async (input) => ({
        ...(await heuristic.grade(input)),
        engine: { kind: 'llm', model: 'fake-model', promptVersion: 'p-test' },
        usage: { model: 'fake-model', promptTokens: 1200, completionTokens: 340, cachedTokens: 1000, calls: 1 },
      })),
  };
}

export function testGrader(overrides: Partial<Grader> = {}): Grader {
  return { rubrics, heuristic: createHeuristicEngine(), llm: null, fallback: 'none', ...overrides };
}

export interface TestAppOptions {
  env?: Record<string, string>;
  grader?: Partial<Grader>;
  now?: () => number;
  isDraining?: () => boolean;
}

/** The app as tests see it, with its log lines and metrics captured. Rate limiting is off unless env sets it. */
export function testApp(options: TestAppOptions = {}) {
  const lines: string[] = [];
  const config = loadConfig({ RATE_LIMIT_PER_MIN: '0', ...options.env });
  const metrics = createMetrics();
  const deps: AppDeps = {
    grader: testGrader(options.grader),
    config,
    logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
    metrics,
    now: options.now,
    isDraining: options.isDraining,
  };
  const app = createApp(deps);
  return {
    app,
    config,
    metrics,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export function postJson(body: unknown, headers: Record<string, string> = {}, path = '/v1/evaluations'): [string, RequestInit] {
  return [
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
  ];
}

export function postRaw(body: BodyInit, contentType: string | null, path = '/v1/evaluations'): [string, RequestInit] {
  return [path, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body }];
}

export async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: res.status, type: expect.stringMatching(/^urn:barometer:problem:/) });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // never a stack trace
  return body;
}
