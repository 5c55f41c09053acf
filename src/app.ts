import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Express } from 'express';
import { HotResponses } from './http/hot';
import type { AuditLog } from './audit/log';
import type { KeyService } from './auth/keys';
import { publicRoutes } from './booklets/routes';
import { authenticate } from './http/auth';
import { apiRoutes } from './translations/routes';
import type { TranslationService } from './translations/service';
import type { XliffService } from './translations/xliff-service';
import type { WebhookService } from './webhooks/service';
import type { BookletService } from './booklets/service';
import type { Translator } from './i18n';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import type { HtmlRenderer } from './rendering/html';
import type { RenderService } from './rendering/service';
import type { DB } from './storage/db';

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
  /** Unexpected errors (5xx) are reported here; defaults to a one-line log on stderr. */
  onServerError?: (err: unknown) => void;
  /** API writes allowed per key per minute (default 120). */
  writesPerMinute?: number;
  /** Remembered responses of rendered documents, served before Express (see createHandler). */
  hot?: HotResponses;
}

/**
 * The request handler the server listens with: the hot path for rendered documents, then the
 * Express application for everything else.
 */
export function createHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const hot = deps.hot ?? new HotResponses(() => deps.booklets.changeStamp());
  const app = createApp({ ...deps, hot });
  return (req, res) => {
    if (!hot.serve(req, res)) app(req, res);
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

  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    next();
  });

  const healthCheck = deps.db.prepare('SELECT 1 AS ok');
  app.get('/healthz', (_req, res) => {
    const ok = (healthCheck.get() as { ok: number } | undefined)?.ok === 1;
    res.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store').json({ status: ok ? 'ok' : 'unavailable' });
  });

  app.use('/api/v1', authenticate(deps.keys), apiRoutes(deps));
  app.use(publicRoutes({ ...deps, hot: deps.hot }));
  app.use(notFoundHandler);
  app.use(
    createErrorHandler({
      html: deps.html,
      translator: deps.translator,
      onServerError: (err, req) =>
        (deps.onServerError ?? defaultServerErrorLog)(err instanceof Error ? err : new Error(`${req.method} ${req.path}: ${String(err)}`)),
    }),
  );
  return app;
}

function defaultServerErrorLog(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: e.message, stack: e.stack })}\n`);
}
