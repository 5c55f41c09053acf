import { z } from 'zod';
import { LanguageCodeSchema } from '../../identifiers';
import { ApiPart, errors, json, pathParam, requestBody, xliffContent } from '../describe';

/** An interface string: a dotted key of locales/en/common.json, plural forms with their suffix. */
export const StringKeySchema = z
  .string()
  .max(200, 'is longer than 200 characters')
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'must be a dotted key such as "booklet.edition" or "booklet.sections_few"')
  .meta({
    description:
      'Interface string key (dotted, as in locales/en/common.json; plural forms end in _zero, _one, _two, _few, _many or _other)',
    examples: ['booklet.sections_few'],
  });

export const InterfaceStringInput = z
  .object({
    text: z.string({ message: 'text is required (a string)' }).meta({
      description:
        'The translation: the English placeholders ({{name}}; plural forms may leave out {{count}}), at most 2000 characters (else 422). An empty text takes the translation away again.',
    }),
    baseRevision: z.number({ message: 'baseRevision must be a number' }).int().min(0).optional().meta({
      description:
        'The revision of the string the text was based on (0: none); 409 when it was saved since. Left out: saved over whatever is there.',
    }),
  })
  .strict();

const ref = { $ref: '#/components/schemas/InterfaceStrings' };

const schemas = {
  InterfaceStrings: {
    type: 'object',
    description:
      'The interface strings of a language (every key of locales/en/common.json, with the plural forms Intl.PluralRules gives the language)',
    properties: {
      lang: { type: 'string' },
      status: { enum: ['draft', 'in-review', 'published', 'missing'] },
      revision: { type: 'integer', description: 'Counts the writes (the ETag)' },
      publishedAt: { type: ['string', 'null'] },
      completeness: {
        type: 'number',
        description: "Share of the keys with the language's own translation (locale file, draft or published), 0..1",
      },
      saved: { type: 'boolean', description: 'PUT of a string: whether a new revision was written (false: the text was already so)' },
      changed: { type: 'integer', description: 'XLIFF import: strings changed' },
      strings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            key: { type: 'string' },
            english: { type: 'string' },
            plural: { type: ['string', 'null'], enum: ['zero', 'one', 'two', 'few', 'many', 'other', null] },
            text: { type: 'string', description: 'The current text: the latest own translation, else what readers see instead' },
            origin: { enum: ['published', 'draft', 'locale-file', 'fallback', 'english'], description: 'Where text comes from' },
            textLang: { type: 'string', description: 'The language text is in (the fallback language, or en)' },
            revision: { type: 'integer', description: 'Latest saved revision of the string (0: none); send it as baseRevision' },
            published: { type: ['string', 'null'], description: 'The published translation from the service (null: none)' },
            placeholders: { type: 'array', items: { type: 'string' }, description: 'Placeholder names the text must keep' },
          },
        },
      },
    },
  },
};

function paths() {
  const lang = pathParam('lang', LanguageCodeSchema);
  const ifMatch = {
    name: 'If-Match',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: 'Optional: the ETag last read; 412 when stale',
  };
  const strings = { description: "The language's interface strings", headers: { ETag: { schema: { type: 'string' } } }, ...json(ref) };
  const write = (summary: string, codes: number[]) => ({
    summary,
    security: [{ bearer: [] }],
    parameters: [lang, ifMatch],
    responses: { '200': strings, ...errors(...codes) },
  });
  return {
    '/interface-strings/{lang}': {
      get: {
        summary:
          'Every interface string of a language: English, the current text and where it comes from (translators of the language, editors, admins)',
        security: [{ bearer: [] }],
        parameters: [lang],
        responses: { '200': strings, ...errors(400, 401, 403, 404) },
      },
    },
    '/interface-strings/{lang}/strings/{key}': {
      put: {
        ...write(
          'Save a translation of one string as a new revision (a draft until published)',
          [400, 401, 403, 404, 409, 412, 415, 422, 429],
        ),
        parameters: [lang, pathParam('key', StringKeySchema), ifMatch],
        requestBody: requestBody('InterfaceStringInput'),
      },
    },
    '/interface-strings/{lang}/review': { post: write("Submit the language's strings for review", [400, 401, 403, 404, 412, 422, 429]) },
    '/interface-strings/{lang}/publish': {
      post: write('Publish the latest strings (editors): pages and PDFs show them from now on', [400, 401, 403, 404, 412, 422, 429]),
    },
    '/interface-strings/{lang}/xliff': {
      get: {
        summary: 'Export the language\'s strings as XLIFF 2.0: <file id="interface-strings">, a <unit id="<key>"> per string',
        description:
          'srcLang en, trgLang {lang}. Each unit has one <segment> with the English <source> and, when the language has its own text, a <target>; state initial (untranslated), translated (draft), reviewed (in review) or final (published or shipped with the service). Notes name plural forms.',
        security: [{ bearer: [] }],
        parameters: [lang],
        responses: {
          '200': { description: 'XLIFF 2.0', headers: { ETag: { schema: { type: 'string' } } }, ...xliffContent },
          ...errors(400, 401, 403, 404, 422),
        },
      },
      put: {
        summary: "Import an XLIFF 2.0 file of the language's strings: all or nothing",
        description:
          'Units are keyed by the dotted key; targets are plain text, kept verbatim. The whole file is checked first (unknown keys, placeholders, length: 422 naming every problem), then changed strings are saved in one transaction. A unit without a target, or with an empty one, changes nothing: an import never takes text away.',
        security: [{ bearer: [] }],
        parameters: [lang, ifMatch],
        requestBody: { required: true, ...xliffContent },
        responses: { '200': strings, ...errors(400, 401, 403, 404, 412, 413, 415, 422, 429) },
      },
    },
  };
}

export const interfaceStringsApi: ApiPart = { bodies: { InterfaceStringInput }, schemas, paths: paths() };
