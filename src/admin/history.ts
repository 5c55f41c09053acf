import { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { AppError, incompleteForm } from '../errors';
import { allow, can } from './access';
import type { EditingDeps } from './editing';
import { actorOf, isStale, postedRevision, sessionOf } from './request';
import { bookletTitles, EditMessage, editUrl, numberFormat, sectionTitles, T } from './editor';
import { CsrfField, form, formRevision, target } from './forms';

/** History needs what editing needs. */
export type HistoryDeps = EditingDeps;

const RestoreForm = z.object({
  csrf: CsrfField,
  restore: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'must be a revision number')
    .transform(Number),
});

/** System authors of revisions (not people): the sample import. */
const SYSTEM_ACTORS = new Set(['import']);

/**
 * Who made a change, as people know them: a signed-in person by their user name, an API key by
 * its name (said to be a key), the import of booklet files as such.
 */
export function authorName(actor: string, t: T): string {
  if (actor.startsWith('user:')) return actor.slice('user:'.length);
  if (SYSTEM_ACTORS.has(actor)) return t(`admin.history.actor.${actor}`);
  return t('admin.history.actor.key', { name: actor });
}

/** The history of a language's sections, with restore. */
export function historyRoutes(deps: HistoryDeps, lang: (req: Request) => string): Router {
  const router = Router();
  router.get('/booklets/:slug/:lang/history', showHistory(deps, lang));
  router.post('/booklets/:slug/:lang/restore', restoreRevision(deps, lang));
  return router;
}

function showHistory(deps: HistoryDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    sendHistoryPage(deps, lang(req), res, slug, bookletLang, 200);
  };
}

/** Restores a section to one of its revisions, as a new revision; a stale or refused restore shows the history again. */
function restoreRevision(deps: HistoryDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    const input = form(req, RestoreForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const checked = formRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
    if (checked.problem) throw incompleteForm(checked.problem);
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    let sectionId: string | undefined;
    try {
      sectionId = deps.admin.revision(input.restore)?.key;
      deps.translations.restore(slug, bookletLang, input.restore, checked.revision, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        sendHistoryPage(deps, ui, res, slug, bookletLang, isStale(e) ? 409 : 422, {
          kind: 'error',
          text: t(isStale(e) ? 'admin.history.conflict' : 'admin.history.refused'),
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=restored${sectionId ? `#s-${sectionId}` : ''}`);
  };
}

/** The history page: every revision of the language's sections, with who made it and when. */
function sendHistoryPage(
  deps: HistoryDeps,
  ui: string,
  res: Response,
  slug: string,
  bookletLang: string,
  status: number,
  message?: EditMessage,
): void {
  const session = sessionOf(res);
  const t = deps.admin.views.t(ui) as T;
  const sourceLang = deps.booklets.sourceOf(slug);
  const view = deps.translations.view(slug, bookletLang, 'draft');
  const revisions = revisionRows(deps, ui, slug, bookletLang, new Set(view.sections.map((s) => s.revision)));
  const language = deps.translator.languages.get(bookletLang);
  const titlesOfBooklet = bookletTitles(deps, slug, bookletLang);
  res
    .status(status)
    .type('html')
    .send(
      deps.admin.views.render(
        'history',
        {
          lang: ui,
          title: `${t('admin.history.title')} — ${titlesOfBooklet.bookletTitle} — ${language.nativeName}`,
          principal: session.principal,
          csrf: session.csrfToken,
        },
        {
          ...titlesOfBooklet,
          lang: bookletLang,
          langName: language.nativeName,
          langDir: language.dir,
          base: editUrl(slug, bookletLang),
          revision: view.etag,
          revisions,
          message,
          canRestore: can.edit(session.principal, bookletLang, sourceLang),
        },
      ),
    );
}

/** The revisions of a language as the page lists them; `latest` are those that are the sections' current text. */
function revisionRows(deps: HistoryDeps, ui: string, slug: string, bookletLang: string, latest: Set<number>) {
  const t = deps.admin.views.t(ui) as T;
  const num = numberFormat(ui);
  const titles = sectionTitles(deps, slug, bookletLang, num);
  const when = new Intl.DateTimeFormat(ui, { dateStyle: 'long', timeStyle: 'short', timeZone: deps.admin.timeZone });
  const zone = new Intl.DateTimeFormat(ui, { timeZone: deps.admin.timeZone, timeZoneName: 'shortOffset' });
  const zoneOf = (d: Date): string => zone.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return deps.translations.history(slug, bookletLang).map((r) => {
    const at = new Date(r.createdAt);
    return {
      id: r.revisionId,
      number: num.format(r.revisionId),
      section: titles.get(r.sectionId) ?? r.sectionId,
      title: r.title,
      body: r.body,
      minor: r.minor,
      when: `${when.format(at)} (${zoneOf(at)})`,
      datetime: at.toISOString(),
      by: authorName(r.createdBy, t),
      current: latest.has(r.revisionId),
    };
  });
}
