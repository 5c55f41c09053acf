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
import { bookletUrls, editionOf, PdfRequest, RenderService } from '../rendering/service';
import { parsePdfQuery, PdfQuery } from './pdf-query';
import { sendOfflineCopy, wantsOfflineCopy } from './offline';
import { printRoutes } from './print';
import type { HotResponses } from '../http/hot';
import { toOutput } from '../rendering/cache';
import type { BookletService, ReadableBooklet } from './service';

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
    setErrorFormat(res, fileExtension(file) === 'html' ? 'html' : 'json');
    const { slug, lang, ext, edition } = parseBookletFile(req.params.slug, file);
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
      const { q, request } = pdfRequestOf(deps, content, req.query);
      // An edition names this language's text only: the companion of a bilingual edition can be
      // republished under the same URL, so that URL must not be kept for a year.
      if (request.companion) res.setHeader('Cache-Control', SHORT_CACHE);
      const output = await deps.render.pdf(content, request);
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

/** "uk.pdf" -> "pdf", "uk.<edition>.html" -> "html", "uk" -> "html": the format asked for, lower case. */
function fileExtension(file: string): string {
  const parts = file.split('.');
  return parts.length > 1 ? (parts[parts.length - 1] as string).toLowerCase() : 'html';
}

/** What the last two segments of a booklet file's address name (`/booklets/:slug/:file`). */
interface BookletFile {
  slug: string;
  lang: string;
  ext: 'html' | 'pdf';
  /** The edition an edition URL names (`uk.<16 hex digits>.pdf`). */
  edition: string | undefined;
}

/** Reads a booklet file's address; 400 for a malformed one, 404 for an unknown format or language. */
function parseBookletFile(slugParam: unknown, file: string): BookletFile {
  const [langPart = '', ...rest] = file.split('.');
  const ext = fileExtension(file);
  if (ext !== 'html' && ext !== 'pdf') throw notFound(`Unknown format ".${ext}": booklets are available as HTML pages and as .pdf files.`);
  const slug = param(SlugSchema, slugParam, 'booklet name');
  const lang = param(LangSchema, langPart, 'language').toLowerCase();
  if (!findLanguage(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  return { slug, lang, ext, edition: rest.length === 2 ? (rest[0] as string).toLowerCase() : undefined };
}

/** The print variant a PDF address asks for (400 for a bad one), with the companion's content. */
function pdfRequestOf(deps: PublicRoutesDeps, content: ReadableBooklet, query: unknown): { q: PdfQuery; request: PdfRequest } {
  const q = parsePdfQuery(query, content.lang, content.languages);
  const companion = q.with ? deps.booklets.read(content.slug, q.with) : undefined;
  return { q, request: { size: q.size, layout: q.layout, profile: q.profile, ...(companion ? { companion } : {}) } };
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
