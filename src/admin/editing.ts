import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { BookletService } from '../booklets/service';
import { AppError, incompleteForm } from '../errors';
import type { Translator } from '../i18n';
import type { HtmlRenderer } from '../rendering/html';
import type { RenderService } from '../rendering/service';
import type { SectionEdit, SectionOutcome, TranslationService } from '../translations/service';
import { allow, can } from './access';
import { EditFocus, EditMessage, editPageModel, editUrl, fieldMessage, numberFormat, SectionState, sectionTitles, T } from './editor';
import { fieldText, formFields } from './form-body';
import { CsrfField, form, formRevision, SectionIdSchema, target } from './forms';
import type { AdminServices } from './index';
import type { AdminSession } from './sessions';

export interface EditingDeps {
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  admin: AdminServices;
}

/** The edit page's form: its token, the pressed Save button, the language's revision and the sections' fields (read by readEditForm). */
const EditForm = z.object({ csrf: CsrfField, save: z.string().max(64).optional() }).passthrough();

/** One section's fields as the edit page posts them. */
const SectionFields = z.object({
  title: z.string({ message: 'missing' }),
  body: z.string({ message: 'missing' }),
  base: z
    .string({ message: 'missing' })
    .regex(/^(?:0|[1-9]\d{0,14})$/, 'not a revision')
    .transform(Number),
  minor: z.literal('on').optional(),
  uptodate: z.literal('on').optional(),
});

/** Field names of the edit form: `title.<section>`, `body.<section>`, `base.<section>`, `minor.<section>`, `uptodate.<section>`. */
const FIELD = /^(title|body|base|minor|uptodate)\.(.+)$/;

const DONE = ['review', 'publish', 'unpublish', 'restored'] as const;

/** The session of a request (set by the session middleware). */
export const sessionOf = (res: Response): AdminSession => res.locals.adminSession as AdminSession;

/** The signed-in person as the author of changes. */
export const actorOf = (res: Response) => ({ name: sessionOf(res).principal.actorName });

export const isStale = (e: unknown): boolean => e instanceof AppError && (e.status === 412 || e.status === 428);

/** The hidden `revision` field as posted (validated by formRevision). */
export const postedRevision = (req: Request): unknown => formFields(req).revision;

/** Browsers send CRLF line breaks in text areas; the stored text uses LF. Titles are one trimmed line. */
const normalise = (title: string, body: string) => ({ title: title.trim(), body: body.replace(/\r\n?/g, '\n') });

/**
 * The sections of a posted edit form, grouped by section id: those that can be saved, and those
 * whose fields are missing or damaged (shown back with the saved text, never saved blind).
 */
export function readEditForm(fields: Record<string, unknown>): {
  edits: SectionEdit[];
  broken: { id: string; title: string; body: string }[];
} {
  const groups = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(fields)) {
    const m = FIELD.exec(name);
    if (!m) continue;
    const id = m[2] as string;
    if (!SectionIdSchema.safeParse(id).success) continue;
    groups.set(id, { ...groups.get(id), [m[1] as string]: value });
  }
  const edits: SectionEdit[] = [];
  const broken: { id: string; title: string; body: string }[] = [];
  for (const [id, group] of groups) {
    const parsed = SectionFields.safeParse(group);
    if (parsed.success) {
      edits.push({
        sectionId: id,
        base: parsed.data.base,
        ...normalise(parsed.data.title, parsed.data.body),
        minor: parsed.data.minor === 'on',
        confirm: parsed.data.uptodate === 'on',
      });
    } else {
      broken.push({ id, ...normalise(fieldText(group.title) ?? '', fieldText(group.body) ?? '') });
    }
  }
  return { edits, broken };
}

