import type { Request } from 'express';
import type { z } from 'zod';
import { badRequest, unprocessable, unsupportedMediaType } from '../errors';
import type { Principal } from '../auth/keys';
import type { BookletService } from '../booklets/service';
import { requireLanguage, requireRole } from '../http/auth';
import { param } from '../http/params';
import { LanguageCodeSchema, SlugSchema } from '../identifiers';

/** What the API reads from a request, each with its schema: problems name the field or parameter. */

/** Query parameters (400 naming each parameter; for a strict schema, the unknown ones). */
export function query<T>(req: Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({
    field: String(i.path[0] ?? (i.code === 'unrecognized_keys' ? i.keys.join(', ') : 'query')),
    message: i.message,
  }));
  throw badRequest(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

/** The body of a write: JSON only (415), validated (422 naming each field). */
export function body<T>(req: Request, schema: z.ZodType<T>): T {
  if (!req.is('application/json')) throw unsupportedMediaType('Send the body as application/json.');
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  throw unprocessable(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

/** Media types an XLIFF upload may be sent as. */
export const XLIFF_TYPES = ['application/xliff+xml', 'application/xml', 'text/xml'];

/** The XLIFF document of an upload (415 for anything else). */
export function xliffBody(req: Request): string {
  if (!req.is(XLIFF_TYPES) || typeof req.body !== 'string') throw unsupportedMediaType('Send the XLIFF file as application/xliff+xml.');
  return req.body;
}

/** The language of the address (`:lang`), lower-cased. */
export const langParam = (req: Request): string => param(LanguageCodeSchema, req.params.lang, 'language').toLowerCase();

/** The booklet and language of a translation's address (`:slug`, `:lang`). */
export const translationTarget = (req: Request) => ({ slug: param(SlugSchema, req.params.slug, 'booklet'), lang: langParam(req) });

type KeyHolder = Extract<Principal, { kind: 'key' }>;

/** Editors write the source language; translators (and editors) write translations. */
export function requireWriter(req: Request, booklets: BookletService, slug: string, lang: string): KeyHolder {
  return lang === booklets.sourceOf(slug) ? requireRole(req, 'editor') : requireLanguage(req, lang);
}
