import type { AuditLog } from '../audit/log';
import type { BookletRepository } from '../booklets/repository';
import { notFound } from '../errors';
import type { Languages } from '../i18n/languages';
import type { WebhookService } from '../webhooks/service';

/** What the translation workflow works with: the booklets' storage, the languages, the audit log, webhooks. */
export interface TranslationDeps {
  repo: BookletRepository;
  languages: Languages;
  audit: AuditLog;
  webhooks?: WebhookService;
}

/** The booklet of a slug; 404 when there is none. */
export function bookletOf(deps: TranslationDeps, slug: string) {
  const b = deps.repo.findBooklet(slug);
  if (!b) throw notFound(`There is no booklet "${slug}".`);
  return b;
}

/** 404 for a language the service does not have. */
export function requireLanguage(deps: TranslationDeps, lang: string): void {
  if (!deps.languages.find(lang)) throw notFound(`There is no language "${lang}" on this service.`);
}

/** The English name of a language, for messages; the code when the service does not know it. */
export function englishName(deps: TranslationDeps, lang: string): string {
  return deps.languages.find(lang)?.englishName ?? lang;
}

/** A new language starts with the source's title and metadata until translated. */
export function copyMeta(deps: TranslationDeps, bookletId: number, sourceLang: string, lang: string, by: string): number {
  const m = deps.repo.latestMeta(bookletId, sourceLang);
  if (!m) throw notFound('The booklet has no source metadata.');
  return deps.repo.addMeta({
    bookletId,
    lang,
    title: m.title,
    subject: m.subject,
    author: m.author,
    edition: m.edition,
    translator: null,
    sample: m.sample === 1,
    createdBy: by,
  });
}
