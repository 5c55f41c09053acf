import { AuditLog } from './audit/log';
import { KeyService } from './auth/keys';
import { BookletRepository } from './booklets/repository';
import { TranslationService } from './translations/service';
import { XliffService } from './translations/xliff-service';
import { WebhookOptions, WebhookService } from './webhooks/service';
import { BookletService } from './booklets/service';
import { createTranslator } from './i18n';
import { LOCALES_DIR, TEMPLATES_DIR } from './paths';
import { RenderCache } from './rendering/cache';
import { HtmlRenderer } from './rendering/html';
import { renderPdf } from './rendering/pdf';
import { PdfRenderer, RenderService } from './rendering/service';
import type { DB } from './storage/db';
import type { AppDeps } from './app';

export interface ComposeOptions {
  cacheBytes?: number;
  pdf?: PdfRenderer;
  now?: () => Date;
  /** Public address of the service; defaults to http://localhost:3000. */
  baseUrl?: string;
  /** Folder that keeps rendered outputs across restarts; none (memory only) by default. */
  cacheDir?: string;
  webhooks?: WebhookOptions;
}

/** Wires storage, services and renderers together for one database. */
export function composeServices(db: DB, options: ComposeOptions = {}): AppDeps & { repo: BookletRepository } {
  const repo = new BookletRepository(db, options.now);
  const translator = createTranslator(LOCALES_DIR);
  const html = new HtmlRenderer(TEMPLATES_DIR);
  const render = new RenderService({
    html,
    pdf: options.pdf ?? renderPdf,
    translator,
    cache: new RenderCache(options.cacheBytes ?? 64 * 1024 * 1024, options.cacheDir),
    baseUrl: options.baseUrl ?? 'http://localhost:3000',
  });
  const audit = new AuditLog(db, options.now);
  const webhooks = new WebhookService(db, options.webhooks);
  const translations = new TranslationService(repo, audit, webhooks);
  return {
    db, repo, booklets: new BookletService(repo), render, html, translator, audit, translations, webhooks,
    keys: new KeyService(db, options.now),
    xliff: new XliffService(repo, translations, audit),
  };
}
