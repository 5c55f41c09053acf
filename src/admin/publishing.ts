import { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { AppError, incompleteForm } from '../errors';
import { allow, can } from './access';
import { type Action, contentDigest, type PublishingDeps, sendConfirmPage } from './confirm-page';
import { editUrl, T } from './editor';
import { CsrfField, form, formRevision, target } from './forms';
import { actorOf, isStale, postedRevision, sessionOf } from './request';

const ConfirmForm = z.object({ csrf: CsrfField, confirm: z.literal('yes').optional(), content: z.string().max(100).optional() });

/**
 * Publishing and withdrawing, each after a confirmation page that says what readers will see
 * afterwards: before publishing, every section that will read differently, word by word; before
 * withdrawing, the address that stops working and what the catalog will no longer show.
 */
export function publishingRoutes(deps: PublishingDeps, lang: (req: Request) => string): Router {
  const router = Router();
  for (const action of ['publish', 'unpublish'] as const) {
    router.get(`/booklets/:slug/:lang/${action}`, showConfirmPage(deps, lang, action));
    router.post(`/booklets/:slug/:lang/${action}`, confirmAction(deps, lang, action));
  }
  return router;
}

function showConfirmPage(deps: PublishingDeps, lang: (req: Request) => string, action: Action): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    deps.translations.locate(slug, bookletLang);
    allow(can.publish(sessionOf(res).principal));
    sendConfirmPage(deps, lang(req), res, action, slug, bookletLang, 200);
  };
}

/** Publishes or withdraws once confirmed on the confirmation page; a stale or refused one shows that page again. */
function confirmAction(deps: PublishingDeps, lang: (req: Request) => string, action: Action): RequestHandler {
  return (req, res) => {
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
    const ui = lang(req);
    const t = deps.admin.views.t(ui) as T;
    // Withdrawing what is already withdrawn (a second tab, a second click) is done, not refused.
    if (action === 'unpublish' && !deps.translations.view(slug, bookletLang, 'draft').published) {
      res.redirect(303, `${editUrl(slug, bookletLang)}?done=unpublish`);
      return;
    }
    if (action === 'publish' && input.content !== contentDigest(deps.booklets.readAsIfPublished(slug, bookletLang))) {
      sendConfirmPage(deps, ui, res, action, slug, bookletLang, 409, { kind: 'error', text: t('admin.publish.stale') });
      return;
    }
    try {
      deps.translations.transition(slug, bookletLang, action, revision.revision, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        sendConfirmPage(deps, ui, res, action, slug, bookletLang, isStale(e) ? 409 : 422, {
          kind: 'error',
          text: t(isStale(e) ? `admin.${action}.stale` : 'admin.edit.actionRefused'),
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=${action}`);
  };
}
