import { AuditLog } from './audit/log';
import { KeyService } from './auth/keys';
import { BookletRepository } from './booklets/repository';
import { TranslationService } from './translations/service';
import { XliffService } from './translations/xliff-service';
import { WebhookOptions, WebhookService } from './webhooks/service';
import { BookletService } from './booklets/service';
import { createTranslator } from './i18n';
import { Languages } from './i18n/languages';
import { LanguageService } from './languages/service';
import { LanguageStore } from './languages/store';
import { StringCatalog } from './interface-strings/catalog';
import { InterfaceStringService } from './interface-strings/service';
import { InterfaceStringStore } from './interface-strings/store';
import { scriptProblem } from './rendering/script-support';
import { LOCALES_DIR, TEMPLATES_DIR } from './paths';
import { RenderCache } from './rendering/cache';
import { HtmlRenderer } from './rendering/html';
import { renderPdf } from './rendering/pdf';
import { RenderService } from './rendering/service';
import { LayoutPdfRenderer, PdfJobRenderer, renderJob } from './rendering/pdf-job';
import type { DB } from './storage/db';
import { DownloadCounter } from './stats/downloads';
import { Logger, silentLogger } from './observability/logger';
import { Metrics, PoolStats } from './observability/metrics';
import { timePdfJobs } from './observability/render-timing';
import type { AppDeps } from './app';
import { AdminOptions, createAdminServices } from './admin';

export interface ComposeOptions {
  cacheBytes?: number;
  /** Renders laid-out documents in-process (default: pdfkit); tests pass stand-ins. */
  pdf?: LayoutPdfRenderer;
  /** Lays out and renders whole jobs elsewhere (the server's worker pool); overrides `pdf`. */
  pdfJobs?: PdfJobRenderer;
  now?: () => Date;
  /** Public address of the service; defaults to http://localhost:3000. */
  baseUrl?: string;
  /** Folder that keeps rendered outputs across restarts; none (memory only) by default. */
  cacheDir?: string;
  webhooks?: WebhookOptions;
  /** Structured logger; silent when not given (tests). */
  logger?: Logger;
  /** Node.js process metrics (CPU, memory, event loop) in /metrics; on by default. */
  processMetrics?: boolean;
  /** Figures of the PDF worker pool, when there is one (server.ts). */
  poolStats?: () => PoolStats;
  /** Sign-in settings of /admin (password hashing cost, session and sign-in limits). */
  admin?: AdminOptions;
}

/** Wires storage, services and renderers together for one database. */
export function composeServices(db: DB, options: ComposeOptions = {}): AppDeps & { repo: BookletRepository } {
  const repo = new BookletRepository(db, options.now);
  const languageStore = new LanguageStore(db, options.now);
  const languages = new Languages(languageStore);
  const audit = new AuditLog(db, options.now);
  const interfaceStrings = new InterfaceStringService(
    new InterfaceStringStore(db, options.now),
    new StringCatalog(LOCALES_DIR),
    languages,
    audit,
  );
  const translator = createTranslator(LOCALES_DIR, languages, interfaceStrings);
  const logger = options.logger ?? silentLogger();
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? true });
  if (options.poolStats) metrics.watchPool(options.poolStats);
  const html = new HtmlRenderer(TEMPLATES_DIR, metrics);
  const render = new RenderService({
    html,
    pdf: timePdfJobs(options.pdfJobs ?? ((job) => renderJob(job, { translator, languages }, options.pdf ?? renderPdf)), metrics),
    translator,
    languages,
    strings: interfaceStrings,
    cache: new RenderCache(options.cacheBytes ?? 64 * 1024 * 1024, options.cacheDir),
    baseUrl: options.baseUrl ?? 'http://localhost:3000',
  });
  metrics.watchCache(() => render.cache.figures());
  const webhooks = new WebhookService(db, options.webhooks, audit);
  const translations = new TranslationService(repo, languages, audit, webhooks);
  return {
    db,
    repo,
    languages,
    booklets: new BookletService(repo, languages, () => `${languages.stamp()}.${interfaceStrings.stamp()}`),
    render,
    interfaceStrings,
    languageAdmin: new LanguageService(languageStore, languages, audit, scriptProblem),
    html,
    translator,
    audit,
    translations,
    webhooks,
    keys: new KeyService(db, options.now),
    xliff: new XliffService(repo, translations, audit),
    logger,
    metrics,
    downloads: new DownloadCounter(db, options.now, (err) =>
      logger.warn({ err }, 'could not write download counts; keeping them for the next attempt'),
    ),
    admin: createAdminServices(db, repo, translator, TEMPLATES_DIR, () => html.cssHref, {
      ...(options.now ? { now: options.now } : {}),
      ...options.admin,
    }),
  };
}
