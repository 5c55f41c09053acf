import request from 'supertest';
import { apiRoutes } from '../../src/translations/routes';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => Buffer.from('%PDF') });

/** Every (method, path) the API router serves, in OpenAPI path syntax. */
function servedRoutes(): string[] {
  const router = apiRoutes(deps) as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  return router.stack
    .filter((l) => l.route)
    .flatMap((l) => Object.keys(l.route!.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
    .sort();
}

describe('the OpenAPI document', () => {
  it('is served as OpenAPI 3.1 JSON', async () => {
    const res = await request(app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.title).toBeTruthy();
  });

  it('lists every route the API serves, and only those', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(described).toEqual(servedRoutes());
  });

  it('is structurally valid: every operation has responses, every $ref resolves, path parameters are declared', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json')).body as Record<string, unknown> & { paths: Record<string, Record<string, { responses?: object; parameters?: { name: string; in: string }[] }>> };
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice(9, -1).split('/').slice(1);
      let node: unknown = doc;
      for (const part of pointer) node = (node as Record<string, unknown>)[part];
      expect({ ref, resolved: node !== undefined }).toEqual({ ref, resolved: true });
    }
    for (const [p, ops] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        expect({ p, method, responses: typeof op.responses }).toEqual({ p, method, responses: 'object' });
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        expect({ p, method, declared: declared.sort() }).toEqual({ p, method, declared: [...names].sort() });
      }
    }
  });
});
