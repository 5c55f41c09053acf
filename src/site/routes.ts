import { Router } from 'express';
import { notFound } from '../errors';
import { setErrorFormat } from '../http/error-handler';
import { Routes } from '../http/methods';
import { interfaceLanguage, queryLanguage } from '../http/language';
import { negotiateLanguage } from '../http/negotiate';
import { param, SlugSchema } from '../http/params';
import { sendOutput } from '../http/send';
import type { Languages } from '../i18n/languages';
import type { Translator } from '../i18n';
import type { HtmlRenderer } from '../rendering/html';
import { bookletUrls, editionOf, PdfRequest, RenderService } from '../rendering/service';
import { requireCompanion } from './pdf-query';
import { addressLanguage, fileExtension, parseBookletAddress, readQuery } from './request';
import { variantFileSuffix } from '../rendering/variant';
import { sendOfflineCopy } from './offline';
import { printRoutes } from './print';
import type { HotResponses } from '../http/hot';
import { toOutput } from '../rendering/cache';
import type { BookletService } from '../booklets/service';

export interface PublicRoutesDeps {
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  languages: Languages;
  /** When given, full responses of rendered PDFs are remembered for the hot path. */
  hot?: HotResponses | undefined;
}

/** Short freshness for pages and files whose URL stays the same when content changes. */
const SHORT_CACHE = 'public, max-age=300';
/** Edition URLs name their content, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Public pages for readers: catalog, booklet pages and PDFs. No login, no tracking. */
export function publicRoutes(deps: PublicRoutesDeps): Router {
  const router = Router();
  const routes = new Routes(router);

  routes.get('/', async (req, res) => {
    setErrorFormat(res, 'html');
    const lang = interfaceLanguage(req, deps.languages);
    const output = await deps.render.catalogHtml(lang, deps.booklets.catalog(), deps.booklets.catalogStamp());
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', 'no-cache');
    sendOutput(req, res, output);
  });

  routes.get('/booklets/:slug', (req, res) => {
    setErrorFormat(res, 'html');
    const slug = param(SlugSchema, req.params.slug, 'booklet name');
    const { sourceLang, languages } = deps.booklets.languagesOf(slug);
    const query = queryLanguage(req, deps.languages);
    const lang =
      query && languages.includes(query) ? query : negotiateLanguage(req.get('accept-language'), deps.languages, languages, sourceLang);
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.redirect(302, bookletUrls.page(slug, lang));
  });

  // Before /booklets/:slug/:file, which would otherwise read "print" as a language.
  router.use(printRoutes(deps));

  routes.get('/booklets/:slug/:file', async (req, res) => {
    // A page's errors are pages. A file's errors are pages too when a browser opened its address
    // (a reader on a phone, not a program): in the address's language when it names one.
    const file = typeof req.params.file === 'string' ? req.params.file : '';
    setErrorFormat(res, fileExtension(file) === 'html' ? 'html' : 'negotiated', addressLanguage(file, deps.languages));
    const address = parseBookletAddress(req.params, deps.languages);
    const request = readQuery(address, req.query);
    const { slug, lang, edition } = request;
    const content = deps.booklets.read(slug, lang);
    const current = editionOf(content);
    if (edition !== undefined && edition !== current) {
      // An older (or unknown) edition: send the reader to the current one.
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const target = request.format === 'pdf' ? bookletUrls.editionPdf(slug, lang, current) : bookletUrls.editionPage(slug, lang, current);
      res.setHeader('Cache-Control', 'no-cache');
      res.redirect(302, `${target}${query.length <= 200 ? query : ''}`);
      return;
    }
    res.setHeader('Cache-Control', edition ? IMMUTABLE : SHORT_CACHE);
    // What a complete answer counts as, for the request's observer (observability/http.ts).
    res.locals.download = request.download;
    if (request.format === 'pdf') {
      const { variant } = request;
      requireCompanion(variant, lang, content.languages);
      const companion = variant.with ? deps.booklets.read(slug, variant.with) : undefined;
      const { with: _lang, ...rest } = variant;
      const pdfRequest: PdfRequest = { ...rest, ...(companion ? { companion } : {}) };
      // An edition names this language's text only: the companion of a bilingual edition can be
      // republished under the same URL, so that URL must not be kept for a year.
      if (companion) res.setHeader('Cache-Control', SHORT_CACHE);
      const output = await deps.render.pdf(content, pdfRequest);
      const suffix = variantFileSuffix(variant);
      res.setHeader('Content-Disposition', contentDisposition(`${slug}-${lang}${suffix}.pdf`, `${content.meta.title}${suffix}.pdf`));
      res.setHeader('Link', `<${bookletUrls.editionPdf(slug, lang, current)}>; rel="canonical"`);
      sendOutput(req, res, output);
      if (res.statusCode === 200 && req.method === 'GET' && !req.get('range')) {
        deps.hot?.remember(req.originalUrl, request, deps.render.pdfKey(content, pdfRequest), res.getHeaders());
      }
      return;
    }
    if (request.offline) {
      res.setHeader('Content-Disposition', contentDisposition(`${slug}-${lang}.html`, `${content.meta.title}.html`, 'attachment'));
      await sendOfflineCopy(req, res, deps, content);
      return;
    }
    sendOutput(req, res, await deps.render.bookletHtml(content));
  });

  routes.get('/assets/site.:hash.css', (req, res) => {
    setErrorFormat(res, 'json');
    if (req.params.hash !== deps.html.cssHash) throw notFound('This stylesheet version does not exist.');
    res.setHeader('Cache-Control', IMMUTABLE);
    sendOutput(req, res, cssOutput(deps.html));
  });

  routes.answerOtherMethods();
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
  /** What a file name may not contain: path and shell-special characters, and control characters. */
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  const unsafe = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
  const safe = readableName.replace(unsafe, ' ').replace(/\s+/g, ' ').trim();
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}
