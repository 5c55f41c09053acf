import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import type { Span } from '../../content/blocks';
import type { Direction } from '../../i18n/languages';
import { formatEdition, listMarker } from '../../i18n/format';
import type { LayoutDocument } from '../layout/model';
import { RenderRecorder, secondsSince } from '../recorder';
import { shareLinks } from './share';

/** One entry of the language picker: a language, shown by its native name, with its own lang/dir. */
export interface PickerEntry {
  lang: string;
  name: string;
  dir: Direction;
  href: string;
  current: boolean;
}

/** What every page shares: its language, the interface strings, navigation and the stylesheet. */
export interface PageChrome {
  lang: string;
  dir: Direction;
  t: TFunction;
  title: string;
  description?: string;
  homeHref: string;
  picker: PickerEntry[];
  /** The page's canonical absolute address (rel="canonical"). */
  canonical?: string;
  /** Inline the stylesheet (self-contained pages); otherwise link to the cached file. */
  inlineCss?: boolean;
  /** Address of the stylesheet when not the service's own (relative in a static export). */
  cssHref?: string;
  /** A Content-Security-Policy carried in the page itself (offline copies opened from a file). */
  csp?: string;
  /** What a pasted link's preview shows (Open Graph and Twitter-card tags); published booklet pages only. */
  openGraph?: OpenGraph;
}

/** The Open Graph tags of a page (https://ogp.me): a preview card in messengers and social sites. */
export interface OpenGraph {
  title: string;
  description: string;
  /** The page's canonical absolute address. */
  url: string;
  siteName: string;
  /** The page's language as `language_TERRITORY` (openGraphLocale). */
  locale: string;
  /** The other languages the page is published in, in the same form. */
  alternateLocales: string[];
}

/**
 * A preview of text that is not published: a banner says so ("Draft — not published", in the page's
 * language), no publication date is shown, and a link leads back to where the text is edited.
 */
export interface DraftPage {
  /**
   * The link back to the editor: its address and label (e.g. the `draft.backToEditor` string), with
   * the label's language and direction when they are not the page's (an editor working in English
   * previewing a Persian booklet).
   */
  back: { href: string; label: string; lang?: string; dir?: Direction };
}

/** A published page shows its publication date; a draft preview shows none. */
export type BookletPageState = { publishedAt: Date; draft?: undefined } | { draft: DraftPage; publishedAt?: undefined };

/** What a booklet page shows around its content: links and figures, and its publication date or draft banner. */
export type BookletPageExtra = BookletPageLinks & BookletPageState;

/** Links and figures a booklet page shows around its content. */
export interface BookletPageLinks {
  pdfHref: string;
  /** Size of the PDF behind pdfHref, formatted in the page language ("245 kB"). */
  pdfSize?: string;
  /** The page's canonical absolute address, offered for sharing. */
  shareUrl?: string;
  /** The print page for caseworkers (paper size, bilingual edition). */
  printHref?: string;
  /** The page as one self-contained HTML file to keep (offline copy). */
  offlineHref?: string;
  /** Set when rendering the offline copy itself: its links out go to the online service. */
  offline?: { pageHref: string };
}

/** One choice of the print form. */
export interface PrintOption {
  value: string;
  label: string;
  selected: boolean;
  /** Language and direction of the label when it is a language's native name. */
  lang?: string;
  dir?: Direction;
  /** A line under the label: how to print a layout. */
  hint?: string;
}

/** What the print page offers for one booklet. */
export interface PrintForm {
  /** The booklet's title (in `titleLang`) and its page. */
  title: string;
  titleLang: string;
  titleDir: Direction;
  bookletHref: string;
  action: string;
  /** The interface language, sent back so errors are explained in it. */
  uiLang: string;
  languages: PrintOption[];
  companions: PrintOption[];
  sizes: PrintOption[];
  layouts: PrintOption[];
  profiles: PrintOption[];
}

/** Extra content of an error page: what exactly was wrong, and where to go back to. */
export interface ErrorPageExtra {
  details?: string[];
  back?: { href: string; label: string };
  /**
   * The precise reason for a client error, as the service wrote it (in English). `lang` and `dir`
   * are set when the page is in another language, so the paragraph is read and laid out as English.
   */
  reason?: { text: string; lang?: string; dir?: Direction };
}

export interface CatalogCard {
  href: string;
  title: string;
  subject: string;
  lang: string;
  dir: Direction;
  languages: { lang: string; name: string; dir: Direction; href: string }[];
}

/**
 * The HTML renderer: handlebars templates from templates/, compiled once. All content is escaped;
 * the only markup that comes from content is what the span model allows (strong, em, a).
 */
