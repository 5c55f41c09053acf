import { z } from 'zod';
import { LANGUAGE_CODE } from '../identifiers';

/** What a request may send to add or change a language: checked at the edge, and described in the OpenAPI document. */

const NUMBERING = new Set(Intl.supportedValuesOf('numberingSystem'));
const CALENDARS = new Set(Intl.supportedValuesOf('calendar'));

const tag = (what: string) =>
  z
    .string()
    .trim()
    .max(12)
    .regex(LANGUAGE_CODE, `${what} must be a BCP 47 language tag such as "prs" or "fa-AF"`)
    .refine((t) => {
      try {
        return Intl.getCanonicalLocales(t).length === 1;
      } catch {
        return false;
      }
    }, `${what} is not a valid BCP 47 language tag`)
    .transform((t) => t.toLowerCase());

const name = (what: string) => z.string().trim().min(1, `${what} is required`).max(60, `${what} must be at most 60 characters`);

const fields = {
  nativeName: name('the native name'),
  englishName: name('the English name'),
  dir: z.enum(['ltr', 'rtl'], { message: 'dir must be "ltr" or "rtl"' }),
  script: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{4}$/, 'script must be an ISO 15924 code of four letters, such as "Arab" or "Geor"')
    .transform((s) => s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  fallback: tag('fallback').nullable(),
  aliases: z.array(tag('each alias')).max(10, 'at most 10 aliases'),
  numbering: z
    .string()
    .trim()
    .refine((n) => NUMBERING.has(n), 'numbering must be an Intl numbering system such as "latn" or "arabext"')
    .nullable(),
  calendar: z
    .string()
    .trim()
    .refine((c) => CALENDARS.has(c), 'calendar must be an Intl calendar such as "gregory" or "persian"')
    .nullable(),
};

/** A new language: code, names and script are required; direction follows the script when left out. */
export const LanguageInputSchema = z
  .object({
    code: tag('code'),
    nativeName: fields.nativeName,
    englishName: fields.englishName,
    dir: fields.dir.optional(),
    script: fields.script,
    fallback: fields.fallback.optional(),
    aliases: fields.aliases.optional(),
    numbering: fields.numbering.optional(),
    calendar: fields.calendar.optional(),
  })
  .strict()
  .meta({ id: 'LanguageInput', description: 'A language to add (admins)' });

/** Changes to a language: any of its fields but the code; `retired` retires or restores it. */
export const LanguageUpdateSchema = z
  .object({
    nativeName: fields.nativeName.optional(),
    englishName: fields.englishName.optional(),
    dir: fields.dir.optional(),
    script: fields.script.optional(),
    fallback: fields.fallback.optional(),
    aliases: fields.aliases.optional(),
    numbering: fields.numbering.optional(),
    calendar: fields.calendar.optional(),
    retired: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'LanguageUpdate', description: 'Changes to a language (admins)' });

export type LanguageInput = z.infer<typeof LanguageInputSchema>;
export type LanguageUpdate = z.infer<typeof LanguageUpdateSchema>;
