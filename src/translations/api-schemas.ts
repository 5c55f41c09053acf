import { z } from 'zod';
import { LanguageInputSchema, LanguageUpdateSchema } from '../languages/service';
import { KeyIdSchema, LanguageCodeSchema, SectionIdSchema, SlugSchema } from '../identifiers';

/**
 * Everything a request to /api/v1 is validated with, in one place: the routes parse with these
 * schemas and the OpenAPI document is generated from them (./openapi.ts), so the two cannot differ.
 * Rules checked later by the services (text rules, a language the booklet has) are described, not enforced, here.
 */

/** The same schema with another message for a value that is not a string (a query parameter given twice arrives as an array). */
function once(schema: z.ZodString, message: string): z.ZodString {
  return schema.clone({ ...schema.def, error: () => message }, { parent: true });
}

const wholeNumber = 'must be a whole number';

export const WebhookIdSchema = z.coerce
  .number()
  .int(wholeNumber)
  .positive('must be positive')
  .max(2 ** 31)
  .meta({ description: 'The id of a webhook' });

/** An interface string: a dotted key of locales/en/common.json, plural forms with their suffix. */
export const StringKeySchema = z
  .string()
  .max(200, 'is longer than 200 characters')
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'must be a dotted key such as "booklet.edition" or "booklet.sections_few"')
  .meta({ description: 'Interface string key (dotted, as in locales/en/common.json; plural forms end in _zero, _one, _two, _few, _many or _other)', examples: ['booklet.sections_few'] });

/** Path parameters by the name the routes give them. */
export const PathParams = { slug: SlugSchema, lang: LanguageCodeSchema, sectionId: SectionIdSchema, id: WebhookIdSchema, key: StringKeySchema };

/** GET /booklets/{slug}/translations/{lang} */
export const TranslationQuery = z.object({
  version: z.enum(['published', 'draft']).default('published').meta({ description: 'The draft needs a key for the language' }),
});

/** PUT …/sections/{sectionId} */
export const SectionQuery = z.object({
  minor: z.enum(['true', 'false']).optional().meta({ description: 'Source edits only: does not make translations outdated' }),
});

const DAY = z
  .string({ message: 'must be given once, as a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  }, 'is not a calendar date')
  .meta({ format: 'date' });

/** GET /stats/downloads */
export const StatsQuery = z
  .object({
    from: DAY.optional().meta({ description: 'First day (default: 29 days before to)' }),
    to: DAY.optional().meta({ description: 'Last day (default: today, UTC); at most 366 days after from' }),
    booklet: once(SlugSchema, 'must be given once').optional().meta({ description: 'Only this booklet' }),
  })
  .strict();

/** GET /audit */
export const AuditQuery = z.object({
  limit: z.coerce.number({ message: wholeNumber }).int(wholeNumber).min(1, 'must be at least 1').max(500, 'must be at most 500').default(100)
    .meta({ description: 'How many entries' }),
  before: z.coerce.number({ message: wholeNumber }).int(wholeNumber).positive('must be positive').optional()
    .meta({ description: 'Only entries with a smaller id (the next page: the id of the last entry read)' }),
});

/** Request bodies, named as the document's components.schemas name them. */
export const SectionInput = z.object({
  title: z.string({ message: 'title is required (a string)' }).meta({ description: 'One line, at most 300 characters (else 422)' }),
  body: z.string({ message: 'body is required (a string)' }).meta({ description: 'The booklet Markdown subset, at most 100000 characters (else 422)' }),
}).strict();

export const BookletInput = z.object({
  slug: SlugSchema,
  sourceLanguage: LanguageCodeSchema.transform((code) => code.toLowerCase()),
  title: z.string().trim().min(1, 'must not be empty').max(300),
  subject: z.string().trim().min(1, 'must not be empty').max(300),
  author: z.string().trim().min(1, 'must not be empty').max(300),
  edition: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM'),
  sections: z.array(z.object({ id: SectionIdSchema, title: z.string(), body: z.string() }).strict()).min(1, 'needs at least one section').max(200),
}).strict();

export const WebhookInput = z.object({
  key: KeyIdSchema,
  url: z.string().max(2000),
}).strict();

export const RestoreInput = z.object({ revision: z.number({ message: 'revision is required (a number)' }).int().positive() }).strict();

export const InterfaceStringInput = z.object({
  text: z.string({ message: 'text is required (a string)' })
    .meta({ description: 'The translation: the English placeholders ({{name}}; plural forms may leave out {{count}}), at most 2000 characters (else 422). An empty text takes the translation away again.' }),
  baseRevision: z.number({ message: 'baseRevision must be a number' }).int().min(0).optional()
    .meta({ description: 'The revision of the string the text was based on (0: none); 409 when it was saved since. Left out: saved over whatever is there.' }),
}).strict();

export const RequestBodies = { BookletInput, SectionInput, WebhookInput, RestoreInput, LanguageInput: LanguageInputSchema, LanguageUpdate: LanguageUpdateSchema, InterfaceStringInput };
