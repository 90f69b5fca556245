import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';

/**
 * The web playground: `GET /` (the page) and `GET /playground/<file>` (its scripts and styles).
 * Plain HTML, CSS and ES modules from `static/`, served by the service itself: no build step,
 * no CDN, so it works offline. The files are read once, when the routes are created.
 */
export const STATIC_DIR = join(import.meta.dirname, 'static');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Nothing but the service's own files, and no inline script or style: the answer shown on the
 * page is user text, so even a rendering bug cannot turn it into running code.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

function loadAsset(file: string): Asset {
  const body = new Uint8Array(readFileSync(join(STATIC_DIR, file))) as Uint8Array<ArrayBuffer>;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, type: TYPES[extname(file)] ?? 'application/octet-stream', etag };
}

/** The served files: everything in static/ with a known type (type declarations are for tests only). */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of readdirSync(STATIC_DIR)) {
    if (file.endsWith('.d.ts') || !(extname(file) in TYPES)) continue;
    assets.set(file, loadAsset(file));
  }
  return assets;
}

/** Routes for the playground; mount with `app.route('/', playgroundRoutes())`. */
export function playgroundRoutes() {
  const assets = loadAssets();
  const page = assets.get('index.html');
  if (!page) throw new Error(`playground: ${join(STATIC_DIR, 'index.html')} is missing`);

  const headers = (asset: Asset) => ({
    'Content-Type': asset.type,
    // Revalidate every time: a redeploy must never leave a stale script beside a new page.
    'Cache-Control': 'no-cache',
    ETag: asset.etag,
    'Content-Security-Policy': PLAYGROUND_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });

  return new Hono()
    .get('/', (c) => {
      if (c.req.header('if-none-match') === page.etag) return c.body(null, 304, headers(page));
      return c.body(page.body, 200, headers(page));
    })
    .get('/playground/:file', (c) => {
      const name = c.req.param('file');
      const asset = name === 'index.html' ? undefined : assets.get(name);
      if (!asset) return c.notFound();
      if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers(asset));
      return c.body(asset.body, 200, headers(asset));
    });
}
