import { auditApi } from './audit/schema';
import { bookletsApi } from './booklets/schema';
import { ApiPart, json, jsonSchema } from './describe';
import { interfaceStringsApi } from './interface-strings/schema';
import { languagesApi } from './languages/schema';
import { statsApi } from './stats/schema';
import { translationsApi } from './translations/schema';
import { webhooksApi } from './webhooks/schema';
import { xliffApi } from './xliff/schema';

/**
 * The OpenAPI 3.1 description of /api/v1, put together from the part each resource's schema.ts
 * writes. Parameters and request bodies are generated from the zod schemas the routes validate
 * with; a test checks that every route the app serves under /api/v1 is described and nothing else.
 */

const PARTS: ApiPart[] = [bookletsApi, translationsApi, xliffApi, webhooksApi, statsApi, languagesApi, interfaceStringsApi, auditApi];

/** The entries of several objects in one (the parts name different paths and schemas). */
const merge = <T>(objects: Record<string, T>[]): Record<string, T> => Object.fromEntries(objects.flatMap((o) => Object.entries(o)));

const problemField = {
  type: 'object',
  properties: {
    field: { type: 'string' },
    message: { type: 'string', description: 'English' },
    code: {
      type: 'string',
      description: 'Stable id of the problem (e.g. empty, tooLong, headingOne), for clients that say it in their own language',
    },
    params: { type: 'object', description: 'Values the message names (max, length, line, …)' },
  },
};

const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    currentRevision: { type: 'string' },
    errors: { type: 'array', items: problemField },
  },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Information booklets API',
    version: '1.0.0',
    description:
      'Booklets of the Commissioner for Human Rights (Ombudsman) and their translations. Reads of published text need no key; writes need `Authorization: Bearer <key>` and `If-Match`. Errors are application/problem+json (RFC 9457); a method a path does not list is a 405 with an Allow header.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A key from `npm run booklets -- keys create`' } },
    responses: {
      Problem: {
        description: 'A problem (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    schemas: {
      Problem: PROBLEM,
      ...merge(PARTS.map((p) => p.schemas ?? {})),
      ...Object.fromEntries(PARTS.flatMap((p) => Object.entries(p.bodies ?? {})).map(([name, schema]) => [name, jsonSchema(schema)])),
    },
  },
  paths: {
    '/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } } },
    },
    ...merge(PARTS.map((p) => p.paths)),
  },
} as const;
