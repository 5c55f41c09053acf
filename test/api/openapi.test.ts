import request from 'supertest';
import { z } from 'zod';
import { LanguageCodeSchema, SectionIdSchema, SlugSchema } from '../../src/identifiers';
import { AuditQuery } from '../../src/api/audit/schema';
import { BookletInput } from '../../src/api/booklets/schema';
import { InterfaceStringInput } from '../../src/api/interface-strings/schema';
import { LanguagesQuery } from '../../src/api/languages/schema';
import { OPENAPI } from '../../src/api/openapi';
import { PathParams } from '../../src/api/params';
import { StatsQuery } from '../../src/api/stats/schema';
import { RestoreInput, SectionInput, SectionQuery, TranslationQuery } from '../../src/api/translations/schema';
import { WebhookInput } from '../../src/api/webhooks/schema';
import { LanguageInputSchema, LanguageUpdateSchema } from '../../src/languages/service';
import { apiRoutes } from '../../src/api';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => Buffer.from('%PDF') });

/** Every (method, path) the API router serves, in OpenAPI path syntax. */
function servedRoutes(): string[] {
  const router = apiRoutes(deps) as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  return router.stack
    .filter((l) => l.route)
    .flatMap((l) =>
      Object.keys(l.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    )
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
    const described = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(described).toEqual(servedRoutes());
  });

  it('is structurally valid: every operation has responses, every $ref resolves, path parameters are declared', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json')).body as Record<string, unknown> & {
      paths: Record<string, Record<string, { responses?: object; parameters?: { name: string; in: string }[] }>>;
    };
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

/** What the document must say for a schema: zod's JSON Schema of its input, in the dialect of OpenAPI 3.1. */
function expected(schema: z.core.$ZodType): object {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  expect($schema).toBe('https://json-schema.org/draft/2020-12/schema');
  return rest;
}

/** The query and body schemas each operation validates with (path parameters go by name: PathParams). */
const VALIDATED: Record<string, { query?: z.ZodObject; body?: z.ZodType }> = {
  'POST /booklets': { body: BookletInput },
  'GET /booklets/{slug}/translations/{lang}': { query: TranslationQuery },
  'PUT /booklets/{slug}/translations/{lang}/sections/{sectionId}': { query: SectionQuery, body: SectionInput },
  'POST /booklets/{slug}/translations/{lang}/restore': { body: RestoreInput },
  'POST /webhooks': { body: WebhookInput },
  'GET /stats/downloads': { query: StatsQuery },
  'GET /audit': { query: AuditQuery },
  'GET /languages': { query: LanguagesQuery },
  'POST /languages': { body: LanguageInputSchema },
  'PATCH /languages/{lang}': { body: LanguageUpdateSchema },
  'PUT /interface-strings/{lang}/strings/{key}': { body: InterfaceStringInput },
};

type Parameter = { name: string; in: string; required?: boolean; schema: Record<string, unknown> };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } };

/** Whether a string parameter schema of the document accepts a value (the keywords zod writes for strings). */
function docAccepts(schema: Record<string, unknown>, value: string): boolean {
  return schema.type === 'string' && new RegExp(schema.pattern as string, 'u').test(value) && value.length <= (schema.maxLength as number);
}

