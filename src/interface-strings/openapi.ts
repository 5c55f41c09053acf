/**
 * The interface-string part of the OpenAPI document (src/translations/openapi.ts calls this with
 * its helpers, so parameters and bodies come from the same zod schemas as the routes').
 */
export interface OpenApiHelpers {
  pathParam: (name: 'lang' | 'key') => object;
  requestBody: (name: 'InterfaceStringInput') => object;
  errors: (...codes: number[]) => Record<string, object>;
  json: (schema: object) => object;
}

const ref = { $ref: '#/components/schemas/InterfaceStrings' };

export const INTERFACE_STRING_SCHEMAS = {
  InterfaceStrings: {
    type: 'object',
    description: 'The interface strings of a language (every key of locales/en/common.json, with the plural forms Intl.PluralRules gives the language)',
    properties: {
      lang: { type: 'string' },
      status: { enum: ['draft', 'in-review', 'published', 'missing'] },
      revision: { type: 'integer', description: 'Counts the writes (the ETag)' },
      publishedAt: { type: ['string', 'null'] },
      completeness: { type: 'number', description: 'Share of the keys with the language\'s own translation (locale file, draft or published), 0..1' },
      saved: { type: 'boolean', description: 'PUT of a string: whether a new revision was written (false: the text was already so)' },
      changed: { type: 'integer', description: 'XLIFF import: strings changed' },
      strings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            key: { type: 'string' }, english: { type: 'string' }, plural: { type: ['string', 'null'], enum: ['zero', 'one', 'two', 'few', 'many', 'other', null] },
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

export function interfaceStringPaths(h: OpenApiHelpers) {
  const lang = h.pathParam('lang');
  const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'Optional: the ETag last read; 412 when stale' };
  const strings = { description: 'The language\'s interface strings', headers: { ETag: { schema: { type: 'string' } } }, ...h.json(ref) };
  const write = (summary: string, codes: number[]) => ({
    summary, security: [{ bearer: [] }], parameters: [lang, ifMatch], responses: { '200': strings, ...h.errors(...codes) },
  });
  return {
    '/interface-strings/{lang}': {
      get: {
        summary: 'Every interface string of a language: English, the current text and where it comes from (translators of the language, editors, admins)',
        security: [{ bearer: [] }], parameters: [lang], responses: { '200': strings, ...h.errors(400, 401, 403, 404) },
      },
    },
    '/interface-strings/{lang}/strings/{key}': {
      put: {
        ...write('Save a translation of one string as a new revision (a draft until published)', [400, 401, 403, 404, 409, 412, 415, 422, 429]),
        parameters: [lang, h.pathParam('key'), ifMatch],
        requestBody: h.requestBody('InterfaceStringInput'),
      },
    },
    '/interface-strings/{lang}/review': { post: write('Submit the language\'s strings for review', [400, 401, 403, 404, 412, 422, 429]) },
    '/interface-strings/{lang}/publish': { post: write('Publish the latest strings (editors): pages and PDFs show them from now on', [400, 401, 403, 404, 412, 422, 429]) },
    '/interface-strings/{lang}/xliff': {
      get: {
        summary: 'Export the language\'s strings as XLIFF 2.0: <file id="interface-strings">, a <unit id="<key>"> per string',
        description: 'srcLang en, trgLang {lang}. Each unit has one <segment> with the English <source> and, when the language has its own text, a <target>; state initial (untranslated), translated (draft), reviewed (in review) or final (published or shipped with the service). Notes name plural forms.',
        security: [{ bearer: [] }], parameters: [lang],
        responses: { '200': { description: 'XLIFF 2.0', headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/xliff+xml': { schema: { type: 'string' } } } }, ...h.errors(400, 401, 403, 404, 422) },
      },
      put: {
        summary: 'Import an XLIFF 2.0 file of the language\'s strings: all or nothing',
        description: 'Units are keyed by the dotted key; targets are plain text, kept verbatim. The whole file is checked first (unknown keys, placeholders, length: 422 naming every problem), then changed strings are saved in one transaction. A unit without a target, or with an empty one, changes nothing: an import never takes text away.',
        security: [{ bearer: [] }], parameters: [lang, ifMatch],
        requestBody: { required: true, content: { 'application/xliff+xml': { schema: { type: 'string' } } } },
        responses: { '200': strings, ...h.errors(400, 401, 403, 404, 412, 413, 415, 422, 429) },
      },
    },
  };
}
