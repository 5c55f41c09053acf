/**
 * The one list of languages the service knows: code, native name, direction and script.
 * Adding a language means adding it here, adding locales/<code>/, and choosing fonts for its script.
 */

export type Direction = 'ltr' | 'rtl';
/** An ISO 15924 script code as written in BCP 47 tags: 'Latn', 'Cyrl', 'Arab', 'Geor', 'Armn', 'Ethi', … */
export type Script = string;

export interface Language {
  code: string;
  nativeName: string;
  englishName: string;
  dir: Direction;
  script: Script;
}

export const LANGUAGES: readonly Language[] = [
  { code: 'en', nativeName: 'English', englishName: 'English', dir: 'ltr', script: 'Latn' },
  { code: 'az', nativeName: 'Azərbaycanca', englishName: 'Azerbaijani', dir: 'ltr', script: 'Latn' },
  { code: 'uk', nativeName: 'Українська', englishName: 'Ukrainian', dir: 'ltr', script: 'Cyrl' },
  { code: 'ru', nativeName: 'Русский', englishName: 'Russian', dir: 'ltr', script: 'Cyrl' },
  { code: 'ar', nativeName: 'العربية', englishName: 'Arabic', dir: 'rtl', script: 'Arab' },
  { code: 'fa', nativeName: 'فارسی', englishName: 'Persian', dir: 'rtl', script: 'Arab' },
];

export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((l) => l.code);

/** The interface language used when nothing better is known. */
export const DEFAULT_LANGUAGE = 'en';

const byCode = new Map(LANGUAGES.map((l) => [l.code, l]));

/** The language with this code, or undefined when the service does not know it. */
export function findLanguage(code: string): Language | undefined {
  return byCode.get(code);
}

/** The language with this code; throws for an unknown code (a programming error, not user input). */
export function getLanguage(code: string): Language {
  const lang = byCode.get(code);
  if (!lang) throw new Error(`unknown language code "${code}"`);
  return lang;
}

export function isLanguageCode(code: string): boolean {
  return byCode.has(code);
}
