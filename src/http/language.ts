import type { Request } from 'express';
import { DEFAULT_LANGUAGE, Languages } from '../i18n/languages';
import { negotiateLanguage } from './negotiate';

/**
 * The language asked for with `?lang=`, as the code of a language readers are offered: "prs",
 * "fa-IR" (Persian: the language, not the region, picks), "fa_AF" (an alias of Dari). Undefined
 * when there is none or it names no such language.
 */
export function queryLanguage(req: Request, languages: Languages): string | undefined {
  return typeof req.query.lang === 'string' && req.query.lang.length <= 35 ? languages.match(req.query.lang)?.code : undefined;
}

/**
 * The interface language for a page: an explicit, supported `?lang=` first, then a language the
 * route already knows (`preferred`), then Accept-Language, then English.
 */
export function interfaceLanguage(req: Request, languages: Languages, preferred?: string): string {
  const query = queryLanguage(req, languages);
  if (query) return query;
  if (preferred && languages.isActive(preferred)) return preferred;
  return negotiateLanguage(req.get('accept-language'), languages, languages.codes(), DEFAULT_LANGUAGE);
}
