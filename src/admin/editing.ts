import { Request, RequestHandler, Router } from 'express';
import type { BookletService } from '../booklets/service';
import { AppError, incompleteForm } from '../errors';
import type { Translator } from '../i18n';
import type { HtmlRenderer } from '../rendering/html';
import type { RenderService } from '../rendering/service';
import type { TranslationService } from '../translations/service';
import { allow, can } from './access';
import { EditForm, hasSectionFields, saveEditForm } from './edit-form';
import { sendEditPage } from './edit-page';
import { EditFocus, editUrl, SectionState, T } from './editor';
import { form, formRevision, SectionIdSchema, target } from './forms';
import type { AdminServices } from './index';
import { actorOf, isStale, postedRevision, sessionOf } from './request';

export interface EditingDeps {
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  admin: AdminServices;
}

const DONE = ['review', 'publish', 'unpublish', 'restored'] as const;

/** Side-by-side editing and saving of a language's sections. */
export function editingRoutes(deps: EditingDeps, lang: (req: Request) => string): Router {
  const router = Router();
  router.get('/booklets/:slug/:lang', showEditPage(deps, lang));
  router.post('/booklets/:slug/:lang/sections', saveSections(deps, lang));
  router.post('/booklets/:slug/:lang/review', submitForReview(deps, lang));
  return router;
}

/** The edit page, saying what the last save or workflow action did (`?saved=…&at=…`, `?done=…`). */
function showEditPage(deps: EditingDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    const done = DONE.find((d) => d === req.query.done);
    const sections = deps.translations.view(slug, bookletLang, 'draft').sections;
    const focus = savedFocus(
      req,
      sections.map((s) => s.id),
      t,
    );
    const states = new Map<string, SectionState>();
    for (const s of sections)
      if (focus.saved.includes(s.id)) states.set(s.id, { title: s.title, body: s.body, base: s.revision, saved: true });
    sendEditPage(deps, ui, res, slug, bookletLang, 200, {
      states,
      focus: focus.focus,
      ...(done ? { message: { kind: 'ok' as const, text: t(`admin.done.${done}`) } } : {}),
    });
  };
}

/** Saves the sections of the edit page, then goes back to it at the section whose Save button was pressed. */
function saveSections(deps: EditingDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    const input = form(req, EditForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const clicked = input.save && SectionIdSchema.safeParse(input.save).success ? input.save : undefined;
    const saved = saveEditForm(deps, lang(req), req, res, { slug, lang: bookletLang }, clicked);
    if (!saved) return;
    const at = clicked ?? saved[0];
    // Long lists of saved sections are cut (the address stays short); the count is kept.
    const query = `saved=${saved.slice(0, 40).join(',')}${saved.length > 40 ? `&n=${saved.length}` : ''}`;
    res.redirect(303, `${editUrl(slug, bookletLang)}?${query}${at ? `&at=${at}#s-${at}` : ''}`);
  };
}

/**
 * Submitting for review from the edit page also saves what was typed there first: the text
 * reviewed is the text on the screen, and nothing typed is left behind.
 */
function submitForReview(deps: EditingDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    form(req, EditForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    const principal = sessionOf(res).principal;
    allow(can.review(principal, bookletLang));
    const before = deps.translations.view(slug, bookletLang, 'draft').etag;
    const revision = formRevision(postedRevision(req), before);
    if (revision.problem) throw incompleteForm(revision.problem);
    const ui = lang(req);
    const t = deps.admin.views.t(ui) as T;
    let current = revision.revision;
    if (hasSectionFields(req) && can.edit(principal, bookletLang, sourceLang)) {
      const saved = saveEditForm(deps, ui, req, res, { slug, lang: bookletLang }, undefined, t('admin.edit.reviewBlocked'));
      if (!saved) return;
      // What this page saved moved the revision on; anything else that did makes the form stale.
      if (revision.revision === before) current = deps.translations.view(slug, bookletLang, 'draft').etag;
    }
    try {
      deps.translations.transition(slug, bookletLang, 'review', current, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        sendEditPage(deps, ui, res, slug, bookletLang, isStale(e) ? 409 : 422, {
          message: { kind: 'error', text: t(isStale(e) ? 'admin.edit.conflictAction' : 'admin.edit.actionRefused') },
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=review`);
  };
}

/** The section states and message after a save that went through (`?saved=a,b&at=c`). */
function savedFocus(req: Request, ids: string[], t: T): { saved: string[]; focus: EditFocus } {
  const savedParam = typeof req.query.saved === 'string' ? req.query.saved : undefined;
  const atParam = typeof req.query.at === 'string' && ids.includes(req.query.at) ? req.query.at : undefined;
  if (savedParam === undefined) return { saved: [], focus: {} };
  const saved = [...new Set(savedParam.split(','))].filter((id) => ids.includes(id));
  const total = Math.max(saved.length, Math.min(Number(req.query.n) || 0, ids.length));
  const at = atParam ? { at: atParam } : {};
  if (saved.length === 0) return { saved, focus: { ...at, message: { kind: 'ok', text: t('admin.edit.nothingChanged') } } };
  // One section, the one whose button was pressed: "Saved." Otherwise which ones, with links.
  if (saved.length === 1 && saved[0] === atParam)
    return { saved, focus: { ...at, message: { kind: 'ok', text: t('admin.edit.sectionSaved') } } };
  return { saved, focus: { ...at, links: saved, message: { kind: 'ok', text: t('admin.edit.savedList', { count: total }) } } };
}
