import { z } from 'zod';
import { badRequest } from '../errors';

export { LanguageCodeSchema as LangSchema, SlugSchema } from '../identifiers';

/**
 * Validates one route parameter with its schema; a failure is a 400 that names the parameter.
 */
export function param<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is not valid';
  throw badRequest(`The ${name} in the address ${message}.`, [{ field: name, message }]);
}
