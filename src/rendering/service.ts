import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogEntry, ReadableBooklet } from '../booklets/service';
import type { Translator } from '../i18n';
import { fileSize, openGraphLocale } from '../i18n/format';
import { Languages } from '../i18n/languages';
import { localeSnapshot, StringsSource } from '../i18n';
import { cacheKey, RenderCache, RenderedOutput, toOutput } from './cache';
import { HtmlRenderer, PageChrome } from './html';
import { pageChrome } from './html/chrome';
import { absoluteLinks, LinkStyle } from './links';
import { offlineCsp } from './offline';
import { buildLayout } from './layout/build';
import type { LayoutDocument } from './layout/model';
import { variantName } from './variant';
import type { PdfJob, PdfJobRenderer, PdfVariant } from './pdf-job';
import { LOCALES_DIR, TEMPLATES_DIR } from '../paths';

/**
 * Bump when a change to layout or renderers changes output for the same content, so cached
 * outputs from the previous version are never served.
 */
export const RENDERER_VERSION = '11';

/**
 * A digest of RENDERER_VERSION and of every file in the given folders, in name order (the paths
 * below the folders, not where the folders are).
 */
export function outputVersion(...dirs: string[]): string {
  const hash = crypto.createHash('sha256').update(RENDERER_VERSION);
  for (const dir of dirs) {
    hash.update('\u0000dir');
    for (const name of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      const file = path.join(dir, name);
      if (!fs.statSync(file).isFile()) continue;
      hash.update(`\u0000${name.split(path.sep).join('/')}\u0000`).update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * What outputs depend on besides the content: the renderers, the interface strings (locales/) and
 * the page templates (templates/). A deployment can change strings or templates without touching
 * code, and outputs are kept on disk across restarts and under year-long edition URLs: both must
 * change with them. Read once, when the service starts.
 */
export const OUTPUT_VERSION = outputVersion(LOCALES_DIR, TEMPLATES_DIR);

/** A PDF variant as requested: the companion is given as content, laid out here. */
export interface PdfRequest {
  size: PdfVariant['size'];
  layout: PdfVariant['layout'];
  profile: PdfVariant['profile'];
  companion?: ReadableBooklet;
  /**
   * A preview of unpublished text (`BookletService.readLatest`): every page carries "Draft — not
   * published" in the booklet's language and no publication date. Cached apart from published PDFs.
   */
  draft?: boolean;
}

export interface RenderServiceDeps {
  html: HtmlRenderer;
  /** Lays out and renders a PDF job: the worker pool in the server, in-process elsewhere. */
  pdf: PdfJobRenderer;
  translator: Translator;
  languages: Languages;
  /** Published interface strings from the database (laid over the locale files). */
  strings?: StringsSource;
  cache: RenderCache;
  /** Public address of the service (QR codes and links in PDFs). */
  baseUrl: string;
}

/** The default PDF: A4, pages in order, accessible. A draft preview asks for `{ ...DEFAULT_PDF_REQUEST, draft: true }`. */
export const DEFAULT_PDF_REQUEST: Readonly<PdfRequest> = { size: 'a4', layout: 'pages', profile: 'accessible' };

/** URLs of a booklet, in one place. */
export const bookletUrls = {
  page: (slug: string, lang: string): string => `/booklets/${slug}/${lang}`,
  pdf: (slug: string, lang: string): string => `/booklets/${slug}/${lang}.pdf`,
  /** The same document under a URL that names its content: cacheable for a year. */
  editionPdf: (slug: string, lang: string, edition: string): string => `/booklets/${slug}/${lang}.${edition}.pdf`,
  editionPage: (slug: string, lang: string, edition: string): string => `/booklets/${slug}/${lang}.${edition}.html`,
  /** The print page for caseworkers, in the interface language `uiLang`. */
  print: (slug: string, uiLang: string): string => `/booklets/${slug}/print?lang=${uiLang}`,
};

/** How the service's own pages link: absolute paths on this origin (see rendering/links.ts). */
export const SERVER_LINKS: LinkStyle = {
  name: 'server',
  catalog: (lang) => `/?lang=${lang}`,
  page: bookletUrls.page,
  pdf: bookletUrls.editionPdf,
  offline: (slug, lang, edition) => `${bookletUrls.editionPage(slug, lang, edition)}?download=1`,
  print: bookletUrls.print,
};

/**
 * The edition of what a reader sees: 16 hex digits that change whenever the content (including
 * source fallbacks), the renderers, the interface strings or the templates change. Part of
 * immutable URLs.
 */
export function editionOf(content: ReadableBooklet): string {
  return cacheKey(['edition', OUTPUT_VERSION, content.slug, content.lang, content.contentRevision]).slice(0, 16);
}

/**
 * Content -> layout -> renderer -> cache. Every output is cached under a key of the content
 * revision, language, variant and renderer version.
 */
export class RenderService {
  constructor(private readonly deps: RenderServiceDeps) {}

  get cache(): RenderCache {
    return this.deps.cache;
  }

  /** The layout model of a booklet (pure; exposed for tests and tools). */
  layout(content: ReadableBooklet): LayoutDocument {
    return buildLayout(content, this.deps.translator.t(content.lang), { baseUrl: this.deps.baseUrl, languages: this.deps.languages });
  }

  /** The cache key of a PDF: its content revisions, language, variant and the output version. */
  pdfKey(content: ReadableBooklet, request: PdfRequest = DEFAULT_PDF_REQUEST): string {
    const { companion, ...rest } = request;
    return cacheKey([
      'pdf',
      OUTPUT_VERSION,
      content.slug,
      content.lang,
      content.contentRevision,
      variantName({ ...rest, with: companion?.lang }),
      companion?.contentRevision ?? '',
    ]);
  }

  /** The job that makes this PDF, as plain data (for the render pool; the warm-up sends some). */
  pdfJob(content: ReadableBooklet, request: PdfRequest = DEFAULT_PDF_REQUEST): PdfJob {
    const { companion, ...variant } = request;
    const langs = [content.lang, content.sourceLang, ...(companion ? [companion.lang] : [])];
    const locale = localeSnapshot(this.deps.languages, this.deps.strings, langs);
    return { content, ...(companion ? { companion } : {}), variant, baseUrl: this.deps.baseUrl, locale };
  }

  /** The booklet as a PDF, in the requested print variant (A4 accessible by default). */
  pdf(content: ReadableBooklet, request: PdfRequest = DEFAULT_PDF_REQUEST): Promise<RenderedOutput> {
    const key = this.pdfKey(content, request);
    return this.deps.cache.get(key, async () => {
      const store = this.deps.cache.diskTarget(key);
      const pdf = await this.deps.pdf({ ...this.pdfJob(content, request), ...(store ? { store } : {}) });
      if (Buffer.isBuffer(pdf)) return toOutput(pdf, 'application/pdf');
      return { ...toOutput(pdf.body, 'application/pdf', pdf.etag), stored: pdf.stored };
    });
  }

  /**
   * The catalog page in one language, rendered once per content change (`stamp`) and language.
   * Each booklet is shown in the visitor's language when it has it, else in its first language.
   */
  catalogHtml(lang: string, entries: readonly CatalogEntry[], stamp: string, links: LinkStyle = SERVER_LINKS): Promise<RenderedOutput> {
    const key = cacheKey(['catalog', OUTPUT_VERSION, this.deps.html.version, lang, stamp, links.name]);
    return this.deps.cache.get(key, () => {
      const cards = entries.map((entry) => {
        const shown = entry.languages.find((l) => l.lang === lang) ?? entry.languages[0];
        const shownLang = this.deps.languages.get(shown?.lang ?? entry.sourceLang);
        return {
          href: links.page(entry.slug, shownLang.code),
          title: shown?.title ?? entry.slug,
          subject: shown?.subject ?? '',
          lang: shownLang.code,
          dir: shownLang.dir,
          languages: entry.languages.map((l) => {
            const language = this.deps.languages.get(l.lang);
            return { lang: l.lang, name: language.nativeName, dir: language.dir, href: links.page(entry.slug, l.lang) };
          }),
        };
      });
      const chrome = linkChrome(
        pageChrome(this.deps.translator, lang, this.deps.translator.t(lang)('catalog.title')),
        links,
        this.deps.html,
      );
      chrome.picker = chrome.picker.map((p) => ({ ...p, href: links.catalog(p.lang) }));
      return toOutput(Buffer.from(this.deps.html.catalog(chrome, cards), 'utf8'), 'text/html; charset=utf-8');
    });
  }

  /** The cache key of a booklet's HTML page. */
  bookletHtmlKey(content: ReadableBooklet, links: LinkStyle = SERVER_LINKS): string {
    return cacheKey([
      'html',
      OUTPUT_VERSION,
      this.deps.html.version,
      content.slug,
      content.lang,
      content.contentRevision,
      content.languages.join(','),
      links.name,
    ]);
  }

  /** The booklet as an HTML page, with a picker of the languages it is published in. */
  bookletHtml(content: ReadableBooklet, links: LinkStyle = SERVER_LINKS): Promise<RenderedOutput> {
    const key = this.bookletHtmlKey(content, links);
    return this.deps.cache.get(key, async () => {
      // The Download link shows the size of the default PDF: rendered (and cached) with the page,
      // once per content revision.
      const pdf = await this.pdf(content);
      const doc = this.layout(content);
      const picker = content.languages.map((code) => {
        const l = this.deps.languages.get(code);
        return { lang: code, name: l.nativeName, dir: l.dir, href: links.page(content.slug, code), current: code === content.lang };
      });
      const chrome = linkChrome(pageChrome(this.deps.translator, content.lang, doc.title, picker), links, this.deps.html);
      chrome.description = doc.subject;
      const shareUrl = `${this.deps.baseUrl}${bookletUrls.page(content.slug, content.lang)}`;
      chrome.canonical = shareUrl;
      const locale = openGraphLocale(content.lang);
      chrome.openGraph = {
        title: doc.title,
        description: doc.subject,
        url: shareUrl,
        siteName: chrome.t('site.name'),
        locale,
        alternateLocales: [...new Set(content.languages.map(openGraphLocale))].filter((other) => other !== locale),
      };
      const size = fileSize(pdf.body.length);
      const html = this.deps.html.booklet(doc, chrome, {
        pdfHref: links.pdf(content.slug, content.lang, editionOf(content)),
        publishedAt: new Date(content.publishedAt),
        pdfSize: chrome.t(size.key, { value: size.value }),
        shareUrl,
        ...(links.print ? { printHref: links.print(content.slug, content.lang) } : {}),
        offlineHref: links.offline(content.slug, content.lang, editionOf(content)),
      });
      return toOutput(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8');
    });
  }

  /** The cache key of a booklet's offline copy. */
  offlineHtmlKey(content: ReadableBooklet): string {
    const online = absoluteLinks(SERVER_LINKS, this.deps.baseUrl);
    return cacheKey([
      'html',
      'offline',
      OUTPUT_VERSION,
      this.deps.html.version,
      content.slug,
      content.lang,
      content.contentRevision,
      online.name,
    ]);
  }

  /**
   * The booklet as one self-contained HTML file to keep or send through a messaging app
   * (`GET …/<lang>.html?download=1`, and the static export): the stylesheet inline and allowed by
   * its hash in the file's own Content-Security-Policy, no script, nothing loaded from anywhere;
   * the only links out are the online page and PDF, as absolute URLs marked as online.
   */
  offlineHtml(content: ReadableBooklet): Promise<RenderedOutput> {
    const online = absoluteLinks(SERVER_LINKS, this.deps.baseUrl);
    return this.deps.cache.get(this.offlineHtmlKey(content), () => {
      const doc = this.layout(content);
      const chrome = pageChrome(this.deps.translator, content.lang, doc.title, []);
      chrome.description = doc.subject;
      chrome.homeHref = '';
      chrome.inlineCss = true;
      chrome.csp = offlineCsp(this.deps.html.css);
      const html = this.deps.html.booklet(doc, chrome, {
        pdfHref: online.pdf(content.slug, content.lang, editionOf(content)),
        publishedAt: new Date(content.publishedAt),
        offline: { pageHref: online.page(content.slug, content.lang) },
      });
      return toOutput(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8');
    });
  }
}

/** Points a page's shared navigation (home link, stylesheet) at the given link style. */
function linkChrome(chrome: PageChrome, links: LinkStyle, html: HtmlRenderer): PageChrome {
  chrome.homeHref = links.catalog(chrome.lang);
  if (links.css) chrome.cssHref = links.css(html.cssHash);
  return chrome;
}
