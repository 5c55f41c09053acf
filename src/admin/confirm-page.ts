import crypto from 'node:crypto';
import type { Response } from 'express';
import type { BookletService, ReadableBooklet } from '../booklets/service';
import { AppError } from '../errors';
import type { Translator } from '../i18n';
import { warningsBySection } from '../rendering/check-messages';
import type { TranslationService } from '../translations/service';
import { wordDiff } from './diff';
import { bookletTitles, editUrl, EditMessage, languageName, numberFormat, T } from './editor';
import type { AdminServices } from './index';
import { sessionOf } from './request';

export interface PublishingDeps {
  translations: TranslationService;
  booklets: BookletService;
  admin: AdminServices;
  translator: Translator;
}

export type Action = 'publish' | 'unpublish';

/**
 * A digest of what readers would see if the language were published now (its sections and, in
 * place of missing ones, the source's): the confirmation page carries it, so a publication
 * confirmed on a page that no longer shows what would be published (the source changed since) is
 * refused rather than published unseen.
 */
export function contentDigest(next: ReadableBooklet): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([next.meta.title, next.sections.map((s) => [s.id, s.lang, s.title, s.body])]))
    .digest('hex')
    .slice(0, 32);
}

/** The confirmation page of publishing or withdrawing a booklet language, in the interface language `ui`. */
export function sendConfirmPage(
  deps: PublishingDeps,
  ui: string,
  res: Response,
  action: Action,
  slug: string,
  bookletLang: string,
  status: number,
  message?: EditMessage,
): void {
  const session = sessionOf(res);
  const t = deps.admin.views.t(ui) as T;
  const language = deps.translator.languages.get(bookletLang);
  const view = deps.translations.view(slug, bookletLang, 'draft');
  const heading = t(`admin.${action}.title`);
  const model = {
    ...bookletTitles(deps, slug, bookletLang),
    action,
    slug,
    lang: bookletLang,
    langName: language.nativeName,
    langDir: language.dir,
    base: editUrl(slug, bookletLang),
    revision: view.etag,
    message,
    possible: action === 'publish' ? view.status !== 'missing' : view.published,
    ...(action === 'publish' ? publishModel(deps, slug, bookletLang, t, ui) : unpublishModel(deps, slug, bookletLang)),
  };
  res
    .status(status)
    .type('html')
    .send(
      deps.admin.views.render(
        'confirm',
        {
          lang: ui,
          title: `${heading} — ${model.bookletTitle} — ${language.nativeName}`,
          principal: session.principal,
          csrf: session.csrfToken,
        },
        { ...model, heading },
      ),
    );
}

/** What readers of a language see now, or nothing when it is not published. */
function readersNow(booklets: BookletService, slug: string, lang: string): ReadableBooklet | undefined {
  try {
    return booklets.read(slug, lang);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return undefined;
    throw e;
  }
}

/** Before publishing: every section that will read differently, word by word, and the content warnings. */
function publishModel(deps: PublishingDeps, slug: string, bookletLang: string, t: T, ui: string) {
  const num = numberFormat(ui);
  const now = readersNow(deps.booklets, slug, bookletLang);
  const next = deps.booklets.readAsIfPublished(slug, bookletLang);
  const before = new Map((now?.sections ?? []).map((s) => [s.id, s]));
  // What the booklet format would show otherwise than typed, in the sections of this language.
  const checks = warningsBySection(
    next.sections.filter((s) => s.lang === bookletLang),
    bookletLang,
    deps.translator,
    ui,
  );
  const sections = next.sections.map((s, i) => {
    const old = before.get(s.id);
    // A word diff only between two texts of the same language; a section that changes language
    // (translated now, or shown in the source language instead) is shown whole.
    const sameLanguage = old !== undefined && old.lang === s.lang;
    const note = s.fallback
      ? t(`admin.publish.fallback.${s.fallback}`, { language: languageName(ui, deps.translator.languages.get(s.lang)) })
      : old && !sameLanguage
        ? t('admin.publish.nowTranslated')
        : undefined;
    return {
      id: s.id,
      number: num.format(i + 1),
      title: s.title,
      lang: s.lang,
      dir: deps.translator.languages.get(s.lang).dir,
      changed: !sameLanguage || old.title !== s.title || old.body !== s.body,
      isNew: !old,
      note,
      titleDiff: sameLanguage && old.title !== s.title ? wordDiff(old.title, s.title) : null,
      bodyDiff: sameLanguage && old.body !== s.body ? wordDiff(old.body, s.body) : null,
      body: sameLanguage ? undefined : s.body,
      checks: (checks.get(s.id) ?? []).map((w) => w.message),
    };
  });
  return {
    published: now !== undefined,
    changed: sections.filter((s) => s.changed || s.checks.length > 0),
    changedCount: sections.filter((s) => s.changed).length,
    fallbacks: next.sections.filter((s) => s.fallback).length,
    total: sections.length,
    warned: sections.filter((s) => s.checks.length > 0).length,
    content: contentDigest(next),
  };
}

/** Before withdrawing: the address that stops working and the languages the catalog still shows. */
function unpublishModel(deps: PublishingDeps, slug: string, bookletLang: string) {
  const others =
    deps.booklets
      .catalog()
      .find((c) => c.slug === slug)
      ?.languages.filter((l) => l.lang !== bookletLang) ?? [];
  return {
    publicHref: `/booklets/${slug}/${bookletLang}`,
    remaining: others.map((l) => {
      const language = deps.translator.languages.find(l.lang);
      return { name: language?.nativeName ?? l.lang, lang: l.lang, dir: language?.dir ?? 'ltr' };
    }),
    vanishes: others.length === 0,
  };
}
