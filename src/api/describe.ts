import { z } from 'zod';

/**
 * Helpers that write the OpenAPI 3.1 description of a route from the zod schemas it validates
 * with. Each resource's schema.ts describes its paths with them; ./openapi.ts puts the parts together.
 */

/** What a zod schema accepts, as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), without its $schema line. */
export function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return rest;
}

const described = (schema: z.core.$ZodType) => ({ description: z.globalRegistry.get(schema)?.description, schema: jsonSchema(schema) });

/** A path parameter, described by the schema its route parses it with. */
export const pathParam = (name: string, schema: z.core.$ZodType) => ({ name, in: 'path', required: true, ...described(schema) });

/** One query parameter per property; required when the schema does not accept its absence. */
export const queryParams = (schema: z.ZodObject) =>
  Object.entries(schema.shape as Record<string, z.core.$ZodType>).map(([name, s]) => ({
    name,
    in: 'query',
    required: !z.safeParse(s, undefined).success,
    ...described(s),
  }));

/** A JSON body: `name` is its entry in components.schemas (each resource's `bodies`). */
export const requestBody = (name: string) => ({ required: true, ...json({ $ref: `#/components/schemas/${name}` }) });

export const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const problem = { $ref: '#/components/responses/Problem' };

/** The problem responses an operation may give. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));

/** An XLIFF document, as a body or a response. */
export const xliffContent = { content: { 'application/xliff+xml': { schema: { type: 'string' } } } };

/** A piece of the document: paths, and the components.schemas they refer to. */
export interface ApiPart {
  paths: Record<string, Record<string, object>>;
  /** Response shapes, written out. */
  schemas?: Record<string, object>;
  /** Request bodies, generated from the zod schemas the routes parse them with. */
  bodies?: Record<string, z.core.$ZodType>;
}

/** If-Match on a write that needs it. */
export const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'The ETag last read; 428 without it, 412 when stale',
};

/** The language of the messages in an answer (content warnings). */
export const acceptLanguage = {
  name: 'Accept-Language',
  in: 'header',
  schema: { type: 'string' },
  description: 'Language of the warning messages (any language of GET /languages; default en); `?lang=` overrides it',
};
