import { z } from 'zod';
import { ApiPart, errors, json, queryParams } from '../describe';

const wholeNumber = 'must be a whole number';

/** GET /audit */
export const AuditQuery = z.object({
  limit: z.coerce
    .number({ message: wholeNumber })
    .int(wholeNumber)
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(100)
    .meta({ description: 'How many entries' }),
  before: z.coerce
    .number({ message: wholeNumber })
    .int(wholeNumber)
    .positive('must be positive')
    .optional()
    .meta({ description: 'Only entries with a smaller id (the next page: the id of the last entry read)' }),
});

export const auditApi: ApiPart = {
  paths: {
    '/audit': {
      get: {
        summary: 'The audit log, newest first (admins)',
        security: [{ bearer: [] }],
        parameters: queryParams(AuditQuery),
        responses: { '200': { description: 'Entries', ...json({ type: 'object' }) }, ...errors(400, 401, 403) },
      },
    },
  },
};
