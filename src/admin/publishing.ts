import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { BookletService, ReadableBooklet } from '../booklets/service';
import { AppError } from '../errors';
import { getLanguage, LANGUAGES } from '../i18n/languages';
import type { TranslationService } from '../translations/service';
import { allow, can } from './access';
import { wordDiff } from './diff';
import { actorOf, incompleteForm, isStale, postedRevision, sessionOf } from './editing';
import { bookletTitles, editUrl, EditMessage, numberFormat, T } from './editor';
import { CsrfField, form, formRevision, target } from './forms';
import type { AdminServices } from './index';

export interface PublishingDeps {
  translations: TranslationService;
  booklets: BookletService;
  admin: AdminServices;
}

const ConfirmForm = z.object({ csrf: CsrfField, confirm: z.literal('yes').optional() });

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

  const publishModel = (slug: string, bookletLang: string, t: T, num: Intl.NumberFormat) => {
    const now = readersNow(deps.booklets, slug, bookletLang);
    const next = deps.booklets.readLatest(slug, bookletLang);
    const before = new Map((now?.sections ?? []).map((s) => [s.id, s]));
    const names = (code: string) => getLanguage(code);
    const sections = next.sections.map((s, i) => {
      const old = before.get(s.id);
      const changed = !old || old.title !== s.title || old.body !== s.body;
      return {
        id: s.id, number: num.format(i + 1), title: s.title, lang: s.lang, dir: names(s.lang).dir, changed,
        isNew: !old,
        fallback: s.fallback ? t(`admin.publish.fallback.${s.fallback}`, { language: names(s.lang).nativeName }) : undefined,
        titleDiff: old && old.title !== s.title ? wordDiff(old.title, s.title) : null,
        bodyDiff: old && old.body !== s.body ? wordDiff(old.body, s.body) : null,
        body: !old ? s.body : undefined,
      };
    });
    const changed = sections.filter((s) => s.changed);
    const fallbacks = sections.filter((s) => s.fallback).length;
    return { published: now !== undefined, changed, changedCount: changed.length, fallbacks, total: sections.length };
  };

  const unpublishModel = (slug: string, bookletLang: string) => {
    const others = deps.booklets.catalog().find((c) => c.slug === slug)?.languages.filter((l) => l.lang !== bookletLang) ?? [];
    return {
      publicHref: `/booklets/${slug}/${bookletLang}`,
      remaining: others.map((l) => {
        const language = LANGUAGES.find((x) => x.code === l.lang);
        return { name: language?.nativeName ?? l.lang, lang: l.lang, dir: language?.dir ?? 'ltr' };
      }),
      vanishes: others.length === 0,
    };
  };

  const renderConfirm = (req: Request, res: Response, action: Action, slug: string, bookletLang: string, status: number, message?: EditMessage): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);
    const language = getLanguage(bookletLang);
    const view = deps.translations.view(slug, bookletLang, 'draft');
    const heading = t(`admin.${action}.title`);
    const model = {
      ...bookletTitles(deps, slug, bookletLang),
      action, slug, lang: bookletLang, langName: language.nativeName, langDir: language.dir,
      base: editUrl(slug, bookletLang), revision: view.etag, message,
      possible: action === 'publish' ? view.status !== 'missing' : view.published,
      ...(action === 'publish' ? publishModel(slug, bookletLang, t, num) : unpublishModel(slug, bookletLang)),
    };
    res.status(status).type('html').send(admin.views.render('confirm', {
      lang: ui, title: `${heading} — ${model.bookletTitle} — ${language.nativeName}`, principal: session.principal, csrf: session.csrfToken,
    }, { ...model, heading }));
  };

  for (const action of ['publish', 'unpublish'] as const) {
    router.get(`/booklets/:slug/:lang/${action}`, (req, res) => {
      const { slug, lang: bookletLang } = target(req);
      deps.translations.locate(slug, bookletLang);
      allow(can.publish(sessionOf(res).principal));
      renderConfirm(req, res, action, slug, bookletLang, 200);
    });

    router.post(`/booklets/:slug/:lang/${action}`, (req, res) => {
      const { slug, lang: bookletLang } = target(req);
      const input = form(req, ConfirmForm);
      deps.translations.locate(slug, bookletLang);
      allow(can.publish(sessionOf(res).principal));
      const revision = formRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
      if (revision.problem) throw incompleteForm(revision.problem);
      // Only the confirmation page's own button confirms: any other form is shown that page first.
      if (input.confirm !== 'yes') {
        res.redirect(303, `${editUrl(slug, bookletLang)}/${action}`);
        return;
      }
      const t = admin.views.t(lang(req)) as T;
      try {
        deps.translations.transition(slug, bookletLang, action, revision.revision, actorOf(res));
      } catch (e) {
        if (isStale(e) || (e instanceof AppError && e.status === 422)) {
          renderConfirm(req, res, action, slug, bookletLang, isStale(e) ? 409 : 422, {
            kind: 'error', text: t(isStale(e) ? `admin.${action}.stale` : 'admin.edit.actionRefused'),
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
