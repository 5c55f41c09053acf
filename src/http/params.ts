import { z } from 'zod';
import { badRequest } from '../errors';

export { LanguageCodeSchema as LangSchema, SlugSchema } from '../identifiers';

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
