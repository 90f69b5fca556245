import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * The human docs page: Swagger UI served from the swagger-ui-dist package by the service itself,
 * so it renders offline and behind firewalls (no CDN). The page's script is a file, not inline,
 * so a strict Content-Security-Policy holds.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Barometer API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
});
`;

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

function assetDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** GET /docs (+ its assets) and GET /openapi.json. */
export function docsRoutes(openApiDocument: () => unknown) {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string) => {
    let p = cache.get(file);
    if (!p) {
      p = readFile(join(assetDir(), file));
      p.catch(() => cache.delete(file)); // a failed read is retried, not cached
      cache.set(file, p);
    }
    return p;
  };
  let document: string | undefined;

  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => {
      document ??= JSON.stringify(openApiDocument());
      return c.body(document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    })
    .get('/docs', (c) => c.html(PAGE, 200, { 'Content-Security-Policy': CSP }))
    .get('/docs/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/docs/:asset', async (c) => {
      const asset = ASSETS[c.req.param('asset')];
      if (!asset) return c.notFound();
      const bytes = await load(asset.file);
      return c.body(new Uint8Array(bytes), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
    });
}
