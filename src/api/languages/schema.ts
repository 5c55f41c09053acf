import { z } from 'zod';
import { LanguageCodeSchema } from '../../identifiers';
import { LanguageInputSchema, LanguageUpdateSchema } from '../../languages/service';
import { ApiPart, errors, json, pathParam, queryParams, requestBody } from '../describe';

/** `?retired=true`: retired languages too (admins). */
export const LanguagesQuery = z.object({
  retired: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .meta({ description: 'Include retired languages (admins)' }),
});

const language = { description: 'The language', ...json({ $ref: '#/components/schemas/Language' }) };
const lang = pathParam('lang', LanguageCodeSchema);
const admins = { security: [{ bearer: [] }] };

/** Bodies are the schemas LanguageService checks with (the CLI and /admin use them too). */
export const languagesApi: ApiPart = {
  bodies: { LanguageInput: LanguageInputSchema, LanguageUpdate: LanguageUpdateSchema },
  schemas: {
    Language: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Lower-case BCP 47 tag' },
        nativeName: { type: 'string' },
        englishName: { type: 'string' },
        dir: { enum: ['ltr', 'rtl'] },
        script: { type: 'string', description: 'ISO 15924 code' },
        fallback: { type: ['string', 'null'] },
        aliases: { type: 'array', items: { type: 'string' } },
        numbering: { type: ['string', 'null'] },
        calendar: { type: ['string', 'null'] },
        retired: { type: 'boolean' },
      },
    },
  },
  paths: {
    '/languages': {
      get: {
        summary: 'The languages readers are offered, in order; admins add ?retired=true for retired ones too',
        parameters: queryParams(LanguagesQuery),
        responses: {
          '200': {
            description: 'Languages',
            ...json({ type: 'object', properties: { languages: { type: 'array', items: { $ref: '#/components/schemas/Language' } } } }),
          },
          ...errors(401, 403),
        },
      },
      post: {
        summary: 'Add a language (admins); refused when the PDF fonts cannot draw its script',
        ...admins,
        requestBody: requestBody('LanguageInput'),
        responses: { '201': language, ...errors(401, 403, 409, 415, 422, 429) },
      },
    },
    '/languages/{lang}': {
      get: { summary: 'One language', parameters: [lang], responses: { '200': language, ...errors(400, 404) } },
      patch: {
        summary:
          'Change a language, or retire it ({"retired": true}: readers no longer see it, every revision is kept) or restore it (admins)',
        ...admins,
        parameters: [lang],
        requestBody: requestBody('LanguageUpdate'),
        responses: { '200': language, ...errors(400, 401, 403, 404, 409, 415, 422, 429) },
      },
      delete: {
        summary: 'Delete a language nothing uses (admins); one in use is a 409: retire it instead',
        ...admins,
        parameters: [lang],
        responses: { '204': { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
  },
};
