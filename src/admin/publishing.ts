import crypto from 'node:crypto';
import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { BookletService, ReadableBooklet } from '../booklets/service';
import { AppError, incompleteForm } from '../errors';
import type { TranslationService } from '../translations/service';
import { allow, can } from './access';
import { wordDiff } from './diff';
import { actorOf, isStale, postedRevision, sessionOf } from './request';
import { bookletTitles, editUrl, EditMessage, languageName, numberFormat, T } from './editor';
import { warningsBySection } from '../rendering/check-messages';
import type { Translator } from '../i18n';
import { CsrfField, form, formRevision, target } from './forms';
import type { AdminServices } from './index';

export interface PublishingDeps {
  translations: TranslationService;
  booklets: BookletService;
  admin: AdminServices;
  translator: Translator;
}

const ConfirmForm = z.object({ csrf: CsrfField, confirm: z.literal('yes').optional(), content: z.string().max(100).optional() });

/**
 * A digest of what readers would see if the language were published now (its sections and, in
 * place of missing ones, the source's): the confirmation page carries it, so a publication
 * confirmed on a page that no longer shows what would be published (the source changed since) is
 * refused rather than published unseen.
 */
function contentDigest(next: ReadableBooklet): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([next.meta.title, next.sections.map((s) => [s.id, s.lang, s.title, s.body])]))
    .digest('hex')
    .slice(0, 32);
}

type Action = 'publish' | 'unpublish';

/** What readers of a language see now, or nothing when it is not published. */
function readersNow(booklets: BookletService, slug: string, lang: string): ReadableBooklet | undefined {
  try {
    return booklets.read(slug, lang);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return undefined;
    throw e;
  }
}

/**
 * Publishing and withdrawing, each after a confirmation page that says what readers will see
 * afterwards: before publishing, every section that will read differently, word by word; before
 * withdrawing, the address that stops working and what the catalog will no longer show.
 */
export function publishingRoutes(deps: PublishingDeps, lang: (req: Request) => string): Router {
  const router = Router();
  const { admin } = deps;

  const publishModel = (slug: string, bookletLang: string, t: T, num: Intl.NumberFormat, ui: string) => {
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
    const changed = sections.filter((s) => s.changed || s.checks.length > 0);
    return {
      published: now !== undefined,
      changed,
      changedCount: sections.filter((s) => s.changed).length,
      fallbacks: next.sections.filter((s) => s.fallback).length,
      total: sections.length,
      warned: sections.filter((s) => s.checks.length > 0).length,
      content: contentDigest(next),
    };
  };

  const unpublishModel = (slug: string, bookletLang: string) => {
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
  };

  const renderConfirm = (
    req: Request,
    res: Response,
    action: Action,
    slug: string,
    bookletLang: string,
    status: number,
    message?: EditMessage,
  ): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);
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
      ...(action === 'publish' ? publishModel(slug, bookletLang, t, num, ui) : unpublishModel(slug, bookletLang)),
    };
    res
      .status(status)
      .type('html')
      .send(
        admin.views.render(
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
  };

  for (const action of ['publish', 'unpublish'] as const) {
    router.get(`/booklets/:slug/:lang/${action}`, (req, res) => {
      const { slug, lang: bookletLang } = target(req, deps.translator.languages);
      deps.translations.locate(slug, bookletLang);
      allow(can.publish(sessionOf(res).principal));
      renderConfirm(req, res, action, slug, bookletLang, 200);
    });

    router.post(`/booklets/:slug/:lang/${action}`, (req, res) => {
      const { slug, lang: bookletLang } = target(req, deps.translator.languages);
      const input = form(req, ConfirmForm);
      deps.translations.locate(slug, bookletLang);
      allow(can.publish(sessionOf(res).principal));
      const revision = formRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
      if (revision.problem) throw incompleteForm(revision.problem);
      // Only the confirmation page's own button confirms: any other form is shown that page first.
      if (input.confirm !== 'yes' || (action === 'publish' && input.content === undefined)) {
        res.redirect(303, `${editUrl(slug, bookletLang)}/${action}`);
        return;
      }
      const t = admin.views.t(lang(req)) as T;
      // Withdrawing what is already withdrawn (a second tab, a second click) is done, not refused.
      if (action === 'unpublish' && !deps.translations.view(slug, bookletLang, 'draft').published) {
        res.redirect(303, `${editUrl(slug, bookletLang)}?done=unpublish`);
        return;
      }
      if (action === 'publish' && input.content !== contentDigest(deps.booklets.readAsIfPublished(slug, bookletLang))) {
        renderConfirm(req, res, action, slug, bookletLang, 409, { kind: 'error', text: t('admin.publish.stale') });
        return;
      }
      try {
        deps.translations.transition(slug, bookletLang, action, revision.revision, actorOf(res));
      } catch (e) {
        if (isStale(e) || (e instanceof AppError && e.status === 422)) {
          renderConfirm(req, res, action, slug, bookletLang, isStale(e) ? 409 : 422, {
            kind: 'error',
            text: t(isStale(e) ? `admin.${action}.stale` : 'admin.edit.actionRefused'),
          });
          return;
        }
        throw e;
      }
      res.redirect(303, `${editUrl(slug, bookletLang)}?done=${action}`);
    });
  }

  return router;
}
