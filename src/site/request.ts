import type { Request } from 'express';
import { z } from 'zod';
import { notFound } from '../errors';
import { param } from '../http/params';
import { BOOKLET_FILE, EDITION, LanguageCodeSchema, SlugSchema } from '../identifiers';
import type { LanguageLookup } from '../i18n/languages';
import type { Download } from '../stats/downloads';
import { DEFAULT_VARIANT, Variant, variantDownloadFormat } from '../rendering/variant';
import { parsePdfQuery, PDF_QUERY_PARAMS } from './pdf-query';
import { wantsOfflineCopy } from './offline';

/**
 * What a reader's address of a booklet file asks for (`/booklets/:slug/:file`, query included): the
 * one reading of such an address. The route answers it, the hot path remembers its answer, and
 * download counts, metrics and the render cache name it with its variant.
 */
export interface BookletRequest {
  slug: string;
  lang: string;
  /** The edition an edition address names (`uk.<16 hex digits>.pdf`). */
  edition: string | undefined;
  format: 'html' | 'pdf';
  /** The print variant of a PDF (the default for pages). */
  variant: Variant;
  /** A page asked for as one file to keep (`?download=1`). */
  offline: boolean;
  /**
   * Whether the query holds nothing but the parameters read here: only such addresses are
   * remembered by the hot path, so addresses made up with other parameters cannot push out the
   * ones readers use.
   */
  plainQuery: boolean;
  /** What a complete GET of the address counts as. */
  download: Download;
}

/**
 * `uk`, `uk.pdf`, `uk.html`, or an edition address `uk.<16 hex digits>.pdf`: the last segment of a
 * booklet file's address.
 */
const BookletFileSchema = z.string().max(40, 'is longer than 40 characters').regex(BOOKLET_FILE, 'must look like "uk" or "uk.pdf"');

/** "uk.pdf" -> "pdf", "uk.<edition>.html" -> "html", "uk" -> "html": the format a file's name asks for, lower case. */
export function fileExtension(file: string): string {
  const parts = file.split('.');
  return parts.length > 1 ? (parts[parts.length - 1] as string).toLowerCase() : 'html';
}

/**
 * The language a booklet file's name starts with ("fa" for "fa.docx" or "fa.pdf"), when it is one
 * of the service's, even if the rest of the name is wrong: the language its error page is in.
 */
export function addressLanguage(file: string, languages: LanguageLookup): string | undefined {
  const code = file.slice(0, 40).split('.')[0]?.toLowerCase() ?? '';
  return languages.find(code)?.code;
}

/** The path of a booklet file's address: what it names before its query is read. */
export type BookletAddress = Pick<BookletRequest, 'slug' | 'lang' | 'edition' | 'format'>;

/**
 * Reads a booklet file's address and query: 400 for a malformed one or a bad query, 404 for an
 * unknown format or language. Whether the booklet exists in that language (and has the second
 * language a bilingual variant names) is for the booklet service to say.
 */
export function parseBookletRequest(
  params: { slug?: unknown; file?: unknown },
  query: Request['query'],
  languages: LanguageLookup,
): BookletRequest {
  return readQuery(parseBookletAddress(params, languages), query);
}

/** The path part of parseBookletRequest (a route can set up its error page in between). */
export function parseBookletAddress(params: { slug?: unknown; file?: unknown }, languages: LanguageLookup): BookletAddress {
  const file = param(BookletFileSchema, params.file, 'language');
  const [langPart = '', ...rest] = file.split('.');
  const ext = fileExtension(file);
  if (ext !== 'html' && ext !== 'pdf') throw notFound(`Unknown format ".${ext}": booklets are available as HTML pages and as .pdf files.`);
  const slug = param(SlugSchema, params.slug, 'booklet name');
  const lang = param(LanguageCodeSchema, langPart, 'language').toLowerCase();
  if (!languages.find(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  const edition = rest.length === 2 && EDITION.test(rest[0] as string) ? (rest[0] as string).toLowerCase() : undefined;
  return { slug, lang, edition, format: ext };
}

/** The query part of parseBookletRequest. */
export function readQuery(address: BookletAddress, query: Request['query']): BookletRequest {
  const { slug, lang } = address;
  if (address.format === 'pdf') {
    const variant = parsePdfQuery(query);
    const plainQuery = Object.keys(query).every((name) => PDF_QUERY_PARAMS.includes(name));
    return { ...address, variant, offline: false, plainQuery, download: { slug, lang, format: variantDownloadFormat(variant) } };
  }
  const offline = wantsOfflineCopy(query);
  const plainQuery = Object.keys(query).every((name) => name === 'download');
  return { ...address, variant: DEFAULT_VARIANT, offline, plainQuery, download: { slug, lang, format: offline ? 'offline' : 'html' } };
}
