import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { BookletService } from '../booklets/service';
import { contentDisposition } from '../booklets/routes';
import { AppError } from '../errors';
import { sendOutput } from '../http/send';
import type { Translator } from '../i18n';
import { getLanguage } from '../i18n/languages';
import type { HtmlRenderer } from '../rendering/html';
import { pageChrome } from '../rendering/html/chrome';
import type { RenderService } from '../rendering/service';
import type { TranslationService } from '../translations/service';
import { allow, can } from './access';
import { bookletTitle, EditMessage, editPageModel, editUrl, fieldMessages, KeptInput } from './editor';
import { CsrfField, form, formRevision, requireFormRevision, SectionIdSchema, target } from './forms';
import type { AdminServices } from './index';
import type { AdminSession } from './sessions';
import { param } from '../http/params';

export interface EditingDeps {
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  admin: AdminServices;
}

// The hidden `revision` field of these forms is checked on its own, against the language posted
// to (formRevision): a missing or impossible one is an incomplete form (400), not a stale one (409).
const SaveForm = z.object({
  csrf: CsrfField,
  title: z.string({ message: 'the title is missing' }),
  body: z.string({ message: 'the text is missing' }),
  minor: z.literal('on', { message: 'must be "on" when given' }).optional(),
});
const ActionForm = z.object({ csrf: CsrfField });
const RestoreForm = z.object({
  csrf: CsrfField,
  restore: z.string().regex(/^[1-9]\d{0,15}$/, 'must be a revision number').transform(Number),
});

const DONE = ['saved', 'review', 'publish', 'unpublish', 'restored'] as const;

/** The session of a request (set by the session middleware). */
export const sessionOf = (res: Response): AdminSession => res.locals.adminSession as AdminSession;

/** The signed-in person as the author of changes. */
const actorOf = (res: Response) => ({ name: sessionOf(res).principal.actorName });

const isStale = (e: unknown): boolean => e instanceof AppError && (e.status === 412 || e.status === 428);

/** The hidden `revision` field as posted (validated by formRevision). */
const postedRevision = (req: Request): unknown => (req.body as Record<string, unknown> | undefined)?.revision;

