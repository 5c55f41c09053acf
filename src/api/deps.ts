import type { AuditLog } from '../audit/log';
import type { BookletService } from '../booklets/service';
import type { Translator } from '../i18n';
import type { InterfaceStringService } from '../interface-strings/service';
import type { LanguageService } from '../languages/service';
import type { DownloadCounter } from '../stats/downloads';
import type { TranslationService } from '../translations/service';
import type { XliffService } from '../translations/xliff-service';
import type { WebhookService } from '../webhooks/service';

/** The services behind /api/v1. */
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
