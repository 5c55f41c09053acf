import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Express } from 'express';
import { HotResponses } from './http/hot';
import { Routes } from './http/methods';
import { refuseApiWrites, refuseEditing } from './http/read-only';
import type { ReadOnlySetting } from './config';
import type { AuditLog } from './audit/log';
import type { KeyService } from './auth/keys';
import { publicRoutes } from './site/routes';
import { authenticate } from './http/auth';
import { apiRoutes } from './api';
import type { TranslationService } from './translations/service';
import type { XliffService } from './translations/xliff-service';
import type { WebhookService } from './webhooks/service';
import type { BookletService } from './booklets/service';
import type { Translator } from './i18n';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import type { HtmlRenderer } from './rendering/html';
import type { RenderService } from './rendering/service';
import type { DB } from './storage/db';
import { apiCors, securityHeaders, TrustProxySetting } from './http/security';
import type { LogClientMode, TrustFunction } from './observability/client';
import { compileTrustProxy } from './http/trust-proxy';
import type { DownloadCounter } from './stats/downloads';
import { BOOKLET_FILE_ROUTE, recordMount, requestObserver, requestState, watchRoute } from './observability/http';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import { metricsRoute, MetricsRouteOptions } from './observability/routes';
import type { AdminServices } from './admin';
import { adminRoutes } from './admin/routes';
import type { Languages } from './i18n/languages';
import type { LanguageService } from './languages/service';
import type { InterfaceStringService } from './interface-strings/service';

export interface AppDeps {
  db: DB;
  keys: KeyService;
  translations: TranslationService;
  xliff: XliffService;
  webhooks: WebhookService;
  audit: AuditLog;
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  /** The languages the service publishes in (the `languages` table). */
  languages: Languages;
  /** Adds, changes and retires languages (admins: CLI, API, /admin). */
  languageAdmin: LanguageService;
  /** Translations of the interface strings, with their workflow (API, /admin, the translator's source). */
  interfaceStrings: InterfaceStringService;
  /** Unexpected errors (5xx) are reported here; defaults to an error line in the log. */
  onServerError?: (err: unknown) => void;
  logger: Logger;
  metrics: Metrics;
  downloads: DownloadCounter;
  /** Users, sessions and pages of the editor and translator interface (/admin). */
  admin: AdminServices;
  /** Settings of the HTTP layer (from the environment in server.ts); safe defaults when absent. */
  http?: HttpSettings;
  /** API writes allowed per key per minute (default 120). */
  writesPerMinute?: number;
  /** Remembered responses of rendered documents, served before Express (see createHandler). */
  hot?: HotResponses;
  /** The compiled `trust proxy` setting (createHandler compiles it once and shares it). */
  trust?: TrustFunction;
  /** Set on a read-only copy: API writes and /admin are refused with 503 read-only. */
  readOnly?: ReadOnlySetting | undefined;
}

/** How the HTTP layer logs, trusts proxies and exposes metrics (see docs/operations.md, "Observability without surveillance"). */
export interface HttpSettings {
  /** Express `trust proxy`: which X-Forwarded-* headers to believe (default false). */
  trustProxy?: TrustProxySetting;
  /** Readers' addresses in access lines: off (default) or anonymised. */
  logClient?: LogClientMode;
  /** Who may read /metrics (default: loopback connections only, no token). */
  metrics?: MetricsRouteOptions;
  /** Send Strict-Transport-Security (the service is public over HTTPS). */
  hsts?: boolean;
}

/**
 * The request handler the server listens with: the hot path for rendered documents; a booklet file
 * whose document would be rendered now goes, with its connection, to a render process when there
 * are any; the Express application answers everything else.
 */
export function createHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const hot = deps.hot ?? new HotResponses(deps.render.cache, (slug, lang) => deps.booklets.revision(slug, lang));
  const trust = deps.trust ?? compileTrustProxy(deps.http?.trustProxy);
  const app = createApp({ ...deps, hot, trust });
  deps.metrics.watchHotPath(() => hot.hits);
  // The hot path answers before Express, so it is observed here: id, access line, metrics, counts.
  const observe = requestObserver({
    ...deps,
    logClient: deps.http?.logClient ?? 'off',
    trust,
  });
  return (req, res) => {
    const state = observe(req, res);
    const answer = hot.serve(req, res, state.id);
    if (answer) {
      state.route = BOOKLET_FILE_ROUTE;
      state.hot = answer;
      return;
    }
    app(req, res);
  };
}

/**
 * Builds the Express application from its dependencies. It does not listen: server.ts does, and
 * tests call it directly with supertest.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are computed once per cached output (http/send.ts), not by hashing every response.
  app.set('etag', false);
  app.set('query parser', 'simple');
  // One compiled function for Express (req.ip, req.protocol) and the access lines alike.
  const trust = deps.trust ?? compileTrustProxy(deps.http?.trustProxy);
  app.set('trust proxy', trust);

  const observe = requestObserver({
    ...deps,
    logClient: deps.http?.logClient ?? 'off',
    trust,
  });
  app.use((req, res, next) => {
    const state = observe(req, res);
    res.setHeader('X-Request-Id', state.id);
    watchRoute({ req, res }, state);
    next();
  });
  app.use(securityHeaders({ hsts: deps.http?.hsts ?? false }));

  const healthCheck = deps.db.prepare('SELECT 1 AS ok');
  const routes = new Routes(app.router);
  routes.get('/healthz', (_req, res) => {
    const ok = (healthCheck.get() as { ok: number } | undefined)?.ok === 1;
    res
      .status(ok ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json({ status: ok ? 'ok' : 'unavailable', ...(deps.readOnly ? { readOnly: true, primary: deps.readOnly.primaryUrl ?? null } : {}) });
  });

  // Before /metrics: whoever may not read the metrics gets the 404 of an unknown address, whatever
  // the method, not a 405 that tells the endpoint is there.
  routes.answerOtherMethods();
  app.get('/metrics', metricsRoute(deps.metrics, deps.http?.metrics ?? { access: 'loopback' }));
  if (deps.readOnly) {
    app.use('/api/v1', recordMount, refuseApiWrites(deps.readOnly.primaryUrl));
    app.use('/admin', recordMount, refuseEditing(deps.readOnly.primaryUrl));
  }
  app.use('/api/v1', recordMount, apiCors(), authenticate(deps.keys), apiRoutes(deps));
  app.use('/admin', recordMount, adminRoutes(deps));
  app.use(recordMount, publicRoutes({ ...deps, hot: deps.hot }));
  app.use(notFoundHandler);
  app.use(
    createErrorHandler({
      html: deps.html,
      translator: deps.translator,
      languages: deps.languages,
      onServerError: (err, req) => {
        const error = err instanceof Error ? err : new Error(`${req.method} ${req.path}: ${String(err)}`);
        if (deps.onServerError) deps.onServerError(error);
        else
          deps.logger.error(
            { err: error, requestId: requestState(req)?.id, method: req.method, path: req.path.slice(0, 200) },
            'request failed',
          );
      },
    }),
  );
  return app;
}
