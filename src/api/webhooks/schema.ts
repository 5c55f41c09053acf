import { z } from 'zod';
import { KeyIdSchema } from '../../identifiers';
import { ApiPart, errors, json, pathParam, requestBody } from '../describe';

export const WebhookIdSchema = z.coerce
  .number()
  .int('must be a whole number')
  .positive('must be positive')
  .max(2 ** 31)
  .meta({ description: 'The id of a webhook' });

export const WebhookInput = z.object({ key: KeyIdSchema, url: z.string().max(2000) }).strict();

const admins = { security: [{ bearer: [] }] };
const id = pathParam('id', WebhookIdSchema);

export const webhooksApi: ApiPart = {
  bodies: { WebhookInput },
  paths: {
    '/webhooks': {
      post: {
        summary: 'Register a partner URL for a key (admins); the signing secret is returned once',
        description:
          'On each publication the service POSTs {id, event, createdAt, data} with X-Booklets-Event, X-Booklets-Timestamp and X-Booklets-Signature: sha256=HMAC-SHA-256(secret, "<timestamp>.<body>"), retrying with back-off.',
        ...admins,
        requestBody: requestBody('WebhookInput'),
        responses: {
          '201': { description: 'The webhook and its secret', ...json({ type: 'object' }) },
          ...errors(400, 401, 403, 404, 415, 422, 429),
        },
      },
      get: {
        summary: 'Registered webhooks (admins)',
        ...admins,
        responses: { '200': { description: 'Webhooks', ...json({ type: 'object' }) }, ...errors(401, 403) },
      },
    },
    '/webhooks/{id}': {
      delete: {
        summary: 'Remove a webhook (admins)',
        ...admins,
        parameters: [id],
        responses: { '204': { description: 'Removed' }, ...errors(400, 401, 403, 404) },
      },
    },
    '/webhooks/{id}/deliveries': {
      get: {
        summary: 'Recent deliveries of a webhook (admins)',
        ...admins,
        parameters: [id],
        responses: { '200': { description: 'Deliveries', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404) },
      },
    },
  },
};
