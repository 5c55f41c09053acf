import type { Request } from 'express';
import { DEFAULT_LANGUAGE, isLanguageCode, LANGUAGE_CODES } from '../i18n/languages';
import { negotiateLanguage } from './negotiate';

/**
 * The language asked for with `?lang=`, lower case and without a region: "fa-IR" or "uk_UA" as well
 * as "fa" (the language, not the region, picks). Undefined when there is none.
 */
export function queryLanguage(req: Request): string | undefined {
  return typeof req.query.lang === 'string' ? req.query.lang.toLowerCase().split(/[-_]/)[0] : undefined;
}

/**
 * The interface language for a page: an explicit, supported `?lang=` first, then a language the
 * route already knows (`preferred`), then Accept-Language, then English.
 */
export function interfaceLanguage(req: Request, preferred?: string): string {
  const query = queryLanguage(req);
  if (query && isLanguageCode(query)) return query;
  if (preferred && isLanguageCode(preferred)) return preferred;
  return negotiateLanguage(req.get('accept-language'), LANGUAGE_CODES, DEFAULT_LANGUAGE);
}
