import { LanguageCodeSchema, SlugSchema } from '../../identifiers';
import { ApiPart, errors, ifMatch, json, pathParam, xliffContent } from '../describe';

const slug = pathParam('slug', SlugSchema);
const lang = pathParam('lang', LanguageCodeSchema);

/** XLIFF needs no zod schema: the file is checked whole by the XLIFF reader (422 naming every problem). */
export const xliffApi: ApiPart = {
  paths: {
    '/booklets/{slug}/translations/{lang}/xliff': {
      get: {
        summary: 'Export the language as XLIFF 2.0 for CAT tools: a group per section, a unit per field',
        description:
          'One <file id="{slug}"> with srcLang (the source language) and trgLang ({lang}). Each section is a <group id="<section>"> holding two units, "<section>.title" and "<section>.body", each with one <segment> whose state is initial (not translated yet, or outdated: the source changed since), translated (draft), reviewed (in review) or final (published), a <source> in the source language and, when there is a translation, a <target>. Notes are for the translator only; import does not read them. Send the ETag back as If-Match on import.',
        security: [{ bearer: [] }],
        parameters: [slug, lang],
        responses: {
          '200': { description: 'XLIFF 2.0', headers: { ETag: { schema: { type: 'string' } } }, ...xliffContent },
          ...errors(401, 403, 404),
        },
      },
      put: {
        summary: 'Import an XLIFF 2.0 file: only changed sections become new revisions; a bad file changes nothing',
        description:
          'Reads the layout the export writes (a unit may also hold several segments and ignorables, joined in order) and also one <unit id="<section>"> per section with segments "title" and "body". A section changes when both its title and body have a <target>; sections absent from the file are left alone. Each <source> must be the current or an earlier version of the source text: a translation made from an earlier version stays outdated. Targets are plain text (no inline elements); bodies are kept verbatim, titles follow xml:space. The file is checked whole first (422 naming every problem) and imported in one transaction. XLIFF 2.0 and 2.1; no DTD; at most 5 MB.',
        security: [{ bearer: [] }],
        parameters: [slug, lang, ifMatch],
        requestBody: { required: true, ...xliffContent },
        responses: {
          '200': { description: 'Sections changed and the translation', ...json({ type: 'object' }) },
          ...errors(401, 403, 404, 412, 413, 415, 422, 428, 429),
        },
      },
    },
  },
};
