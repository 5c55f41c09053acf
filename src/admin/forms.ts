import type { Request } from 'express';
import { z } from 'zod';
import { badRequest, notFound, ProblemField, unsupportedMediaType } from '../errors';
import { LangSchema, param, SlugSchema } from '../http/params';
import type { LanguageLookup } from '../i18n/languages';

/** A posted form (application/x-www-form-urlencoded), validated with its schema; 400 names the field. */
export function form<T>(req: Request, schema: z.ZodType<T>): T {
  if (!req.is('application/x-www-form-urlencoded')) throw unsupportedMediaType('Send the form as application/x-www-form-urlencoded.');
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'form', message: i.message }));
    throw badRequest(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  return parsed.data;
}

/** The CSRF field every form carries. */
export const CsrfField = z.string({ message: 'the form token is missing' }).max(100);
/**
 * The language revision (ETag, `"<booklet>.<language>.<number>"`) the form was made from, as the
 * edit and history pages write it into their hidden `revision` field. Only this exact form is
 * accepted: "*", lists, weak tags or other text would not tell which version the person saw.
 */
const RevisionValue = z
  .string({ message: 'is missing: the form does not say which version of the text it was made from' })
  .min(1, 'is missing: the form does not say which version of the text it was made from')
  .max(200, 'is not a revision of this language')
  .regex(/^"[a-z0-9-]{1,64}\.[a-z0-9-]{2,12}\.(?:0|[1-9]\d{0,15})"$/, 'is not a revision of this language');

const revisionParts = (etag: string): { language: string; number: number } | undefined => {
  const m = /^"(.+)\.(\d+)"$/.exec(etag);
  return m ? { language: m[1] as string, number: Number(m[2]) } : undefined;
};

/**
 * The revision a posted form was made from, checked against the language it is posted to (its
 * `current` ETag). A form without one, or with one this language's pages could never have shown
 * (garbage, "*", another booklet or language, a number beyond the current one or beyond the
 * integers), is incomplete rather than stale: it gets `problem`, never a "changed meanwhile".
 */
export function formRevision(
  value: unknown,
  current: string,
): { revision: string; problem?: undefined } | { revision?: undefined; problem: ProblemField } {
  const parsed = RevisionValue.safeParse(value);
  if (!parsed.success)
    return { problem: { field: 'revision', message: parsed.error.issues[0]?.message ?? 'is not a revision of this language' } };
  const sent = revisionParts(parsed.data);
  const now = revisionParts(current);
  if (!sent || !now || sent.language !== now.language || !Number.isSafeInteger(sent.number) || sent.number > now.number) {
    return { problem: { field: 'revision', message: 'is not a revision of this language' } };
  }
  return { revision: parsed.data };
}

/** The revision of a posted form that shows nothing back (workflow actions, restore): 400 when it is unusable. */
export function requireFormRevision(value: unknown, current: string): string {
  const checked = formRevision(value, current);
  if (checked.problem) {
    throw badRequest(
      `The form is incomplete or not valid, so nothing was changed: revision ${checked.problem.message}. Reload the page and try again.`,
      [checked.problem],
    );
  }
  return checked.revision;
}

export { SectionIdSchema } from '../identifiers';

/** The booklet and language of an /admin/booklets/:slug/:lang address; 404 for an unknown language. */
export function target(req: Request, languages: LanguageLookup): { slug: string; lang: string } {
  const slug = param(SlugSchema, req.params.slug, 'booklet');
  const lang = param(LangSchema, req.params.lang, 'language').toLowerCase();
  if (!languages.find(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  return { slug, lang };
}

/** A CSRF failure: 403, nothing changed. */

/** Only same-site /admin addresses are followed after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 300 && /^\/admin(?:\/[A-Za-z0-9._~/-]*)?$/.test(value) && !value.includes('//')
    ? value
    : '/admin';
}
