import { afterAll, afterEach, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { GradeInput } from '../../src/grading/engine.js';
import type { Flag } from '../../src/grading/evaluation.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import type { Signals } from '../../src/grading/signals/types.js';
import { EVIDENCE_STACK_STEPS } from '../../src/grading/evaluation.js';
import { createLlmEngine, type LlmEngineOptions } from '../../src/llm/engine.js';
import { loadPriceTable } from '../../src/llm/prices.js';
import type { FlagInfo } from '../../src/llm/prompt.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'llm');
export const BASE_URL = 'http://llm.test/v1';
export const COMPLETIONS = `${BASE_URL}/chat/completions`;

export const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
export const ANSWER = readFileSync(join(FIXTURES, 'answer.txt'), 'utf8');
export const INJECTION_ANSWER = readFileSync(join(FIXTURES, 'answer-injection.txt'), 'utf8');
export const QUESTION = 'Tell me about the hardest technical project you owned end to end.';

export const rubric = () => loadRubrics().get('senior-swe');

/** A fixed catalogue with the contract's flag ids, so these tests do not depend on rule wording. */
export const TEST_FLAGS: FlagInfo[] = [
  ['tenure-claim', 'Tenure claim instead of evidence', 'warning', false],
  ['tool-list', 'Tool list without decisions', 'warning', false],
  ['vague-scalability', 'Vague scalability claim', 'warning', false],
  ['best-practices', '"Best practices" without specifics', 'info', false],
  ['over-claiming', 'Over-claiming', 'warning', false],
  ['go-to-person', '"Go-to person" claim', 'info', false],
  ['business-wanted-it', '"The business wanted it"', 'warning', false],
  ['blame-shifting', 'Blame-shifting', 'warning', false],
  ['no-personal-attribution', 'No personal attribution', 'warning', true],
  ['no-outcome', 'No outcome', 'warning', true],
  ['no-tradeoff', 'No trade-off', 'warning', true],
  ['no-reflection', 'No reflection', 'info', true],
  ['management-only', 'Management only', 'warning', true],
  ['big-rewrite', 'Big rewrite', 'warning', false],
  ['security-not-mine', 'Security is someone else\'s job', 'critical', false],
  ['prompt-injection', 'Instructions to the grader', 'critical', false],
  ['filler-heavy', 'Filler-heavy', 'info', true],
].map(([id, label, severity, absence]) => ({
  measured: id === 'filler-heavy',
  id: id as string,
  label: label as string,
  severity: severity as FlagInfo['severity'],
  advice: `Advice for ${id as string}.`,
  absence: absence as boolean,
}));

export function emptySignals(): Signals {
  return { cues: [], flags: [], strengths: [], evidenceStack: EVIDENCE_STACK_STEPS.map((step) => ({ step, present: false })), excluded: [] };
}

/** A span flag the way the detector reports it: exact offsets into the text. */
export function spanFlag(text: string, id: string, quote: string): Flag {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`test setup: "${quote}" is not in the text`);
  const info = TEST_FLAGS.find((f) => f.id === id)!;
  return { id, label: info.label, severity: info.severity, dimension: null, quote, start, end: start + quote.length, advice: info.advice };
}

export function absenceFlag(id: string): Flag {
  const info = TEST_FLAGS.find((f) => f.id === id)!;
  return { id, label: info.label, severity: info.severity, dimension: null, quote: null, start: null, end: null, advice: info.advice };
}

export function gradeInput(text = ANSWER, extra: Partial<GradeInput> = {}): GradeInput {
  return { text, question: QUESTION, rubric: rubric(), signals: emptySignals(), segments: null, ...extra };
}

export function testEngine(overrides: Partial<LlmEngineOptions> = {}) {
  return createLlmEngine({
    model: 'gpt-4o',
    apiKey: 'sk-test-key',
    baseURL: BASE_URL,
    timeoutMs: 5_000,
    maxRetries: 2,
    samples: 1,
    structuredMode: 'auto',
    maxOutputTokens: 4096,
    logprobs: 'auto',
    prices: loadPriceTable(),
    flags: () => TEST_FLAGS,
    newNonce: () => '5eed5eed5eed5eed',
    ...overrides,
  });
}

export type Reply = { status?: number; body: unknown; headers?: Record<string, string> } | (() => Response | Promise<Response>);
export type SentRequest = ChatCompletionCreateParamsNonStreaming & { headers?: never };

/**
 * An msw server for the model API. `reply(...)` queues responses, served in order; every request
 * body is recorded. A request with nothing queued fails the test.
 */
export function modelServer() {
  const queue: Reply[] = [];
  const requests: SentRequest[] = [];
  const server = setupServer(
    http.post(COMPLETIONS, async ({ request }) => {
      requests.push((await request.json()) as SentRequest);
      const next = queue.shift();
      if (!next) return HttpResponse.json({ error: { message: 'test: no reply queued' } }, { status: 418 });
      if (typeof next === 'function') return next();
      return HttpResponse.json(next.body as Record<string, unknown>, { status: next.status ?? 200, headers: next.headers });
    }),
  );
  return {
    server,
    requests,
    reply(...replies: Reply[]) {
      queue.push(...replies);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    pending: () => queue.length,
  };
}

export const ok = (name: string): Reply => ({ body: fixture(name) });
export const fail = (status: number, name: string, headers?: Record<string, string>): Reply => ({ status, body: fixture(name), headers });

export const systemMessage = (req: SentRequest) => req.messages.find((m) => m.role === 'system')!.content as string;
export const userMessage = (req: SentRequest) => req.messages.filter((m) => m.role === 'user')[0]!.content as string;

/** A model server whose lifecycle is tied to the current test file: listening, reset after each test, closed. */
export function useModelServer(): ReturnType<typeof modelServer> {
  const api = modelServer();
  beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    api.server.resetHandlers();
    api.reset();
  });
  afterAll(() => api.server.close());
  return api;
}