describe('the document says what the routes validate', () => {
  const doc = OPENAPI as unknown as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op] as const),
  );

  it('the path parameters are the schemas of src/identifiers.ts', () => {
    expect(PathParams).toMatchObject({ slug: SlugSchema, lang: LanguageCodeSchema, sectionId: SectionIdSchema });
  });

  it('every path and query parameter schema is z.toJSONSchema of the schema its route parses it with', () => {
    for (const [operation, op] of operations) {
      const params = op.parameters ?? [];
      for (const p of params.filter((x) => x.in === 'path')) {
        expect({ operation, name: p.name, required: p.required, schema: p.schema }).toEqual({
          operation,
          name: p.name,
          required: true,
          schema: expected(PathParams[p.name as keyof typeof PathParams]),
        });
      }
      const query = VALIDATED[operation]?.query;
      const shape: Record<string, z.core.$ZodType> = query?.shape ?? {};
      expect({ operation, query: params.filter((x) => x.in === 'query').map((x) => x.name) }).toEqual({
        operation,
        query: Object.keys(shape),
      });
      for (const p of params.filter((x) => x.in === 'query')) {
        const schema = shape[p.name] as z.core.$ZodType;
        expect({ operation, name: p.name, required: p.required, schema: p.schema }).toEqual({
          operation,
          name: p.name,
          required: !z.safeParse(schema, undefined).success,
          schema: expected(schema),
        });
      }
    }
  });

  it('every JSON request body is z.toJSONSchema of the schema its route parses it with; XLIFF is only a media type', () => {
    for (const [operation, op] of operations) {
      const content = op.requestBody?.content ?? {};
      const body = VALIDATED[operation]?.body;
      if (operation === 'PUT /booklets/{slug}/translations/{lang}/xliff' || operation === 'PUT /interface-strings/{lang}/xliff') {
        expect(content).toEqual({ 'application/xliff+xml': { schema: { type: 'string' } } });
        continue;
      }
      expect({ operation, media: Object.keys(content) }).toEqual({ operation, media: body ? ['application/json'] : [] });
      if (!body) continue;
      const ref = content['application/json']?.schema.$ref as string;
      expect({ operation, schema: doc.components.schemas[ref.replace('#/components/schemas/', '')] }).toEqual({
        operation,
        schema: expected(body),
      });
    }
  });

  it('the language pattern accepts the codes the routes accept and refuses the ones they refuse', async () => {
    const langParam = doc.paths['/booklets/{slug}/translations/{lang}']!.get!.parameters!.find((p) => p.name === 'lang')!.schema;
    const accepted = ['uk', 'UK', 'fa', 'prs', 'fa-AF', 'fa-af', 'zh-Hant', 'de-419'];
    const refused = ['f', 'english', 'fa_AF', 'fa-', 'fa-A', 'u1', 'fa-AFGHANIST', 'fa-AF-x', 'ru.', 'укр'];
    for (const code of [...accepted, ...refused]) {
      const res = await request(app).get(`/api/v1/booklets/rights/translations/${encodeURIComponent(code)}`);
      const routeAccepts = res.status !== 400;
      expect({ code, routeAccepts, docAccepts: docAccepts(langParam, code) }).toEqual({
        code,
        routeAccepts: accepted.includes(code),
        docAccepts: accepted.includes(code),
      });
    }
  });

  it('the booklet slug pattern accepts what the routes accept', async () => {
    const slugParam = doc.paths['/booklets/{slug}']!.get!.parameters!.find((p) => p.name === 'slug')!.schema;
    for (const slug of ['rights', 'a', 'a1-b2', 'Rights', '-a', 'a-', 'a_b', 'a'.repeat(64), 'a'.repeat(65)]) {
      const routeAccepts = (await request(app).get(`/api/v1/booklets/${slug}`)).status !== 400;
      expect({ slug, routeAccepts }).toEqual({ slug, routeAccepts: docAccepts(slugParam, slug) });
    }
  });

  it('the audit log validates limit (1–500) and before (a positive id) as documented; a bad one is a 400 naming it', async () => {
    const admin = { Authorization: `Bearer ${deps.keys.create({ name: 'admin', role: 'admin', languages: null }).key}` };
    const [limit, before] = doc.paths['/audit']!.get!.parameters!.map((p) => p.schema);
    expect([limit, before]).toEqual([
      expect.objectContaining({ type: 'integer', minimum: 1, maximum: 500, default: 100 }),
      expect.objectContaining({ type: 'integer', exclusiveMinimum: 0 }),
    ]);
    for (const [q, detail] of [
      ['?limit=0', 'limit: must be at least 1'],
      ['?limit=501', 'limit: must be at most 500'],
      ['?limit=ten', 'limit: must be a whole number'],
      ['?limit=1.5', 'limit: must be a whole number'],
      ['?limit=1&limit=2', 'limit: must be a whole number'],
      ['?before=0', 'before: must be positive'],
      ['?before=x&limit=600', 'limit: must be at most 500; before: must be a whole number'],
    ]) {
      const res = await request(app).get(`/api/v1/audit${q}`).set(admin);
      expect({ q, status: res.status, detail: res.body.detail }).toEqual({ q, status: 400, detail });
    }
    expect((await request(app).get('/api/v1/audit?limit=ten')).status).toBe(401); // the key is checked first
    deps.audit.record({ actor: 'a', action: 'x', target: 't' });
    deps.audit.record({ actor: 'a', action: 'y', target: 't' });
    const page = await request(app).get('/api/v1/audit?limit=1').set(admin);
    expect([page.status, page.body.entries.map((e: { action: string }) => e.action)]).toEqual([200, ['y']]);
    const next = await request(app).get(`/api/v1/audit?limit=500&before=${page.body.entries[0].id}`).set(admin);
    expect(next.body.entries.map((e: { action: string }) => e.action)).toEqual(['x']);
  });
});
