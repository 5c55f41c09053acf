import { z } from 'zod';
import { badRequest } from '../errors';

/** Booklet slugs: lower-case letters, digits and single hyphens, at most 64 characters. */
export const SlugSchema = z
  .string()
  .max(64, 'is longer than 64 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'may contain only a-z, 0-9 and "-"');

/** A language code as it appears in URLs (well-formed; whether it is supported is checked later). */
export const LangSchema = z
  .string()
  .max(12, 'is longer than 12 characters')
  .regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/i, 'must be a language code such as "uk" or "fa"');

/**
 * `uk`, `uk.pdf`, `uk.html`, or an edition URL `uk.<16 hex digits>.pdf`: the last segment of a
 * booklet URL.
 */
export const BookletFileSchema = z
  .string()
  .max(40, 'is longer than 40 characters')
  .regex(
    /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?(?:\.[0-9a-fA-F]{16}(?=\.))?(?:\.[A-Za-z0-9]{1,10})?$/,
    'must look like "uk" or "uk.pdf"',
  );

/**
 * Validates one route parameter with its schema; a failure is a 400 that names the parameter.
 */
export function param<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is not valid';
  throw badRequest(`The ${name} in the address ${message}.`, [{ field: name, message }]);
}
