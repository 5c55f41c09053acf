import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, badRequest, notFound, unsupportedMediaType } from '../errors';
import { LangSchema, param, SlugSchema } from '../http/params';
import { findLanguage } from '../i18n/languages';

/**
 * Reads a posted form. A body with broken percent-encoding (`%ZZ`, `%E0%A4%A`) or bytes that are not
 * UTF-8 is a 400 and changes nothing: the form parser itself would keep such text as it is and save it.
 */
export function formParser(limit: string, parameterLimit: number): RequestHandler {
  return express.urlencoded({ extended: false, limit, parameterLimit, verify: checkFormEncoding });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function checkFormEncoding(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') return;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new URIError('The form is not UTF-8.');
  }
  decodeURIComponent(text.replace(/\+/g, ' ')); // throws URIError on broken percent-encoding
}

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
/** The language revision (ETag) the form was made from. */
export const RevisionField = z.string({ message: 'the revision is missing' }).min(1).max(200);

export const SectionIdSchema = z.string().max(64, 'is longer than 64 characters').regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'may contain only a-z, 0-9 and "-"');

/** The booklet and language of an /admin/booklets/:slug/:lang address; 404 for an unknown language. */
export function target(req: Request): { slug: string; lang: string } {
  const slug = param(SlugSchema, req.params.slug, 'booklet');
  const lang = param(LangSchema, req.params.lang, 'language').toLowerCase();
  if (!findLanguage(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  return { slug, lang };
}

/** A CSRF failure: 403, nothing changed. */
export const csrfRefused = (): AppError => new AppError(403, 'csrf', 'The form token is missing or wrong: the form was not sent from this site or is out of date.');

/** Only same-site /admin addresses are followed after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 300 && /^\/admin(?:\/[A-Za-z0-9._~\/-]*)?$/.test(value) && !value.includes('//') ? value : '/admin';
}
