import { z } from 'zod';
import { SlugSchema } from '../../identifiers';
import { MAX_STATS_DAYS } from '../../stats/period';
import { ApiPart, errors, json, queryParams } from '../describe';

const DAY = z
  .string({ message: 'must be given once, as a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  }, 'is not a calendar date')
  .meta({ format: 'date' });

/** The same schema with another message for a value that is not a string (a query parameter given twice arrives as an array). */
function once(schema: z.ZodString, message: string): z.ZodString {
  return schema.clone({ ...schema.def, error: () => message }, { parent: true });
}

/** GET /stats/downloads */
export const StatsQuery = z
  .object({
    from: DAY.optional().meta({ description: 'First day (default: 29 days before to)' }),
    to: DAY.optional().meta({ description: `Last day (default: today, UTC); at most ${MAX_STATS_DAYS} days after from` }),
    booklet: once(SlugSchema, 'must be given once').optional().meta({ description: 'Only this booklet' }),
  })
  .strict();

const day = { type: 'string', format: 'date' };

export const statsApi: ApiPart = {
  paths: {
    '/stats/downloads': {
      get: {
        summary: 'Download counts per day, booklet, language and format (editors and admins); no data about readers is kept',
        description:
          'A download is a GET of a booklet page, offline copy or PDF answered in full (200, or 206 for a range from byte 0); HEAD, 304 and aborted responses are not counted. Days are UTC. Formats: html, offline, pdf (A4), pdf-<variant> (e.g. pdf-booklet, pdf-archive, pdf-bilingual).',
        security: [{ bearer: [] }],
        parameters: queryParams(StatsQuery),
        responses: {
          '200': {
            description: 'Counts',
            ...json({
              type: 'object',
              properties: {
                from: day,
                to: day,
                booklet: { type: ['string', 'null'] },
                total: { type: 'integer' },
                downloads: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      day,
                      booklet: { type: 'string' },
                      lang: { type: 'string' },
                      format: { type: 'string' },
                      count: { type: 'integer' },
                    },
                  },
                },
              },
            }),
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  },
};
