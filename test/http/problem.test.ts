import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import {
  EngineUnavailableError,
  InternalInvariantError,
  InvalidInputError,
  ModelOutputError,
  ModelRefusedError,
  ModelTimeoutError,
  ModelUnavailableError,
  RubricFileError,
  TranscriptFormatError,
  UnknownRubricError,
} from '../../src/grading/errors.js';
import { jsonDepthExceeds } from '../../src/http/body.js';
import { HttpProblem, Problem, toProblem } from '../../src/http/problem.js';

describe('toProblem: the one mapping from errors to problem+json', () => {
  const cases: [Error, number, string][] = [
    [new InvalidInputError('bad', { issues: [{ path: 'answer', message: 'blank' }] }), 400, 'invalid_input'],
    [new TranscriptFormatError('no cues'), 400, 'invalid_transcript'],
    [new UnknownRubricError('x', ['senior-swe']), 404, 'unknown_rubric'],
    [new EngineUnavailableError('no model'), 503, 'engine_unavailable'],
    [new ModelUnavailableError('down', { retryAfterSec: 2.2 }), 503, 'model_unavailable'],
    [new ModelTimeoutError('slow'), 504, 'model_timeout'],
    [new ModelOutputError('junk'), 502, 'model_output_invalid'],
    [new ModelRefusedError('refused'), 502, 'model_refused'],
    [new HttpProblem(429, 'rate_limited', 'slow down', { 'Retry-After': '9' }), 429, 'rate_limited'],
  ];
  for (const [err, status, code] of cases) {
    it(`${err.constructor.name} → ${status} ${code}`, () => {
      const p = toProblem(err);
      expect(p.status).toBe(status);
      expect(Problem.parse(p.body)).toMatchObject({ status, code, type: `urn:barometer:problem:${code}`, detail: err.message });
    });
  }

  it('carries the issues, the valid rubric ids and Retry-After (rounded up)', () => {
    expect(toProblem(cases[0]![0]).body.errors).toEqual([{ path: 'answer', message: 'blank' }]);
    expect(toProblem(cases[2]![0]).body.availableRubrics).toEqual(['senior-swe']);
    expect(toProblem(cases[4]![0]).headers).toEqual({ 'Retry-After': '3' });
    expect(toProblem(cases[8]![0]).headers).toEqual({ 'Retry-After': '9' });
  });

  it('keeps the headers of an HTTPException response (e.g. WWW-Authenticate from bearerAuth)', () => {
    const res = new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'content-type': 'text/plain' } });
    const p = toProblem(new HTTPException(401, { res }));
    expect(p.status).toBe(401);
    expect(p.headers).toEqual({ 'www-authenticate': 'Bearer error="invalid_token"' });
    expect(p.body.code).toBe('unauthorized');
  });

  it('hides the internals of 500s: deployment errors, invariant breaks and unknown throws', () => {
    for (const err of [
      new RubricFileError('/srv/rubrics/x.yaml', [{ path: 'id', message: 'bad' }]),
      new InternalInvariantError('total 9 is not the sum'),
      new Error('ECONNRESET at /srv/app/secret.ts'),
      'a thrown string',
    ]) {
      const p = toProblem(err);
      expect(p.status).toBe(500);
      expect(JSON.stringify(p.body)).not.toMatch(/srv|sum|ECONNRESET|thrown string/);
      expect(p.body.errors).toBeUndefined();
    }
  });
});

describe('jsonDepthExceeds', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[[]]}]}', 4)).toBe(true);
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"\\"${'{'.repeat(100)}"}`, 2)).toBe(false); // escaped quote stays inside the string
    expect(jsonDepthExceeds('['.repeat(33), 32)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(32) + ']'.repeat(32), 32)).toBe(false);
  });
});
