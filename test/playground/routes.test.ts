import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_CSP, STATIC_DIR } from '../../src/playground/routes.js';
import { startService, type RunningService } from './serve.js';

/** The playground as the real service serves it: over HTTP, beside the API and its auth. */
describe('playground routes', () => {
  let open: RunningService;
  let locked: RunningService;
  beforeAll(async () => {
    open = await startService();
    locked = await startService({ API_KEYS: 'playground-key-0123456789' });
  });
  afterAll(async () => {
    await open?.close();
    await locked?.close();
  });

  it('serves the page at / as HTML with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${open.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PLAYGROUND_CSP);
    expect(PLAYGROUND_CSP).toContain("script-src 'self'");
    expect(PLAYGROUND_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(readFileSync(join(STATIC_DIR, 'index.html'), 'utf8'));
  });

  it('serves the page without an API key even when /v1 needs one', async () => {
    expect((await fetch(`${locked.url}/`)).status).toBe(200);
    expect((await fetch(`${locked.url}/playground/app.js`)).status).toBe(200);
    expect((await fetch(`${locked.url}/v1/rubrics`)).status).toBe(401);
  });

  it('serves every asset the page references from the service itself (no CDN)', async () => {
    const html = await (await fetch(`${open.url}/`)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    const assets = refs.filter((r) => r.startsWith('/playground/'));
    expect(assets).toEqual(expect.arrayContaining(['/playground/playground.css', '/playground/app.js']));
    for (const path of assets) expect((await fetch(`${open.url}${path}`)).status, path).toBe(200);
  });

  it('serves the browser modules as JavaScript, and each one they import', async () => {
    const seen = new Set<string>();
    const queue = ['app.js'];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const res = await fetch(`${open.url}/playground/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const source = await res.text();
      expect(source, `${file} must not load anything from another origin`).not.toMatch(/from ['"]https?:/);
      for (const m of source.matchAll(/from '\.\/([\w-]+\.js)'/g)) queue.push(m[1]!);
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['annotated-text.js', 'api.js', 'dom.js', 'input.js', 'result.js', 'segments.js']));
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${open.url}/playground/playground.css`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${open.url}/playground/playground.css`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each([
    '/playground/nope.js',
    '/playground/segments.d.ts',
    '/playground/..%2Froutes.ts',
    '/playground/%2e%2e%2f%2e%2e%2fpackage.json',
    '/playground/index.html',
  ])('answers 404 problem+json for %s', async (path) => {
    const res = await fetch(`${open.url}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
