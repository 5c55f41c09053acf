import { z } from 'zod';
import { INTERFACE_STRING_SCHEMAS, interfaceStringPaths } from '../interface-strings/openapi';
import { LanguagesQuery } from '../languages/routes';
import { AuditQuery, PathParams, RequestBodies, SectionQuery, StatsQuery, TranslationQuery } from './api-schemas';

/**
 * The OpenAPI 3.1 description of /api/v1. Kept next to the routes; a test checks that every route
 * the app serves under /api/v1 is described here and nothing else. Parameters and request bodies are
 * generated from the zod schemas the routes validate with (./api-schemas.ts); responses are written here.
 */

/** What a zod schema accepts, as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), without its $schema line. */
export function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return rest;
}
const described = (schema: z.core.$ZodType) => ({ description: z.globalRegistry.get(schema)?.description, schema: jsonSchema(schema) });
const pathParam = (name: keyof typeof PathParams) => ({ name, in: 'path', required: true, ...described(PathParams[name]) });
/** One query parameter per property; required when the schema does not accept its absence. */
const queryParams = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, s]) => ({ name, in: 'query', required: !z.safeParse(s, undefined).success, ...described(s) }));
const requestBody = (name: keyof typeof RequestBodies) => ({ required: true, ...json({ $ref: `#/components/schemas/${name}` }) });

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const slug = pathParam('slug');
const lang = pathParam('lang');
const webhookId = pathParam('id');
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag last read; 428 without it, 412 when stale' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const translation = { description: 'The translation', headers: { ETag: { schema: { type: 'string' } } }, ...json({ $ref: '#/components/schemas/Translation' }) };
const saved = {
  description: 'The translation, with warnings about the text just written (an empty list when there are none)',
  headers: { ETag: { schema: { type: 'string' } } },
  ...json({ $ref: '#/components/schemas/SavedTranslation' }),
};
const acceptLanguage = {
  name: 'Accept-Language', in: 'header', schema: { type: 'string' },
  description: 'Language of the warning messages (any language of GET /languages; default en); `?lang=` overrides it',
};
const write = (summary: string, extra: object = {}) => ({
  summary,
  security: [{ bearer: [] }],
  parameters: [slug, lang, ifMatch],
  responses: { '200': translation, ...errors(401, 403, 404, 412, 428) },
  ...extra,
});

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
      Problem: { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
          instance: { type: 'string' }, currentRevision: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string', description: 'English' }, code: { type: 'string', description: 'Stable id of the problem (e.g. empty, tooLong, headingOne), for clients that say it in their own language' }, params: { type: 'object', description: 'Values the message names (max, length, line, …)' } } } },
        },
      },
      Language: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Lower-case BCP 47 tag' }, nativeName: { type: 'string' }, englishName: { type: 'string' },
          dir: { enum: ['ltr', 'rtl'] }, script: { type: 'string', description: 'ISO 15924 code' }, fallback: { type: ['string', 'null'] },
          aliases: { type: 'array', items: { type: 'string' } }, numbering: { type: ['string', 'null'] }, calendar: { type: ['string', 'null'] }, retired: { type: 'boolean' },
        },
      },
      Links: { type: 'object', properties: { html: { type: 'string' }, pdf: { type: 'string' } } },
      LanguageSummary: {
        type: 'object',
        properties: {
          lang: { type: 'string' }, status: { enum: ['draft', 'in-review', 'published'] }, completeness: { type: 'number' },
          outdatedSections: { type: 'integer' }, publishedAt: { type: ['string', 'null'] }, links: { $ref: '#/components/schemas/Links' },
        },
      },
      BookletSummary: {
        type: 'object',
        properties: {
          slug: { type: 'string' }, sourceLanguage: { type: 'string' }, title: { type: 'string' },
          languages: { type: 'array', items: { $ref: '#/components/schemas/LanguageSummary' } },
        },
      },
      Translation: {
        type: 'object',
        properties: {
          lang: { type: 'string' }, status: { enum: ['draft', 'in-review', 'published', 'missing'] }, revision: { type: 'integer' },
          published: { type: 'boolean' }, links: { $ref: '#/components/schemas/Links' },
          sections: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' }, outdated: { type: 'boolean' },
                sourceRevision: { type: ['integer', 'null'] }, revision: { type: 'integer' },
              },
            },
          },
        },
      },
      ContentWarning: {
        type: 'object',
        required: ['code', 'field', 'section', 'line', 'sample', 'message'],
        description:
          'Text that was saved but will not appear as typed. Never blocks a save. table: shown as one line of "|" signs (write a list); image: shown as "!" and a link (describe it in words); html: tags shown as text (use the booklet Markdown); footnote and setext-heading: shown as typed; unsupported-characters: no PDF font has them, so they are missing from the PDF (emoji, CJK, …).',
        properties: {
          code: { enum: ['table', 'image', 'html', 'footnote', 'setext-heading', 'unsupported-characters'] },
          field: { enum: ['title', 'body'] },
          section: { type: 'string', description: 'Section id' },
          line: { type: 'integer', minimum: 1, description: 'Line within the field, counted from 1 (1 for the title)' },
          sample: { type: 'string', maxLength: 40, description: 'The offending text as typed, shortened' },
          message: { type: 'string', description: 'What happens and what to write instead, in the interface language (Accept-Language)' },
          characters: {
            type: 'array', description: 'unsupported-characters only: each character once',
            items: { type: 'object', required: ['char', 'codePoint'], properties: { char: { type: 'string' }, codePoint: { type: 'string', pattern: '^U\\+[0-9A-F]{4,6}$' } } },
          },
        },
      },
      SavedTranslation: {
        allOf: [
          { $ref: '#/components/schemas/Translation' },
          { type: 'object', required: ['warnings'], properties: { warnings: { type: 'array', items: { $ref: '#/components/schemas/ContentWarning' } } } },
        ],
      },
      ...INTERFACE_STRING_SCHEMAS,
      ...Object.fromEntries(Object.entries(RequestBodies).map(([name, schema]) => [name, jsonSchema(schema)])),
    },
  },
  paths: {
    '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } } } },
    '/booklets': {
      post: {
        summary: 'Create a booklet with its source sections (admins); it starts as a draft',
        security: [{ bearer: [] }],
        parameters: [acceptLanguage],
        requestBody: requestBody('BookletInput'),
        responses: { '201': saved, ...errors(400, 401, 403, 409, 413, 415, 422, 429) },
      },
      get: {
        summary: 'All booklets with the status of each language (without a key: booklets with published text, and their published titles)',
        responses: { '200': { description: 'Booklets', ...json({ type: 'object', properties: { booklets: { type: 'array', items: { $ref: '#/components/schemas/BookletSummary' } } } }) } },
      },
    },
    '/booklets/{slug}': {
      get: { summary: 'One booklet: sections and languages (without a key: the published text only, 404 when nothing is published; with a key: the latest source text)', parameters: [slug], responses: { '200': { description: 'The booklet', ...json({ $ref: '#/components/schemas/BookletSummary' }) }, ...errors(400, 404) } },
    },
    '/booklets/{slug}/translations/{lang}': {
      get: {
        summary: 'The text of one language: published (default) or, with a key for that language, the latest draft',
        parameters: [slug, lang, ...queryParams(TranslationQuery)],
        responses: { '200': translation, ...errors(400, 401, 403, 404) },
      },
    },
    '/booklets/{slug}/translations/{lang}/sections/{sectionId}': {
      put: write('Write a new revision of one section', {
        parameters: [slug, lang, ifMatch, pathParam('sectionId'), ...queryParams(SectionQuery), acceptLanguage],
        requestBody: requestBody('SectionInput'),
        responses: { '200': saved, ...errors(400, 401, 403, 404, 412, 413, 415, 422, 428) },
      }),
    },
    '/booklets/{slug}/translations/{lang}/review': { post: write('Submit the draft for review') },
    '/booklets/{slug}/translations/{lang}/publish': { post: write('Publish the latest text (editors)') },
    '/booklets/{slug}/translations/{lang}/unpublish': { post: write('Withdraw the language from readers (editors)') },
    '/booklets/{slug}/translations/{lang}/history': {
      get: { summary: 'Every revision, newest first', security: [{ bearer: [] }], parameters: [slug, lang], responses: { '200': { description: 'Revisions', ...json({ type: 'object' }) }, ...errors(401, 403, 404) } },
    },
    '/booklets/{slug}/translations/{lang}/restore': {
      post: write('Make an old revision current again (as a new revision)', {
        requestBody: requestBody('RestoreInput'),
        responses: { '200': translation, ...errors(401, 403, 404, 412, 415, 422, 428) },
      }),
    },
    '/booklets/{slug}/translations/{lang}/xliff': {
      get: {
        summary: 'Export the language as XLIFF 2.0 for CAT tools: a group per section, a unit per field',
        description:
          'One <file id="{slug}"> with srcLang (the source language) and trgLang ({lang}). Each section is a <group id="<section>"> holding two units, "<section>.title" and "<section>.body", each with one <segment> whose state is initial (not translated yet, or outdated: the source changed since), translated (draft), reviewed (in review) or final (published), a <source> in the source language and, when there is a translation, a <target>. Notes are for the translator only; import does not read them. Send the ETag back as If-Match on import.',
        security: [{ bearer: [] }],
        parameters: [slug, lang],
        responses: { '200': { description: 'XLIFF 2.0', headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/xliff+xml': { schema: { type: 'string' } } } }, ...errors(401, 403, 404) },
      },
      put: {
        summary: 'Import an XLIFF 2.0 file: only changed sections become new revisions; a bad file changes nothing',
        description:
          'Reads the layout the export writes (a unit may also hold several segments and ignorables, joined in order) and also one <unit id="<section>"> per section with segments "title" and "body". A section changes when both its title and body have a <target>; sections absent from the file are left alone. Each <source> must be the current or an earlier version of the source text: a translation made from an earlier version stays outdated. Targets are plain text (no inline elements); bodies are kept verbatim, titles follow xml:space. The file is checked whole first (422 naming every problem) and imported in one transaction. XLIFF 2.0 and 2.1; no DTD; at most 5 MB.',
        security: [{ bearer: [] }],
        parameters: [slug, lang, ifMatch],
        requestBody: { required: true, content: { 'application/xliff+xml': { schema: { type: 'string' } } } },
        responses: { '200': { description: 'Sections changed and the translation', ...json({ type: 'object' }) }, ...errors(401, 403, 404, 412, 413, 415, 422, 428, 429) },
      },
    },
    '/webhooks': {
      post: {
        summary: 'Register a partner URL for a key (admins); the signing secret is returned once',
        description: 'On each publication the service POSTs {id, event, createdAt, data} with X-Booklets-Event, X-Booklets-Timestamp and X-Booklets-Signature: sha256=HMAC-SHA-256(secret, "<timestamp>.<body>"), retrying with back-off.',
        security: [{ bearer: [] }],
        requestBody: requestBody('WebhookInput'),
        responses: { '201': { description: 'The webhook and its secret', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404, 415, 422, 429) },
      },
      get: { summary: 'Registered webhooks (admins)', security: [{ bearer: [] }], responses: { '200': { description: 'Webhooks', ...json({ type: 'object' }) }, ...errors(401, 403) } },
    },
    '/webhooks/{id}': {
      delete: { summary: 'Remove a webhook (admins)', security: [{ bearer: [] }], parameters: [webhookId], responses: { '204': { description: 'Removed' }, ...errors(400, 401, 403, 404) } },
    },
    '/webhooks/{id}/deliveries': {
      get: { summary: 'Recent deliveries of a webhook (admins)', security: [{ bearer: [] }], parameters: [webhookId], responses: { '200': { description: 'Deliveries', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404) } },
    },
    '/stats/downloads': {
      get: {
        summary: 'Download counts per day, booklet, language and format (editors and admins); no data about readers is kept',
        description:
          'A download is a GET of a booklet page, offline copy or PDF answered in full (200, or 206 for a range from byte 0); HEAD, 304 and aborted responses are not counted. Days are UTC. Formats: html, offline, pdf (A4), pdf-<variant> (e.g. pdf-a5-booklet, pdf-archive, pdf-bilingual).',
        security: [{ bearer: [] }],
        parameters: queryParams(StatsQuery),
        responses: {
          '200': {
            description: 'Counts',
            ...json({
              type: 'object',
              properties: {
                from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, booklet: { type: ['string', 'null'] },
                total: { type: 'integer' },
                downloads: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { day: { type: 'string', format: 'date' }, booklet: { type: 'string' }, lang: { type: 'string' }, format: { type: 'string' }, count: { type: 'integer' } },
                  },
                },
              },
            }),
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/languages': {
      get: {
        summary: 'The languages readers are offered, in order; admins add ?retired=true for retired ones too',
        parameters: queryParams(LanguagesQuery),
        responses: { '200': { description: 'Languages', ...json({ type: 'object', properties: { languages: { type: 'array', items: { $ref: '#/components/schemas/Language' } } } }) }, ...errors(401, 403) },
      },
      post: {
        summary: 'Add a language (admins); refused when the PDF fonts cannot draw its script',
        security: [{ bearer: [] }],
        requestBody: requestBody('LanguageInput'),
        responses: { '201': { description: 'The language', ...json({ $ref: '#/components/schemas/Language' }) }, ...errors(401, 403, 409, 415, 422, 429) },
      },
    },
    '/languages/{lang}': {
      get: { summary: 'One language', parameters: [lang], responses: { '200': { description: 'The language', ...json({ $ref: '#/components/schemas/Language' }) }, ...errors(400, 404) } },
      patch: {
        summary: 'Change a language, or retire it ({"retired": true}: readers no longer see it, every revision is kept) or restore it (admins)',
        security: [{ bearer: [] }],
        parameters: [lang],
        requestBody: requestBody('LanguageUpdate'),
        responses: { '200': { description: 'The language', ...json({ $ref: '#/components/schemas/Language' }) }, ...errors(400, 401, 403, 404, 409, 415, 422, 429) },
      },
      delete: { summary: 'Delete a language nothing uses (admins); one in use is a 409: retire it instead', security: [{ bearer: [] }], parameters: [lang], responses: { '204': { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409, 429) } },
    },
    ...interfaceStringPaths({ pathParam, requestBody, errors, json }),
    '/audit': {
      get: {
        summary: 'The audit log, newest first (admins)',
        security: [{ bearer: [] }],
        parameters: queryParams(AuditQuery),
        responses: { '200': { description: 'Entries', ...json({ type: 'object' }) }, ...errors(400, 401, 403) },
      },
    },
  },
} as const;
