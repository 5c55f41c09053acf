import { Router } from 'express';
import { notFound } from '../errors';
import { setErrorFormat } from '../http/error-handler';
import { answerOtherMethods } from '../http/methods';
import { interfaceLanguage, queryLanguage } from '../http/language';
import { negotiateLanguage } from '../http/negotiate';
import { BookletFileSchema, LangSchema, param, SlugSchema } from '../http/params';
import { sendOutput } from '../http/send';
import { findLanguage } from '../i18n/languages';
import type { Translator } from '../i18n';
import type { HtmlRenderer } from '../rendering/html';
import { bookletUrls, editionOf, RenderService } from '../rendering/service';
import { parsePdfQuery, PdfQuery } from './pdf-query';
import { sendOfflineCopy, wantsOfflineCopy } from './offline';
import { printRoutes } from './print';
import type { HotResponses } from '../http/hot';
import { toOutput } from '../rendering/cache';
import type { BookletService } from './service';

export interface PublicRoutesDeps {
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  /** When given, full responses of rendered PDFs are remembered for the hot path. */
  hot?: HotResponses | undefined;
}

/** Short freshness for pages and files whose URL stays the same when content changes. */
const SHORT_CACHE = 'public, max-age=300';
/** Edition URLs name their content, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** "-a5-booklet-with-az" for file names; empty for the default A4 edition. */
function variantLabel(q: PdfQuery): string {
  const parts = [
    ...(q.size !== 'a4' ? [q.size] : []),
    ...(q.layout !== 'pages' ? [q.layout] : []),
    ...(q.profile !== 'accessible' ? [q.profile] : []),
    ...(q.with ? [q.with] : []),
  ];
  return parts.length > 0 ? `-${parts.join('-')}` : '';
}

/** Public pages for readers: catalog, booklet pages and PDFs. No login, no tracking. */
export function publicRoutes(deps: PublicRoutesDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    setErrorFormat(res, 'html');
    const lang = interfaceLanguage(req);
    const output = await deps.render.catalogHtml(lang, deps.booklets.catalog(), deps.booklets.catalogStamp());
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', 'no-cache');
    sendOutput(req, res, output);
  });

  router.get('/booklets/:slug', (req, res) => {
    setErrorFormat(res, 'html');
    const slug = param(SlugSchema, req.params.slug, 'booklet name');
    const { sourceLang, languages } = deps.booklets.languagesOf(slug);
    const query = queryLanguage(req);
    const lang = query && languages.includes(query)
      ? query
      : negotiateLanguage(req.get('accept-language'), languages, sourceLang);
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.redirect(302, bookletUrls.page(slug, lang));
  });

  // Before /booklets/:slug/:file, which would otherwise read "print" as a language.
  router.use(printRoutes(deps));

  router.get('/booklets/:slug/:file', async (req, res) => {
    const file = param(BookletFileSchema, req.params.file, 'language');
    const [langPart = '', ...rest] = file.split('.');
    const ext = (rest.length > 0 ? (rest[rest.length - 1] as string) : 'html').toLowerCase();
    const edition = rest.length === 2 ? (rest[0] as string).toLowerCase() : undefined;
    if (ext !== 'html' && ext !== 'pdf') {
      setErrorFormat(res, 'json');
      throw notFound(`Unknown format ".${ext}": booklets are available as HTML pages and as .pdf files.`);
    }
    setErrorFormat(res, ext === 'html' ? 'html' : 'json');
    const slug = param(SlugSchema, req.params.slug, 'booklet name');
    const lang = param(LangSchema, langPart, 'language').toLowerCase();
    if (!findLanguage(lang)) throw notFound(`There is no language "${lang}" on this service.`);
    if (ext === 'html') setErrorFormat(res, 'html', lang);
    const content = deps.booklets.read(slug, lang);
    const current = editionOf(content);
    if (edition !== undefined && edition !== current) {
      // An older (or unknown) edition: send the reader to the current one.
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const target = ext === 'pdf' ? bookletUrls.editionPdf(slug, lang, current) : bookletUrls.editionPage(slug, lang, current);
      res.setHeader('Cache-Control', 'no-cache');
      res.redirect(302, `${target}${query.length <= 200 ? query : ''}`);
      return;
    }
    res.setHeader('Cache-Control', edition ? IMMUTABLE : SHORT_CACHE);
    if (ext === 'pdf') {
      const q = parsePdfQuery(req.query, lang, content.languages);
      const companion = q.with ? deps.booklets.read(slug, q.with) : undefined;
      // An edition names this language's text only: the companion of a bilingual edition can be
      // republished under the same URL, so that URL must not be kept for a year.
      if (companion) res.setHeader('Cache-Control', SHORT_CACHE);
      const output = await deps.render.pdf(content, { size: q.size, layout: q.layout, profile: q.profile, ...(companion ? { companion } : {}) });
      const variant = variantLabel(q);
      res.setHeader('Content-Disposition', contentDisposition(`${slug}-${lang}${variant}.pdf`, `${content.meta.title}${variant}.pdf`));
      res.setHeader('Link', `<${bookletUrls.editionPdf(slug, lang, current)}>; rel="canonical"`);
      sendOutput(req, res, output);
      if (res.statusCode === 200 && req.method === 'GET' && !req.get('range')) {
        deps.hot?.remember(req.originalUrl, res.getHeaders(), output.body);
      }
      return;
    }
    if (wantsOfflineCopy(req.query)) {
      res.setHeader('Content-Disposition', contentDisposition(`${slug}-${lang}.html`, `${content.meta.title}.html`, 'attachment'));
      await sendOfflineCopy(req, res, deps, content);
      return;
    }
    sendOutput(req, res, await deps.render.bookletHtml(content));
  });

  router.get('/assets/site.:hash.css', (req, res) => {
    setErrorFormat(res, 'json');
    if (req.params.hash !== deps.html.cssHash) throw notFound('This stylesheet version does not exist.');
    res.setHeader('Cache-Control', IMMUTABLE);
    sendOutput(req, res, cssOutput(deps.html));
  });

  answerOtherMethods(router);
  return router;
}

const cssCache = new WeakMap<HtmlRenderer, ReturnType<typeof toOutput>>();
function cssOutput(html: HtmlRenderer): ReturnType<typeof toOutput> {
  let output = cssCache.get(html);
  if (!output) {
    output = toOutput(Buffer.from(html.css, 'utf8'), 'text/css; charset=utf-8');
    cssCache.set(html, output);
  }
  return output;
}

/**
 * RFC 6266 Content-Disposition: an ASCII fallback name and the readable name in the booklet's
 * language as filename* (RFC 8187 encoding). `inline` shows the file in the browser; `attachment`
 * saves it (offline copies).
 */
export function contentDisposition(asciiName: string, readableName: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const safe = readableName.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}