/** Side-by-side editing and saving of a language's sections. */
export function editingRoutes(deps: EditingDeps, lang: (req: Request) => string): Router {
  const router = Router();
  const { admin } = deps;

  const renderEdit = (
    req: Request,
    res: Response,
    slug: string,
    bookletLang: string,
    status: number,
    extra: { states?: Map<string, SectionState>; focus?: EditFocus; message?: EditMessage } = {},
  ): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui) as T;
    const model = editPageModel(deps, session.principal, slug, bookletLang, { ...extra, t, ui });
    res
      .status(status)
      .type('html')
      .send(
        admin.views.render(
          'edit',
          {
            lang: ui,
            title: `${String(model.bookletTitle)} — ${deps.translator.languages.get(bookletLang).nativeName}`,
            principal: session.principal,
            csrf: session.csrfToken,
          },
          model,
        ),
      );
  };

  router.get('/booklets/:slug/:lang', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const t = admin.views.t(lang(req));
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
    renderEdit(req, res, slug, bookletLang, 200, {
      states,
      focus: focus.focus,
      ...(done ? { message: { kind: 'ok' as const, text: t(`admin.done.${done}`) } } : {}),
    });
  });

  /**
   * Saves the sections of a posted edit page. When all went through, returns the sections saved;
   * otherwise answers with the page again (every text as typed, each problem at its section, the
   * message at `at` prefixed by `prefix`) and returns undefined.
   */
  const saveForm = (
    req: Request,
    res: Response,
    slug: string,
    bookletLang: string,
    at: string | undefined,
    prefix?: string,
  ): string[] | undefined => {
    const ui = lang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);
    const { edits, broken } = readEditForm(formFields(req));
    const { outcomes } = deps.translations.saveSections(slug, bookletLang, edits, actorOf(res));
    const saved = outcomes.filter((o) => o.kind === 'saved').map((o) => o.sectionId);
    const problems = outcomes.filter((o) => o.kind === 'conflict' || o.kind === 'invalid');
    if (problems.length === 0 && broken.length === 0) return saved;
    const view = deps.translations.view(slug, bookletLang, 'draft');
    const current = new Map(view.sections.map((s) => [s.id, s]));
    const states = new Map<string, SectionState>();
    for (const edit of edits)
      states.set(edit.sectionId, {
        title: edit.title,
        body: edit.body,
        base: edit.base,
        minor: edit.minor === true,
        upToDate: edit.confirm === true,
      });
    for (const o of outcomes) states.set(o.sectionId, stateAfter(o, states.get(o.sectionId), current.get(o.sectionId), t, num));
    for (const b of broken) {
      const now = current.get(b.id);
      states.set(b.id, {
        title: b.title,
        body: b.body,
        base: now?.revision ?? 0,
        conflict: { title: now?.title ?? '', body: now?.body ?? '', unverified: true },
        errors: [t('admin.edit.brokenSection')],
      });
    }
    const unsaved = [...problems.map((p) => p.sectionId), ...broken.map((b) => b.id)];
    const titles = sectionTitles(deps, slug, bookletLang, num);
    const where = at ?? unsaved.find((id) => titles.has(id));
    const conflicted = problems.some((p) => p.kind === 'conflict');
    renderEdit(req, res, slug, bookletLang, broken.length > 0 ? 400 : conflicted ? 409 : 422, {
      states,
      focus: {
        ...(where ? { at: where } : {}),
        links: unsaved.filter((id) => titles.has(id)),
        message: {
          kind: 'error',
          text: [
            prefix ?? '',
            saved.length > 0 ? t('admin.edit.savedSome', { count: saved.length }) : '',
            t('admin.edit.notSaved', { count: unsaved.length }),
          ]
            .filter(Boolean)
            .join(' '),
        },
      },
    });
    return undefined;
  };

  router.post('/booklets/:slug/:lang/sections', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    const input = form(req, EditForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const clicked = input.save && SectionIdSchema.safeParse(input.save).success ? input.save : undefined;
    const saved = saveForm(req, res, slug, bookletLang, clicked);
    if (!saved) return;
    const at = clicked ?? saved[0];
    // Long lists of saved sections are cut (the address stays short); the count is kept.
    const query = `saved=${saved.slice(0, 40).join(',')}${saved.length > 40 ? `&n=${saved.length}` : ''}`;
    res.redirect(303, `${editUrl(slug, bookletLang)}?${query}${at ? `&at=${at}#s-${at}` : ''}`);
  });

  // Submitting for review from the edit page also saves what was typed there first: the text
  // reviewed is the text on the screen, and nothing typed is left behind.
  router.post('/booklets/:slug/:lang/review', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    form(req, EditForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    const principal = sessionOf(res).principal;
    allow(can.review(principal, bookletLang));
    const before = deps.translations.view(slug, bookletLang, 'draft').etag;
    const revision = formRevision(postedRevision(req), before);
    if (revision.problem) throw incompleteForm(revision.problem);
    const t = admin.views.t(lang(req)) as T;
    const typed = Object.keys(formFields(req)).some((name) => FIELD.test(name));
    let current = revision.revision;
    if (typed && can.edit(principal, bookletLang, sourceLang)) {
      const saved = saveForm(req, res, slug, bookletLang, undefined, t('admin.edit.reviewBlocked'));
      if (!saved) return;
      // What this page saved moved the revision on; anything else that did makes the form stale.
      if (revision.revision === before) current = deps.translations.view(slug, bookletLang, 'draft').etag;
    }
    try {
      deps.translations.transition(slug, bookletLang, 'review', current, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        renderEdit(req, res, slug, bookletLang, isStale(e) ? 409 : 422, {
          message: { kind: 'error', text: t(isStale(e) ? 'admin.edit.conflictAction' : 'admin.edit.actionRefused') },
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=review`);
  });

  return router;
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

/** A section's state on the page after the outcome of its save. */
function stateAfter(
  o: SectionOutcome,
  typed: SectionState | undefined,
  now: { title: string; body: string; revision: number } | undefined,
  t: T,
  num: Intl.NumberFormat,
): SectionState {
  const text = typed ?? { title: now?.title ?? '', body: now?.body ?? '', base: now?.revision ?? 0 };
  switch (o.kind) {
    case 'saved':
      return { title: now?.title ?? text.title, body: now?.body ?? text.body, base: o.revision, saved: true };
    case 'unchanged':
      // Left as it is: the page shows what is saved now; if that moved on since the page was
      // loaded, the person is told, as the text they had in front of them is no longer the saved one.
      return {
        title: now?.title ?? '',
        body: now?.body ?? '',
        base: now?.revision ?? 0,
        ...(typed && typed.base !== (now?.revision ?? 0) ? { notice: t('admin.edit.updatedMeanwhile') } : {}),
      };
    case 'conflict':
      // The next save is knowingly over the current text: the fields now carry its revision.
      return {
        ...text,
        base: o.current?.revision ?? 0,
        conflict: { title: o.current?.title ?? '', body: o.current?.body ?? '', unverified: o.unverified === true },
      };
    case 'invalid':
      return { ...text, errors: o.fields.map((f) => fieldMessage(t, f, num)) };
  }
}
