import { z } from 'zod';
import { LanguageCodeSchema, SectionIdSchema, SlugSchema } from '../../identifiers';
import { acceptLanguage, ApiPart, errors, json, pathParam, requestBody } from '../describe';
import { savedTranslation } from '../translations/schema';

/** POST /booklets */
export const BookletInput = z
  .object({
    slug: SlugSchema,
    sourceLanguage: LanguageCodeSchema.transform((code) => code.toLowerCase()),
    title: z.string().trim().min(1, 'must not be empty').max(300),
    subject: z.string().trim().min(1, 'must not be empty').max(300),
    author: z.string().trim().min(1, 'must not be empty').max(300),
    edition: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM'),
    sections: z
      .array(z.object({ id: SectionIdSchema, title: z.string(), body: z.string() }).strict())
      .min(1, 'needs at least one section')
      .max(200),
  })
  .strict();

const booklet = { $ref: '#/components/schemas/BookletSummary' };

export const bookletsApi: ApiPart = {
  bodies: { BookletInput },
  schemas: {
    Links: { type: 'object', properties: { html: { type: 'string' }, pdf: { type: 'string' } } },
    LanguageSummary: {
      type: 'object',
      properties: {
        lang: { type: 'string' },
        status: { enum: ['draft', 'in-review', 'published'] },
        completeness: { type: 'number' },
        outdatedSections: { type: 'integer' },
        publishedAt: { type: ['string', 'null'] },
        links: { $ref: '#/components/schemas/Links' },
      },
    },
    BookletSummary: {
      type: 'object',
      properties: {
        slug: { type: 'string' },
        sourceLanguage: { type: 'string' },
        title: { type: 'string' },
        languages: { type: 'array', items: { $ref: '#/components/schemas/LanguageSummary' } },
      },
    },
  },
  paths: {
    '/booklets': {
      post: {
        summary: 'Create a booklet with its source sections (admins); it starts as a draft',
        security: [{ bearer: [] }],
        parameters: [acceptLanguage],
        requestBody: requestBody('BookletInput'),
        responses: {
          '201': savedTranslation,
          ...errors(400, 401, 403, 409, 413, 415, 422, 429),
        },
      },
      get: {
        summary: 'All booklets with the status of each language (without a key: booklets with published text, and their published titles)',
        responses: {
          '200': { description: 'Booklets', ...json({ type: 'object', properties: { booklets: { type: 'array', items: booklet } } }) },
        },
      },
    },
    '/booklets/{slug}': {
      get: {
        summary:
          'One booklet: sections and languages (without a key: the published text only, 404 when nothing is published; with a key: the latest source text)',
        parameters: [pathParam('slug', SlugSchema)],
        responses: { '200': { description: 'The booklet', ...json(booklet) }, ...errors(400, 404) },
      },
    },
  },
};
