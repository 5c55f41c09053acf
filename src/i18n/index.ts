import fs from 'node:fs';
import path from 'node:path';
import i18next, { i18n as I18n, Resource, ResourceLanguage, TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from './languages';

export const NAMESPACE = 'common';
export type Resources = Resource;

/** Interface strings for every supported language, with plural rules and Intl date formatting. */
export interface Translator {
  /** A t() bound to one language; falls back to English for a missing key. */
  t(lang: string): TFunction;
}

/** Reads locales/<lang>/common.json for every supported language. A missing file is an error. */
export function loadResources(localesDir: string): Resources {
  const resources: Resources = {};
  for (const code of LANGUAGE_CODES) {
    const file = path.join(localesDir, code, `${NAMESPACE}.json`);
    resources[code] = { [NAMESPACE]: JSON.parse(fs.readFileSync(file, 'utf8')) as ResourceLanguage };
  }
  return resources;
}

/** Builds an isolated i18next instance (no global state) from the locale files. */
export function createTranslator(localesDir: string): Translator {
  const instance: I18n = i18next.createInstance();
  void instance.init({
    resources: loadResources(localesDir),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGE_CODES],
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    initAsync: false,
    // Templates and the PDF renderer escape for their own output formats.
    interpolation: { escapeValue: false },
    returnNull: false,
    // i18next's cached formatters key their cache by the options including the value itself
    // ({{date, datetime(...)}} with each publication's date): one Intl.DateTimeFormat (~36 KB of
    // ICU memory) kept for every date ever formatted, growing with the catalog. Made per call instead:
    // ~0.14 ms more per date (once per rendered page or PDF), ~0.015 ms per {{count, number}}.
    cacheInBuiltFormats: false,
  });
  const fixed = new Map<string, TFunction>(LANGUAGE_CODES.map((code) => [code, instance.getFixedT(code)]));
  return {
    t(lang: string): TFunction {
      return fixed.get(lang) ?? (fixed.get(DEFAULT_LANGUAGE) as TFunction);
    },
  };
}
