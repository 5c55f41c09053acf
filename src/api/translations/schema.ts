import { z } from 'zod';
import { LanguageCodeSchema, SectionIdSchema, SlugSchema } from '../../identifiers';
import { acceptLanguage, ApiPart, errors, ifMatch, json, pathParam, queryParams, requestBody } from '../describe';

/** GET /booklets/{slug}/translations/{lang} */
export const TranslationQuery = z.object({
  version: z.enum(['published', 'draft']).default('published').meta({ description: 'The draft needs a key for the language' }),
});

/** PUT …/sections/{sectionId} */
export const SectionQuery = z.object({
  minor: z.enum(['true', 'false']).optional().meta({ description: 'Source edits only: does not make translations outdated' }),
});

export const SectionInput = z
  .object({
    title: z.string({ message: 'title is required (a string)' }).meta({ description: 'One line, at most 300 characters (else 422)' }),
    body: z
      .string({ message: 'body is required (a string)' })
      .meta({ description: 'The booklet Markdown subset, at most 100000 characters (else 422)' }),
  })
  .strict();

export const RestoreInput = z.object({ revision: z.number({ message: 'revision is required (a number)' }).int().positive() }).strict();

const slug = pathParam('slug', SlugSchema);
const lang = pathParam('lang', LanguageCodeSchema);

/** The response of a read or write of a translation. */
export const translationResponse = {
  description: 'The translation',
  headers: { ETag: { schema: { type: 'string' } } },
  ...json({ $ref: '#/components/schemas/Translation' }),
};

/** The response of a write of text: the translation and what will not print as typed. */
export const savedTranslation = {
  description: 'The translation, with warnings about the text just written (an empty list when there are none)',
  headers: { ETag: { schema: { type: 'string' } } },
  ...json({ $ref: '#/components/schemas/SavedTranslation' }),
};

const write = (summary: string, extra: object = {}) => ({
  summary,
  security: [{ bearer: [] }],
  parameters: [slug, lang, ifMatch],
  responses: { '200': translationResponse, ...errors(401, 403, 404, 412, 428) },
  ...extra,
});

const WARNING_CODES = ['table', 'image', 'html', 'footnote', 'setext-heading', 'unsupported-characters'];

export const translationsApi: ApiPart = {
  bodies: { SectionInput, RestoreInput },
  schemas: {
    Translation: {
      type: 'object',
      properties: {
        lang: { type: 'string' },
        status: { enum: ['draft', 'in-review', 'published', 'missing'] },
        revision: { type: 'integer' },
        published: { type: 'boolean' },
        links: { $ref: '#/components/schemas/Links' },
        sections: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              title: { type: 'string' },
              body: { type: 'string' },
              outdated: { type: 'boolean' },
              sourceRevision: { type: ['integer', 'null'] },
              revision: { type: 'integer' },
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
        code: { enum: WARNING_CODES },
        field: { enum: ['title', 'body'] },
        section: { type: 'string', description: 'Section id' },
        line: { type: 'integer', minimum: 1, description: 'Line within the field, counted from 1 (1 for the title)' },
        sample: { type: 'string', maxLength: 40, description: 'The offending text as typed, shortened' },
        message: { type: 'string', description: 'What happens and what to write instead, in the interface language (Accept-Language)' },
        characters: {
          type: 'array',
          description: 'unsupported-characters only: each character once',
          items: {
            type: 'object',
            required: ['char', 'codePoint'],
            properties: { char: { type: 'string' }, codePoint: { type: 'string', pattern: '^U\\+[0-9A-F]{4,6}$' } },
          },
        },
      },
    },
    SavedTranslation: {
      allOf: [
        { $ref: '#/components/schemas/Translation' },
        {
          type: 'object',
          required: ['warnings'],
          properties: { warnings: { type: 'array', items: { $ref: '#/components/schemas/ContentWarning' } } },
        },
      ],
    },
  },
  paths: {
    '/booklets/{slug}/translations/{lang}': {
      get: {
        summary: 'The text of one language: published (default) or, with a key for that language, the latest draft',
        parameters: [slug, lang, ...queryParams(TranslationQuery)],
        responses: { '200': translationResponse, ...errors(400, 401, 403, 404) },
      },
    },
    '/booklets/{slug}/translations/{lang}/sections/{sectionId}': {
      put: write('Write a new revision of one section', {
        parameters: [slug, lang, ifMatch, pathParam('sectionId', SectionIdSchema), ...queryParams(SectionQuery), acceptLanguage],
        requestBody: requestBody('SectionInput'),
        responses: { '200': savedTranslation, ...errors(400, 401, 403, 404, 412, 413, 415, 422, 428) },
      }),
    },
    '/booklets/{slug}/translations/{lang}/review': { post: write('Submit the draft for review') },
    '/booklets/{slug}/translations/{lang}/publish': { post: write('Publish the latest text (editors)') },
    '/booklets/{slug}/translations/{lang}/unpublish': { post: write('Withdraw the language from readers (editors)') },
    '/booklets/{slug}/translations/{lang}/history': {
      get: {
        summary: 'Every revision, newest first',
        security: [{ bearer: [] }],
        parameters: [slug, lang],
        responses: { '200': { description: 'Revisions', ...json({ type: 'object' }) }, ...errors(401, 403, 404) },
      },
    },
    '/booklets/{slug}/translations/{lang}/restore': {
      post: write('Make an old revision current again (as a new revision)', {
        requestBody: requestBody('RestoreInput'),
        responses: { '200': translationResponse, ...errors(401, 403, 404, 412, 415, 422, 428) },
      }),
    },
  },
};
