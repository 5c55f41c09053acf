import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { contentDisposition } from '../site/routes';
import { AppError, incompleteForm } from '../errors';
import { sendOutput } from '../http/send';
import { pageChrome } from '../rendering/html/chrome';
import { DEFAULT_PDF_REQUEST } from '../rendering/service';
import { allow, can } from './access';
import { actorOf, type EditingDeps, isStale, postedRevision, sessionOf } from './editing';
import { bookletTitles, EditMessage, editUrl, numberFormat, sectionTitles, T } from './editor';
import { CsrfField, form, formRevision, target } from './forms';

/** History and previews need what editing needs. */
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

/** History with restore, and the previews of the draft. */
export function historyRoutes(deps: HistoryDeps, lang: (req: Request) => string): Router {
  const router = Router();
  const { admin } = deps;

  const renderHistory = (req: Request, res: Response, slug: string, bookletLang: string, status: number, message?: EditMessage): void => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);
    const sourceLang = deps.booklets.sourceOf(slug);
    const view = deps.translations.view(slug, bookletLang, 'draft');
    const latest = new Set(view.sections.map((s) => s.revision));
    const titles = sectionTitles(deps, slug, bookletLang, num);
    const when = new Intl.DateTimeFormat(ui, { dateStyle: 'long', timeStyle: 'short', timeZone: admin.timeZone });
    const zone = new Intl.DateTimeFormat(ui, { timeZone: admin.timeZone, timeZoneName: 'shortOffset' });
    const zoneOf = (d: Date): string => zone.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
    const revisions = deps.translations.history(slug, bookletLang).map((r) => {
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
    const language = deps.translator.languages.get(bookletLang);
    const titlesOfBooklet = bookletTitles(deps, slug, bookletLang);
    res
      .status(status)
      .type('html')
      .send(
        admin.views.render(
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
  };

  router.get('/booklets/:slug/:lang/history', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    deps.translations.locate(slug, bookletLang);
    allow(can.work(sessionOf(res).principal, bookletLang));
    renderHistory(req, res, slug, bookletLang, 200);
  });

  router.post('/booklets/:slug/:lang/restore', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    const input = form(req, RestoreForm);
    const sourceLang = deps.translations.locate(slug, bookletLang).sourceLang;
    allow(can.edit(sessionOf(res).principal, bookletLang, sourceLang));
    const checked = formRevision(postedRevision(req), deps.translations.view(slug, bookletLang, 'draft').etag);
    if (checked.problem) throw incompleteForm(checked.problem);
    const t = admin.views.t(lang(req));
    let sectionId: string | undefined;
    try {
      sectionId = deps.admin.revision(input.restore)?.key;
      deps.translations.restore(slug, bookletLang, input.restore, checked.revision, actorOf(res));
    } catch (e) {
      if (isStale(e) || (e instanceof AppError && e.status === 422)) {
        renderHistory(req, res, slug, bookletLang, isStale(e) ? 409 : 422, {
          kind: 'error',
          text: t(isStale(e) ? 'admin.history.conflict' : 'admin.history.refused'),
        });
        return;
      }
      throw e;
    }
    res.redirect(303, `${editUrl(slug, bookletLang)}?done=restored${sectionId ? `#s-${sectionId}` : ''}`);
  });

  // Previews of the draft: marked "Draft — not published" (every PDF page too), no publication
  // date, and a plain way back to the editor.
  router.get('/booklets/:slug/:lang/preview', (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readAsIfPublished(slug, bookletLang);
    const doc = deps.render.layout(content);
    const ui = lang(req);
    const t = admin.views.t(ui);
    const chrome = pageChrome(deps.translator, bookletLang, `${t('admin.preview.prefix')} ${doc.title}`, []);
    chrome.homeHref = editUrl(slug, bookletLang);
    const uiLanguage = deps.translator.languages.get(ui);
    const html = deps.html.booklet(doc, chrome, {
      pdfHref: `${editUrl(slug, bookletLang)}/preview.pdf`,
      draft: { back: { href: editUrl(slug, bookletLang), label: t('draft.backToEditor'), lang: ui, dir: uiLanguage.dir } },
    });
    res.type('html').send(html);
  });

  router.get('/booklets/:slug/:lang/preview.pdf', async (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readAsIfPublished(slug, bookletLang);
    const output = await deps.render.pdf(content, { ...DEFAULT_PDF_REQUEST, draft: true });
    res.setHeader(
      'Content-Disposition',
      contentDisposition(`${slug}-${bookletLang}-draft.pdf`, `${content.meta.title} — ${deps.translator.t(bookletLang)('draft.mark')}.pdf`),
    );
    sendOutput(req, res, output);
  });

  return router;
}
