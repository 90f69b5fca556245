import { describe, expect, it } from 'vitest';
import { ApiError, createApi, describeError } from '../../src/playground/static/api.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const call = { url: String(url), init };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { impl, calls };
}

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('createApi', () => {
  it('posts the request as JSON with the bearer key when one is given', async () => {
    const { impl, calls } = fakeFetch(() => Response.json({ total: 9 }));
    const api = createApi({ getKey: () => ' secret-key ', fetch: impl });
    await expect(api.evaluate({ answer: 'x' })).resolves.toEqual({ total: 9 });
    expect(calls[0]!.url).toBe('/v1/evaluations');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe('{"answer":"x"}');
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('authorization')).toBe('Bearer secret-key');
    expect(headers.get('content-type')).toBe('application/json');
  });

  it('sends no Authorization header without a key, and escapes rubric ids in the path', async () => {
    const { impl, calls } = fakeFetch(() => Response.json({}));
    const api = createApi({ getKey: () => '', fetch: impl });
    await api.getRubric('a/b?c');
    expect(calls[0]!.url).toBe('/v1/rubrics/a%2Fb%3Fc');
    expect(new Headers(calls[0]!.init.headers).has('authorization')).toBe(false);
  });

  it('turns a problem+json answer into an ApiError carrying the problem', async () => {
    const { impl } = fakeFetch(() =>
      problem(400, { title: 'Bad Request', detail: 'invalid request: answer: answer is blank', errors: [{ path: 'answer', message: 'answer is blank' }], requestId: 'req-1' }),
    );
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).evaluate({ answer: ' ' }));
    expect(err).toMatchObject({ kind: 'problem', status: 400 });
    expect(describeError(err)).toEqual({
      title: 'Bad Request',
      detail: 'invalid request: answer: answer is blank',
      items: ['answer: answer is blank'],
      note: 'Request id: req-1',
    });
  });

  it('lists the available rubrics once, when the detail does not already name them', async () => {
    const named = fakeFetch(() => problem(404, { title: 'Not Found', detail: 'unknown rubric "x"; available: a, b', availableRubrics: ['a', 'b'] }));
    expect(describeError(await failure(createApi({ getKey: () => '', fetch: named.impl }).evaluate({}))).items).toEqual([]);
  });

  it('reads Retry-After and lists the available rubrics', async () => {
    const { impl } = fakeFetch(() => problem(404, { title: 'Not Found', detail: 'unknown rubric "x"', availableRubrics: ['senior-swe'] }, { 'retry-after': '7' }));
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).evaluate({}));
    expect(err.retryAfterSec).toBe(7);
    const text = describeError(err);
    expect(text.items).toEqual(['Available rubrics: senior-swe']);
    expect(text.detail).toBe('unknown rubric "x" Try again in 7 s.');
  });

  it('tells the person to enter a key on 401', async () => {
    const { impl } = fakeFetch(() => problem(401, { title: 'Unauthorized', detail: 'This endpoint needs an API key.' }));
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).listRubrics());
    expect(describeError(err).detail).toMatch(/Enter a valid API key below/);
  });

  it('explains an error page that is not JSON (a proxy 502) by its status', async () => {
    const { impl } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }));
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).evaluate({}));
    expect(err.kind).toBe('http');
    expect(describeError(err).detail).toBe('The server answered 502 Bad Gateway without an explanation.');
  });

  it('reports an unreachable server as a network error, not a crash', async () => {
    const impl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).evaluate({}));
    expect(err).toMatchObject({ kind: 'network', status: 0 });
    expect(describeError(err).title).toBe('Could not reach the Barometer service');
  });

  it('reports a 200 that is not JSON as an unreadable answer', async () => {
    const { impl } = fakeFetch(() => new Response('not json', { status: 200 }));
    const err = await failure(createApi({ getKey: () => '', fetch: impl }).evaluate({}));
    expect(err.problem.title).toBe('Unreadable answer');
  });
});
