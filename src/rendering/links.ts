import path from 'node:path';
import { DEFAULT_LANGUAGE } from '../i18n/languages';

/**
 * How rendered pages link to each other. The server links with absolute paths (`/booklets/x/uk`,
 * SERVER_LINKS in service.ts); a static export links with relative paths that carry file
 * extensions (`booklets/x/uk.html`, `../../assets/site.<hash>.css`), so the same pages work on any
 * plain file server and from file://; an offline copy links only to the online service, with
 * absolute URLs.
 */
export interface LinkStyle {
  /** Distinguishes renders in cache keys: the same content renders differently per style. */
  readonly name: string;
  /** The catalog in an interface language. */
  catalog(lang: string): string;
  /** A booklet's page in a language. */
  page(slug: string, lang: string): string;
  /** The PDF a booklet page offers (A4, accessible), of the given edition. */
  pdf(slug: string, lang: string, edition: string): string;
  /** The self-contained offline copy of a booklet page. */
  offline(slug: string, lang: string, edition: string): string;
  /** The stylesheet with the given content hash; undefined: the service's own address for it. */
  css?(hash: string): string;
  /** The print page for caseworkers; undefined where there is none (a static export). */
  print?(slug: string, lang: string): string;
}

/**
 * The same links as absolute URLs at `baseUrl` (no trailing slash), for files that leave the site
 * (offline copies).
 */
export function absoluteLinks(style: LinkStyle, baseUrl: string): LinkStyle {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    name: `${style.name}@${base}`,
    catalog: (lang) => `${base}${style.catalog(lang)}`,
    page: (slug, lang) => `${base}${style.page(slug, lang)}`,
    pdf: (slug, lang, edition) => `${base}${style.pdf(slug, lang, edition)}`,
    offline: (slug, lang, edition) => `${base}${style.offline(slug, lang, edition)}`,
    ...(style.css ? { css: (hash: string) => `${base}${style.css?.(hash) ?? ''}` } : {}),
    ...(style.print ? { print: (slug: string, lang: string) => `${base}${style.print?.(slug, lang) ?? ''}` } : {}),
  };
}

/**
 * File names of a static export, relative to its root folder. The catalog in the default language
 * is index.html, so a plain file server opens it for "/"; PDFs and offline copies sit next to the
 * booklet page, named without edition ids so their addresses stay the same from one export to the
 * next (the manifest records the editions).
 */
export const STATIC_FILES = {
  catalog: (lang: string): string => (lang === DEFAULT_LANGUAGE ? 'index.html' : `index.${lang}.html`),
  page: (slug: string, lang: string): string => `booklets/${slug}/${lang}.html`,
  offline: (slug: string, lang: string): string => `booklets/${slug}/${lang}.offline.html`,
  /** `variant` is empty for the default A4 edition, else e.g. "a5", "booklet", "with-en". */
  pdf: (slug: string, lang: string, variant = ''): string => `booklets/${slug}/${lang}${variant ? `.${variant}` : ''}.pdf`,
  css: (hash: string): string => `assets/site.${hash}.css`,
  manifest: 'manifest.json',
};

/** Links of a static export, relative to the page at `from` (a path from STATIC_FILES). */
export function staticLinks(from: string): LinkStyle {
  const dir = path.posix.dirname(from);
  const rel = (target: string): string => path.posix.relative(dir, target);
  return {
    name: `static:${from}`,
    catalog: (lang) => rel(STATIC_FILES.catalog(lang)),
    page: (slug, lang) => rel(STATIC_FILES.page(slug, lang)),
    pdf: (slug, lang) => rel(STATIC_FILES.pdf(slug, lang)),
    offline: (slug, lang) => rel(STATIC_FILES.offline(slug, lang)),
    css: (hash) => rel(STATIC_FILES.css(hash)),
  };
}
