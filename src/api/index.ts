import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Principal } from '../auth/keys';
import { tooManyRequests } from '../errors';
import { Routes } from '../http/methods';
import { addAuditRoutes } from './audit/routes';
import { addBookletRoutes } from './booklets/routes';
import type { ApiDeps } from './deps';
import { addInterfaceStringRoutes } from './interface-strings/routes';
import { addLanguageRoutes } from './languages/routes';
import { OPENAPI } from './openapi';
import { addStatsRoutes } from './stats/routes';
import { addTranslationRoutes } from './translations/routes';
import { addWebhookRoutes } from './webhooks/routes';
import { addXliffRoutes } from './xliff/routes';

export type { ApiDeps } from './deps';

/**
 * The partner API under /api/v1: one folder per resource, each with its routes and the zod
 * schema.ts they validate with (which also writes the resource's part of the OpenAPI document).
 */
export function apiRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.writesPerMinute ?? 120,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per key: a partner's tool may share an address with many readers (NAT, proxies).
      skip: (req, res) => req.method === 'GET' || req.method === 'HEAD' || (res.locals.principal as Principal | undefined)?.kind !== 'key',
      keyGenerator: (_req, res) => `key:${(res.locals.principal as Extract<Principal, { kind: 'key' }>).keyId}`,
      handler: (_req, _res, next) => next(tooManyRequests('Too many writes with this key: wait a minute and try again.')),
      validate: false,
    }),
  );
  router.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  const routes = new Routes(router);
  routes.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(OPENAPI);
  });

  addBookletRoutes(routes, deps);
  addTranslationRoutes(routes, deps);
  addXliffRoutes(routes, deps);
  addWebhookRoutes(routes, deps);
  addStatsRoutes(routes, deps);
  addAuditRoutes(routes, deps);
  addLanguageRoutes(routes, deps);
  addInterfaceStringRoutes(routes, deps);

  routes.answerOtherMethods();
  return router;
}
