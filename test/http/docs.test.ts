import { describe, expect, it } from 'vitest';
import { testApp, TEST_KEY } from './support.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; securitySchemes?: Record<string, unknown> };
};

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document covering every endpoint, built from the zod schemas', async () => {
    const { app } = testApp();
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/metrics', '/readyz', '/v1/evaluations', '/v1/rubrics', '/v1/rubrics/{id}']),
    );
    for (const id of ['Evaluation', 'EvaluationRequest', 'Transcript', 'Problem', 'Rubric', 'RubricList', 'Flag', 'DimensionResult']) {
      expect(doc.components.schemas).toHaveProperty(id);
    }
    // The request schema's rules reach the document: exactly these fields, strict.
    const req = doc.components.schemas.EvaluationRequest;
    expect(Object.keys(req.properties).sort()).toEqual(['answer', 'engine', 'metadata', 'question', 'rubric', 'transcript']);
    expect(req.additionalProperties).toBe(false);
    expect(doc.components.schemas.Evaluation.required).toEqual(expect.arrayContaining(['id', 'dimensions', 'total', 'band', 'flags']));
  });

  it('documents the JSON and text/plain bodies and the problem responses of POST /v1/evaluations', async () => {
    const { app } = testApp();
    const doc = (await (await app.request('/openapi.json')).json()) as Doc;
    const post = doc.paths['/v1/evaluations']!.post;
    expect(post.requestBody.required).toBe(true);
    expect(post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/EvaluationRequest');
    expect(post.requestBody.content['text/plain'].schema.type).toBe('string');
    expect(post.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Evaluation');
    for (const status of ['400', '404', '413', '415', '429', '502', '503', '504']) {
      expect(post.responses[status].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    }
    expect(post.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['engine', 'question', 'rubric']);
  });

  it('declares bearer security on /v1 only when API keys are configured', async () => {
    const open = (await (await testApp().app.request('/openapi.json')).json()) as Doc;
    expect(open.paths['/v1/evaluations']!.post.security).toBeUndefined();
    const locked = (await (await testApp({ env: { API_KEYS: TEST_KEY } }).app.request('/openapi.json')).json()) as Doc;
    expect(locked.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(locked.paths['/v1/evaluations']!.post.security).toEqual([{ bearerAuth: [] }]);
    expect(locked.paths['/healthz']!.get.security).toBeUndefined();
  });
});

describe('GET /docs', () => {
  it('serves a Swagger UI page whose assets all come from the service itself', async () => {
    const { app } = testApp();
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/init.js']));
    for (const asset of assets) {
      const a = await app.request(asset);
      expect(a.status, asset).toBe(200);
      expect((await a.arrayBuffer()).byteLength, asset).toBeGreaterThan(50);
    }
    const init = await (await app.request('/docs/init.js')).text();
    expect(init).toContain("url: '/openapi.json'");
  });

  it('the bundle is real JavaScript with a JS content type; unknown assets are 404', async () => {
    const { app } = testApp();
    const bundle = await app.request('/docs/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    expect((await app.request('/docs/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/docs/index.html')).status).toBe(404);
  });
});