/** Side-by-side editing, workflow actions, history and restore, previews. */
export function editingRoutes(deps: EditingDeps, lang: (req: Request) => string): Router {
  const router = Router();
  const { admin } = deps;

  const renderEdit = (req: Request, res: Response, slug: string, bookletLang: string, status: number, extra: { kept?: KeptInput; message?: EditMessage } = {}): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui);
    const model = editPageModel(deps, session.principal, slug, bookletLang, { ...extra, t: (k, o) => t(k, o) });
    res.status(status).type('html').send(admin.views.render('edit', {
      lang: ui, title: `${String(model.bookletTitle)} — ${getLanguage(bookletLang).nativeName}`, principal: session.principal, csrf: session.csrfToken,
    }, model));
  };

  router.get('/booklets/:slug/:lang', (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const t = admin.views.t(lang(req));
    const done = DONE.find((d) => d === req.query.done);
    renderEdit(req, res, slug, bookletLang, 200, done ? { message: { kind: 'ok', text: t(`admin.done.${done}`) } } : {});
  });

  router.post('/booklets/:slug/:lang/sections/:sectionId', (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    const sectionId = param(SectionIdSchema, req.params.sectionId, 'section');
    const input = form(req, SaveForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const t = admin.views.t(lang(req));
    // Browsers send CRLF line breaks in text areas; the stored text uses LF.
    const text = { title: input.title.trim(), body: input.body.replace(/\r\n?/g, '\n') };
    const sent = formRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
    if (sent.problem) {
      renderEdit(req, res, slug, bookletLang, 400, {
        kept: { sectionId, ...text, unverified: true, errors: [`${sent.problem.field}: ${sent.problem.message}`] },
        message: { kind: 'error', text: t('admin.edit.formInvalid') },
      });
      return;
    }
    try {
      deps.translations.editSection(slug, bookletLang, sectionId, text, sent.revision, actorOf(res), input.minor === 'on');
    } catch (e) {
      if (isStale(e)) {
        renderEdit(req, res, slug, bookletLang, 409, {
          kept: { sectionId, ...text, conflict: true },
          message: { kind: 'error', text: t('admin.edit.conflict') },
        });
        return;
      }
      if (e instanceof AppError && e.status === 422) {
        renderEdit(req, res, slug, bookletLang, 422, {
          kept: { sectionId, ...text, errors: fieldMessages(e) },
          message: { kind: 'error', text: t('admin.edit.invalid') },
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=saved#s-${sectionId}`);
  });

  for (const action of ['review', 'publish', 'unpublish'] as const) {
    router.post(`/booklets/:slug/:lang/${action}`, (req, res) => {
      const { slug, lang: bookletLang } = target(req);
      form(req, ActionForm);
      deps.translations.locate(slug, bookletLang);
      const principal = sessionOf(res).principal;
      allow(action === 'review' ? can.review(principal, bookletLang) : can.publish(principal));
      const revision = requireFormRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
      const t = admin.views.t(lang(req));
      try {
        deps.translations.transition(slug, bookletLang, action, revision, actorOf(res));
      } catch (e) {
        if (isStale(e) || (e instanceof AppError && e.status === 422)) {
          renderEdit(req, res, slug, bookletLang, isStale(e) ? 409 : 422, {
            message: { kind: 'error', text: t(isStale(e) ? 'admin.edit.conflictAction' : 'admin.edit.actionRefused'), details: isStale(e) ? [] : [(e as AppError).message] },
          });
          return;
        }
        throw e;
      }
      res.redirect(303, `${editUrl(slug, bookletLang)}?done=${action}`);
    });
  }

  const renderHistory = (req: Request, res: Response, slug: string, bookletLang: string, status: number, message?: EditMessage): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui);
    const sourceLang = deps.booklets.sourceOf(slug);
    const view = deps.translations.view(slug, bookletLang, 'draft');
    const latest = new Set(view.sections.map((s) => s.revision));
    const when = new Intl.DateTimeFormat(ui, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const revisions = deps.translations.history(slug, bookletLang).map((r) => ({
      id: r.revisionId, section: r.sectionId, title: r.title, body: r.body, minor: r.minor,
      when: `${when.format(new Date(r.createdAt))} UTC`, by: r.createdBy, current: latest.has(r.revisionId),
    }));
    const language = getLanguage(bookletLang);
    res.status(status).type('html').send(admin.views.render('history', {
      lang: ui, title: `${t('admin.history.title')} — ${language.nativeName}`, principal: session.principal, csrf: session.csrfToken,
    }, {
      ...bookletTitle(deps, slug), lang: bookletLang, langName: language.nativeName, langDir: language.dir,
      base: editUrl(slug, bookletLang), revision: view.etag, revisions, message,
      canRestore: can.edit(session.principal, bookletLang, sourceLang),
    }));
  };

  router.get('/booklets/:slug/:lang/history', (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    renderHistory(req, res, slug, bookletLang, 200);
  });

  router.post('/booklets/:slug/:lang/restore', (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    const input = form(req, RestoreForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const revision = requireFormRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
    const t = admin.views.t(lang(req));
    let sectionId: string | undefined;
    try {
      sectionId = deps.admin.revision(input.restore)?.key;
      deps.translations.restore(slug, bookletLang, input.restore, revision, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        renderHistory(req, res, slug, bookletLang, isStale(e) ? 409 : 422, {
          kind: 'error', text: t(isStale(e) ? 'admin.history.conflict' : 'admin.history.refused'), details: isStale(e) ? [] : [(e as AppError).message],
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=restored${sectionId ? `#s-${sectionId}` : ''}`);
  });

  router.get('/booklets/:slug/:lang/preview', (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readLatest(slug, bookletLang);
    const doc = deps.render.layout(content);
    const t = admin.views.t(lang(req));
    const chrome = pageChrome(deps.translator, bookletLang, `${t('admin.preview.prefix')} ${doc.title}`, []);
    chrome.homeHref = editUrl(slug, bookletLang);
    const html = deps.html.booklet(doc, chrome, { pdfHref: `${editUrl(slug, bookletLang)}/preview.pdf`, publishedAt: new Date(content.publishedAt) });
    res.type('html').send(html);
  });

  router.get('/booklets/:slug/:lang/preview.pdf', async (req, res) => {
    const { slug, lang: bookletLang } = target(req);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readLatest(slug, bookletLang);
    const output = await deps.render.pdf(content);
    res.setHeader('Content-Disposition', contentDisposition(`${slug}-${bookletLang}-draft.pdf`, `${content.meta.title} (draft).pdf`));
    sendOutput(req, res, output);
  });

  return router;
}
