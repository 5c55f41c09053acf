import { Request, RequestHandler, Router } from 'express';
import { sendOutput } from '../http/send';
import { pageChrome } from '../rendering/html/chrome';
import { DEFAULT_PDF_REQUEST } from '../rendering/service';
import { contentDisposition } from '../site/routes';
import { allow, can } from './access';
import type { EditingDeps } from './editing';
import { sessionOf } from './request';
import { editUrl } from './editor';
import { target } from './forms';

/** Previews need what editing needs. */
export type PreviewDeps = EditingDeps;

/**
 * Previews of the draft: marked "Draft — not published" (every PDF page too), no publication
 * date, and a plain way back to the editor.
 */
export function previewRoutes(deps: PreviewDeps, lang: (req: Request) => string): Router {
  const router = Router();
  router.get('/booklets/:slug/:lang/preview', previewPage(deps, lang));
  router.get('/booklets/:slug/:lang/preview.pdf', previewPdf(deps));
  return router;
}

/** The draft as readers would see the page, with the way back to the editor in the interface language. */
function previewPage(deps: PreviewDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readAsIfPublished(slug, bookletLang);
    const doc = deps.render.layout(content);
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    const chrome = pageChrome(deps.translator, bookletLang, `${t('admin.preview.prefix')} ${doc.title}`, []);
    chrome.homeHref = editUrl(slug, bookletLang);
    const uiLanguage = deps.translator.languages.get(ui);
    const html = deps.html.booklet(doc, chrome, {
      pdfHref: `${editUrl(slug, bookletLang)}/preview.pdf`,
      draft: { back: { href: editUrl(slug, bookletLang), label: t('draft.backToEditor'), lang: ui, dir: uiLanguage.dir } },
    });
    res.type('html').send(html);
  };
}

/** The draft's PDF, marked as a draft on every page. */
function previewPdf(deps: PreviewDeps): RequestHandler {
  return async (req, res) => {
    const { slug, lang: bookletLang } = target(req, deps.translator.languages);
    allow(can.work(sessionOf(res).principal, bookletLang));
    const content = deps.booklets.readAsIfPublished(slug, bookletLang);
    const output = await deps.render.pdf(content, { ...DEFAULT_PDF_REQUEST, draft: true });
    res.setHeader(
      'Content-Disposition',
      contentDisposition(`${slug}-${bookletLang}-draft.pdf`, `${content.meta.title} — ${deps.translator.t(bookletLang)('draft.mark')}.pdf`),
    );
    sendOutput(req, res, output);
  };
}
