import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Principal } from '../auth/keys';
import type { z } from 'zod';
import type { AuditLog } from '../audit/log';
import type { BookletService } from '../booklets/service';
import { AppError, badRequest, notFound, unsupportedMediaType } from '../errors';
import { principalOf, requireLanguage, requireRole } from '../http/auth';
import { param } from '../http/params';
import { answerOtherMethods } from '../http/methods';
import { bookletUrls } from '../rendering/service';
import { OPENAPI } from './openapi';
import { AuditQuery, BookletInput, PathParams, RestoreInput, SectionInput, SectionQuery, TranslationQuery, WebhookInput } from './api-schemas';
import type { LanguageSummary, TranslationService, TranslationView } from './service';
import type { XliffService } from './xliff-service';
import type { WebhookService } from '../webhooks/service';
import type { DownloadCounter } from '../observability/downloads';
import { downloadStatsRoute } from '../observability/routes';
import { sectionWarnings } from '../content/check-messages';
import type { Translator } from '../i18n';
import { interfaceLanguage } from '../http/language';
import { interfaceStringRoutes } from '../interface-strings/routes';
import type { InterfaceStringService } from '../interface-strings/service';
import { addLanguageRoutes } from '../languages/routes';
import type { LanguageService } from '../languages/service';

export interface ApiDeps {
  xliff: XliffService;
  webhooks: WebhookService;
  /** Writes allowed per key per minute (default 120). */
  writesPerMinute?: number;
  booklets: BookletService;
  translations: TranslationService;
  audit: AuditLog;
  downloads: DownloadCounter;
  /** Adds, changes and retires languages (admins). */
  languageAdmin: LanguageService;
  /** Words the content warnings of a save in the request's interface language. */
  translator: Translator;
  /** Translations of the interface strings (/interface-strings/{lang}). */
  interfaceStrings: InterfaceStringService;
}

function webhookId(value: unknown): number {
  return param(PathParams.id, value, 'webhook id');
}

