import type { CatalogEntry, ReadableBooklet } from '../booklets/service';
import type { Translator } from '../i18n';
import { getLanguage } from '../i18n/languages';
import { cacheKey, RenderCache, RenderedOutput, toOutput } from './cache';
import { HtmlRenderer } from './html';
import { pageChrome } from './html/chrome';
import { buildLayout } from './layout/build';
import type { LayoutDocument } from './layout/model';
import { PdfOptions, variantName } from './pdf/options';

/**
 * Bump when a change to layout or renderers changes output for the same content, so cached
 * outputs from the previous version are never served.
 */
export const RENDERER_VERSION = '2';

export type PdfRenderer = (doc: LayoutDocument, options: PdfOptions) => Promise<Buffer>;

/** A PDF variant as requested: the companion is given as content, laid out here. */
export interface PdfRequest {
  size: PdfOptions['size'];
  layout: PdfOptions['layout'];
  profile: PdfOptions['profile'];
  companion?: ReadableBooklet;
}

export interface RenderServiceDeps {
  html: HtmlRenderer;
  pdf: PdfRenderer;
  translator: Translator;
  cache: RenderCache;
  /** Public address of the service (QR codes and links in PDFs). */
  baseUrl: string;
}

const DEFAULT_REQUEST: PdfRequest = { size: 'a4', layout: 'pages', profile: 'accessible' };

/** URLs of a booklet, in one place. */
export const bookletUrls = {
  page: (slug: string, lang: string): string => `/booklets/${slug}/${lang}`,
  pdf: (slug: string, lang: string): string => `/booklets/${slug}/${lang}.pdf`,
  /** The same document under a URL that names its content: cacheable for a year. */
  editionPdf: (slug: string, lang: string, edition: string): string => `/booklets/${slug}/${lang}.${edition}.pdf`,
  editionPage: (slug: string, lang: string, edition: string): string => `/booklets/${slug}/${lang}.${edition}.html`,
};

/**
 * The edition of what a reader sees: 16 hex digits that change whenever the content (including
 * source fallbacks) or the renderers change. Part of immutable URLs.
 */
export function editionOf(content: ReadableBooklet): string {
  return cacheKey(['edition', RENDERER_VERSION, content.slug, content.lang, content.contentRevision]).slice(0, 16);
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
    return buildLayout(content, this.deps.translator.t(content.lang), { baseUrl: this.deps.baseUrl });
  }

  /** The booklet as a PDF, in the requested print variant (A4 accessible by default). */
  pdf(content: ReadableBooklet, request: PdfRequest = DEFAULT_REQUEST): Promise<RenderedOutput> {
    const { companion, ...rest } = request;
    const key = cacheKey([
      'pdf', RENDERER_VERSION, content.slug, content.lang, content.contentRevision,
      variantName(rest), companion ? `${companion.lang}:${companion.contentRevision}` : '',
    ]);
    return this.deps.cache.get(key, async () => {
      const options: PdfOptions = companion ? { ...rest, companion: this.layout(companion) } : rest;
      return toOutput(await this.deps.pdf(this.layout(content), options), 'application/pdf');
    });
  }

  /**
   * The catalog page in one language, rendered once per content change (`stamp`) and language.
   * Each booklet is shown in the visitor's language when it has it, else in its first language.
   */
  catalogHtml(lang: string, entries: readonly CatalogEntry[], stamp: string): Promise<RenderedOutput> {
    const key = cacheKey(['catalog', RENDERER_VERSION, this.deps.html.cssHash, lang, stamp]);
    return this.deps.cache.get(key, () => {
      const cards = entries.map((entry) => {
        const shown = entry.languages.find((l) => l.lang === lang) ?? entry.languages[0];
        const shownLang = getLanguage(shown?.lang ?? entry.sourceLang);
        return {
          href: bookletUrls.page(entry.slug, shownLang.code),
          title: shown?.title ?? entry.slug,
          subject: shown?.subject ?? '',
          lang: shownLang.code,
          dir: shownLang.dir,
          languages: entry.languages.map((l) => {
            const language = getLanguage(l.lang);
            return { lang: l.lang, name: language.nativeName, dir: language.dir, href: bookletUrls.page(entry.slug, l.lang) };
          }),
        };
      });
      const chrome = pageChrome(this.deps.translator, lang, this.deps.translator.t(lang)('catalog.title'));
      return toOutput(Buffer.from(this.deps.html.catalog(chrome, cards), 'utf8'), 'text/html; charset=utf-8');
    });
  }

  /** The booklet as an HTML page, with a picker of the languages it is published in. */
  bookletHtml(content: ReadableBooklet): Promise<RenderedOutput> {
    const key = cacheKey([
      'html', RENDERER_VERSION, this.deps.html.cssHash, content.slug, content.lang, content.contentRevision,
      content.languages.join(','),
    ]);
    return this.deps.cache.get(key, () => {
      const doc = this.layout(content);
      const picker = content.languages.map((code) => {
        const l = getLanguage(code);
        return { lang: code, name: l.nativeName, dir: l.dir, href: bookletUrls.page(content.slug, code), current: code === content.lang };
      });
      const chrome = pageChrome(this.deps.translator, content.lang, doc.title, picker);
      chrome.description = doc.subject;
      chrome.alternates = picker.map((p) => ({ lang: p.lang, href: p.href }));
      const html = this.deps.html.booklet(doc, chrome, {
        pdfHref: bookletUrls.editionPdf(content.slug, content.lang, editionOf(content)),
        publishedAt: new Date(content.publishedAt),
      });
      return toOutput(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8');
    });
  }
}
