import type { Routes } from '../../http/methods';
import { requireRole } from '../../http/auth';
import { param } from '../../http/params';
import type { ApiDeps } from '../deps';
import { body } from '../request';
import { WebhookIdSchema, WebhookInput } from './schema';

const webhookId = (value: unknown): number => param(WebhookIdSchema, value, 'webhook id');

/** /webhooks (admins): register a partner's address for a key, list, see deliveries, remove. */
export function addWebhookRoutes(router: Routes, deps: ApiDeps): void {
  router.post('/webhooks', (req, res) => {
    const actor = requireRole(req, 'admin');
    const input = body(req, WebhookInput);
    const hook = deps.webhooks.register(input.key, input.url, actor.name);
    res.status(201).setHeader('Location', `/api/v1/webhooks/${hook.id}`);
    res.json(hook);
  });

  router.get('/webhooks', (req, res) => {
    requireRole(req, 'admin');
    res.json({ webhooks: deps.webhooks.list() });
  });

  router.get('/webhooks/:id/deliveries', (req, res) => {
    requireRole(req, 'admin');
    res.json({ deliveries: deps.webhooks.deliveries(webhookId(req.params.id)) });
  });

  router.delete('/webhooks/:id', (req, res) => {
    const actor = requireRole(req, 'admin');
    deps.webhooks.revoke(webhookId(req.params.id), actor.name);
    res.status(204).end();
  });
}