/** Query parameters, validated with their schema; problems name the parameter (400). */
function query<T>(req: express.Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message }));
  throw badRequest(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

/** Body of a write: JSON only, validated with its schema; problems name the field. */
function body<T>(req: express.Request, schema: z.ZodType<T>): T {
  if (!req.is('application/json')) throw unsupportedMediaType('Send the body as application/json.');
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
    throw new AppError(422, 'unprocessable-content', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  return parsed.data;
}

/** Language summaries with the reader-facing links of each language. */
function withLinks(slug: string, summary: readonly LanguageSummary[]) {
  return summary.map((l) => ({ ...l, links: { html: bookletUrls.page(slug, l.lang), pdf: bookletUrls.pdf(slug, l.lang) } }));
}

/** The public shape of a translation (column names never leave the server). */
function present(slug: string, v: TranslationView) {
  return {
    lang: v.lang,
    status: v.status,
    revision: v.revision,
    published: v.published,
    links: { html: bookletUrls.page(slug, v.lang), pdf: bookletUrls.pdf(slug, v.lang) },
    sections: v.sections.map((s) => ({ id: s.id, title: s.title, body: s.body, outdated: s.outdated, sourceRevision: s.sourceRevision, revision: s.revision })),
  };
}

/** The partner API under /api/v1: booklets, translations and their workflow. */
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
      handler: (_req, _res, next) => next(new AppError(429, 'too-many-requests', 'Too many writes with this key: wait a minute and try again.')),
      validate: false,
    }),
  );
  router.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(OPENAPI);
  });

  /**
   * What a booklet is called and which sections it has. Readers without a key see only published
   * text (undefined when nothing of the booklet is published); a key sees the latest source text.
   */
  const outline = (req: express.Request, slug: string): { sourceLang: string; title: string; sections: { id: string; title: string }[] } | undefined => {
    if (principalOf(req).kind === 'reader') {
      let published;
      try {
        published = deps.booklets.languagesOf(slug);
      } catch (e) {
        if (e instanceof AppError && e.status === 404) return undefined; // nothing published
        throw e;
      }
      const text = deps.booklets.read(slug, published.languages[0] as string);
      return { sourceLang: published.sourceLang, title: text.meta.title, sections: text.sections.map((s) => ({ id: s.id, title: s.title })) };
    }
    const source = deps.booklets.readLatest(slug, deps.booklets.sourceOf(slug));
    return { sourceLang: source.sourceLang, title: source.meta.title, sections: source.sections.map((s) => ({ id: s.id, title: s.title })) };
  };

  router.get('/booklets', (req, res) => {
    const booklets = deps.booklets.allLanguages().flatMap(({ slug }) => {
      const shown = outline(req, slug);
      if (!shown) return [];
      return [{ slug, sourceLanguage: shown.sourceLang, title: shown.title, languages: withLinks(slug, deps.translations.summary(slug)) }];
    });
    res.json({ booklets });
  });

  router.post('/booklets', (req, res) => {
    const actor = requireRole(req, 'admin');
    const input = body(req, BookletInput);
    const view = deps.translations.createBooklet(input, actor);
    res.status(201).setHeader('Location', `/api/v1/booklets/${input.slug}`);
    res.setHeader('ETag', view.etag);
    res.json({ ...present(input.slug, view), warnings: sectionWarnings(input.sections, input.sourceLanguage, deps.translator, interfaceLanguage(req, deps.translator.languages)) });
  });

  router.get('/booklets/:slug', (req, res) => {
    const slug = param(PathParams.slug, req.params.slug, 'booklet');
    const summary = deps.translations.summary(slug);
    const shown = outline(req, slug);
    if (!shown) throw notFound(`There is no published booklet "${slug}".`);
    res.json({ slug, sourceLanguage: shown.sourceLang, title: shown.title, sections: shown.sections, languages: withLinks(slug, summary) });
  });

  /** Editors write the source language; translators (and editors) write translations. */
  const requireWriter = (req: express.Request, slug: string, lang: string) =>
    lang === deps.booklets.sourceOf(slug) ? requireRole(req, 'editor') : requireLanguage(req, lang);

  const target = (req: express.Request) => ({
    slug: param(PathParams.slug, req.params.slug, 'booklet'),
    lang: param(PathParams.lang, req.params.lang, 'language').toLowerCase(),
  });

  router.get('/booklets/:slug/translations/:lang', (req, res) => {
    const { slug, lang } = target(req);
    const parsed = TranslationQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest('version must be one of: published, draft', [{ field: 'version', message: 'published or draft' }]);
    const { version } = parsed.data;
    if (version === 'draft') requireLanguage(req, lang);
    const view = deps.translations.view(slug, lang, version);
    res.setHeader('ETag', view.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(present(slug, view));
  });

  router.put('/booklets/:slug/translations/:lang/sections/:sectionId', (req, res) => {
    const { slug, lang } = target(req);
    const sectionId = param(PathParams.sectionId, req.params.sectionId, 'section');
    const actor = requireWriter(req, slug, lang);
    const parsed = SectionQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest('minor must be true or false', [{ field: 'minor', message: 'true or false' }]);
    const minor = parsed.data.minor === 'true';
    const input = body(req, SectionInput);
    const view = deps.translations.editSection(slug, lang, sectionId, input, req.get('if-match'), actor, minor);
    res.setHeader('ETag', view.etag);
    // What was saved but will not print as typed: never blocks the save, only tells the writer.
    res.json({ ...present(slug, view), warnings: sectionWarnings([{ id: sectionId, ...input }], lang, deps.translator, interfaceLanguage(req, deps.translator.languages)) });
  });

  for (const action of ['review', 'publish', 'unpublish'] as const) {
    router.post(`/booklets/:slug/translations/:lang/${action}`, (req, res) => {
      const { slug, lang } = target(req);
      const actor = action === 'review' ? requireLanguage(req, lang) : requireRole(req, 'editor');
      const view = deps.translations.transition(slug, lang, action, req.get('if-match'), actor);
      res.setHeader('ETag', view.etag);
      res.json(present(slug, view));
    });
  }

  router.get('/booklets/:slug/translations/:lang/history', (req, res) => {
    const { slug, lang } = target(req);
    requireLanguage(req, lang);
    res.json({ lang, revisions: deps.translations.history(slug, lang) });
  });

  router.post('/booklets/:slug/translations/:lang/restore', (req, res) => {
    const { slug, lang } = target(req);
    const actor = requireWriter(req, slug, lang);
    const { revision } = body(req, RestoreInput);
    const view = deps.translations.restore(slug, lang, revision, req.get('if-match'), actor);
    res.setHeader('ETag', view.etag);
    res.json(present(slug, view));
  });

  router.get('/booklets/:slug/translations/:lang/xliff', (req, res) => {
    const { slug, lang } = target(req);
    requireLanguage(req, lang);
    const { xml, etag } = deps.xliff.export(slug, lang);
    res.setHeader('ETag', etag);
    res.setHeader('Content-Disposition', `attachment; filename="${slug}-${lang}.xlf"`);
    res.type('application/xliff+xml; charset=utf-8').send(xml);
  });

  router.put(
    '/booklets/:slug/translations/:lang/xliff',
    express.text({ type: ['application/xliff+xml', 'application/xml', 'text/xml'], limit: '5mb' }),
    (req, res) => {
      const { slug, lang } = target(req);
      const actor = requireWriter(req, slug, lang);
      if (!req.is(['application/xliff+xml', 'application/xml', 'text/xml']) || typeof req.body !== 'string') {
        throw unsupportedMediaType('Send the XLIFF file as application/xliff+xml.');
      }
      const { changed, view } = deps.xliff.import(slug, lang, req.body, req.get('if-match'), actor);
      res.setHeader('ETag', view.etag);
      res.json({ changed, translation: present(slug, view) });
    },
  );

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

  router.get('/stats/downloads', downloadStatsRoute(deps));

  router.get('/audit', (req, res) => {
    requireRole(req, 'admin');
    const { limit, before } = query(req, AuditQuery);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ entries: deps.audit.list(limit, before) });
  });

  addLanguageRoutes(router, deps.languageAdmin, body, query);
  interfaceStringRoutes(router, deps);

  answerOtherMethods(router);
  return router;
}
