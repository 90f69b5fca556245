import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Evaluation } from '../../src/grading/evaluation.js';
import { ANSWER, TEST_KEY } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `src/server.ts` as `npm start` does (tsx), on a free port, and waits for its URL line. */
function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_PER_MIN: '0', ...env },
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 30_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ child, url: m[1]!, stdout: () => out, stderr: () => err, exited });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}\n${err}`)));
  });
}

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, PORT: '0', ...env } });
  started.push(child as ChildProcessWithoutNullStreams);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

function responseOf(req: ClientRequest): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ res, body }));
    });
    req.on('error', reject);
  });
}

describe('the real server (npm start), over HTTP', () => {
  it('prints where the API and docs are, serves every endpoint, and logs JSON lines', async () => {
    const server = await startServer({ API_KEYS: TEST_KEY });
    expect(server.stdout()).toContain(`docs:    ${server.url}/docs`);
    expect(server.stdout()).toContain(`playground: ${server.url}/`);
    const auth = { authorization: `Bearer ${TEST_KEY}` };

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready', engine: { kind: 'heuristic' } });
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
    expect(((await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await fetch(`${server.url}/v1/rubrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/rubrics`, { headers: auth })).status).toBe(200);

    const res = await fetch(`${server.url}/v1/evaluations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-request-id': 'over-http-1' },
      body: JSON.stringify({ answer: ANSWER }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('over-http-1');
    expect(Evaluation.safeParse(await res.json()).success).toBe(true);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('barometer_evaluations_total{engine="heuristic"} 1');

    const logs = server
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs.find((l) => l.requestId === 'over-http-1')).toMatchObject({ msg: 'request', status: 200, route: '/v1/evaluations', engine: 'heuristic' });
    expect(server.stdout()).not.toContain(TEST_KEY);
    expect(server.stdout()).not.toContain('billing service');
  }, 60_000);

  it('keeps a keep-alive connection usable after refusing an oversized body', async () => {
    const server = await startServer({ BODY_LIMIT_BYTES: '4096' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) => {
      const req = httpRequest(`${server.url}/v1/evaluations`, { method: 'POST', agent, headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } });
      const done = responseOf(req);
      req.end(body);
      return done.then((r) => ({ ...r, reused: req.reusedSocket }));
    };
    expect((await post(ANSWER)).res.statusCode).toBe(200);
    const refused = await post('x'.repeat(200_000));
    expect(refused.res.statusCode).toBe(413);
    const after = await post(ANSWER);
    expect(after.res.statusCode).toBe(200);
    expect(after.reused).toBe(true);
    agent.destroy();
  }, 60_000);
});

describe('graceful shutdown (SIGTERM)', () => {
  it('stops accepting connections, lets the in-flight request finish, closes idle keep-alive sockets and exits 0', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_MS: '10000' });
    // An idle keep-alive connection, which must not hold shutdown up.
    const idleAgent = new Agent({ keepAlive: true });
    const idle = httpRequest(`${server.url}/healthz`, { agent: idleAgent });
    idle.end();
    expect((await responseOf(idle)).res.statusCode).toBe(200);

    // An in-flight request: headers and half the body sent, the rest after SIGTERM.
    const body = JSON.stringify({ answer: ANSWER });
    const inflight = httpRequest(`${server.url}/v1/evaluations`, {
      method: 'POST',
      agent: new Agent({ keepAlive: true }),
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const response = responseOf(inflight);
    inflight.write(body.slice(0, 40));
    await new Promise((r) => setTimeout(r, 500)); // the server is now inside the request, reading its body

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(); // no new connections
    inflight.end(body.slice(40));

    const { res, body: text } = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(Evaluation.safeParse(JSON.parse(text)).success).toBe(true);
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(8_000); // not held up until the grace period ends
    expect(server.stdout()).toMatch(/"msg":"shutting down".*"signal":"SIGTERM"/);
    expect(server.stdout()).toMatch(/"msg":"stopped","forced":false/);
    idleAgent.destroy();
  }, 60_000);

  it('cuts a request that outlives SHUTDOWN_GRACE_MS and still exits 0', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_MS: '500' });
    const stuck = httpRequest(`${server.url}/v1/evaluations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': '1000' },
    });
    const outcome = responseOf(stuck).then(
      () => 'answered',
      () => 'cut',
    );
    stuck.write('never finished');
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await outcome).toBe('cut');
    expect(server.stdout()).toMatch(/"msg":"stopped","forced":true/);
  }, 60_000);
});

describe('start-up configuration errors', () => {
  it('a bad setting stops start-up with a clear message and a non-zero exit', async () => {
    const { code, stderr } = await runToExit({ PORT: 'eighty', API_KEYS: 'short', LOG_LEVEL: 'chatty' });
    expect(code).toBe(1);
    expect(stderr).toContain('invalid configuration');
    expect(stderr).toMatch(/PORT: .*number/);
    expect(stderr).toContain('API_KEYS.0: each key must be at least 16 characters');
    expect(stderr).toMatch(/LOG_LEVEL: /);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);
});