export class HtmlRenderer {
  readonly css: string;
  /** Short content hash of the stylesheet, used in its immutable URL. */
  readonly cssHash: string;
  /** Hash of the stylesheet and every template: part of the cache keys of rendered pages. */
  readonly version: string;
  private readonly hbs = Handlebars.create();
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: Record<'booklet' | 'catalog' | 'error' | 'print', HandlebarsTemplateDelegate>;

  /**
   * @param recorder told how long each booklet page (variant "page", or "offline" for the
   *   self-contained copy) and catalog page (variant "catalog") took; only cache misses reach the
   *   renderer, so these are renders, not requests.
   */
  constructor(
    templatesDir: string,
    private readonly recorder?: RenderRecorder,
  ) {
    const versionHash = crypto.createHash('sha256');
    const read = (name: string): string => {
      const text = fs.readFileSync(path.join(templatesDir, name), 'utf8');
      versionHash.update(`${name}\u0000${text}\u0000`);
      return text;
    };
    this.css = read('site.css');
    this.cssHash = crypto.createHash('sha256').update(this.css).digest('hex').slice(0, 12);
    registerHelpers(this.hbs);
    for (const name of ['picker', 'blocks', 'contact']) {
      this.hbs.registerPartial(name, read(`partials/${name}.hbs`));
    }
    const compile = (name: string): HandlebarsTemplateDelegate => this.hbs.compile(read(name), { strict: false });
    this.layout = compile('layout.hbs');
    this.pages = {
      booklet: compile('booklet.hbs'),
      catalog: compile('catalog.hbs'),
      error: compile('error.hbs'),
      print: compile('print.hbs'),
    };
    this.version = versionHash.digest('hex').slice(0, 12);
  }

  get cssHref(): string {
    return `/assets/site.${this.cssHash}.css`;
  }

  /** A booklet as one HTML page (published, or a draft preview with `extra.draft`). */
  booklet(doc: LayoutDocument, chrome: PageChrome, extra: BookletPageExtra): string {
    const start = process.hrtime.bigint();
    const share = extra.shareUrl ? shareLinks(chrome.t, doc.title, extra.shareUrl) : undefined;
    const out = this.page(chrome, this.pages.booklet({ t: chrome.t, doc, share, ...extra }));
    this.recorder?.observeRender('html', doc.lang, chrome.inlineCss ? 'offline' : 'page', secondsSince(start));
    return out;
  }

  /** The catalog of booklets. */
  catalog(chrome: PageChrome, booklets: CatalogCard[]): string {
    const start = process.hrtime.bigint();
    const out = this.page(chrome, this.pages.catalog({ t: chrome.t, lang: chrome.lang, dir: chrome.dir, booklets }));
    this.recorder?.observeRender('html', chrome.lang, 'catalog', secondsSince(start));
    return out;
  }

  /** The print page for caseworkers: a plain GET form, no script. */
  print(chrome: PageChrome, form: PrintForm): string {
    return this.page(chrome, this.pages.print({ t: chrome.t, form }));
  }

  /** A localized error page. */
  error(chrome: PageChrome, heading: string, text: string, extra: ErrorPageExtra = {}): string {
    return this.page(chrome, this.pages.error({ t: chrome.t, heading, text, homeHref: chrome.homeHref, ...extra }));
  }

  private page(chrome: PageChrome, body: string): string {
    return this.layout({
      ...chrome,
      body,
      cssHref: chrome.cssHref ?? this.cssHref,
      inlineCss: chrome.inlineCss ? this.css : undefined,
    });
  }
}

function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (a: unknown, b: unknown) => Boolean(a) || Boolean(b));
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const t = (options.data as { root: { t: TFunction } }).root.t;
    return t(key, options.hash as Record<string, unknown>);
  });
  hbs.registerHelper('spans', (spans: Span[]) => new hbs.SafeString(spansToHtml(spans)));
  hbs.registerHelper('month', (edition: string, locale: string) => formatEdition(edition, locale));
  // The marker of item `index` (from 0) of a numbered list, in the language's digits and form.
  hbs.registerHelper('listMarker', (template: string, index: number, locale: string) => listMarker(template, index + 1, locale));
  hbs.registerHelper('telHref', (phone: string) => phone.replace(/[^+0-9]/g, ''));
}

/** Escaped HTML for a run of spans: the only markup produced is strong, em and a. */
export function spansToHtml(spans: readonly Span[]): string {
  return spans
    .map((s) => {
      let html = Handlebars.escapeExpression(s.text);
      if (s.italic) html = `<em>${html}</em>`;
      if (s.bold) html = `<strong>${html}</strong>`;
      if (s.href !== undefined) {
        const external = /^https?:/i.test(s.href);
        html = `<a href="${Handlebars.escapeExpression(s.href)}"${external ? ' rel="noopener noreferrer"' : ''}>${html}</a>`;
      }
      return html;
    })
    .join('');
}
