import fs from 'node:fs';
import path from 'node:path';
import i18next, { i18n as I18n, Resource, ResourceLanguage, TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, intlLocale, Language, Languages } from './languages';

export const NAMESPACE = 'common';
export type Resources = Resource;

/** Interface strings of one language, by dotted key ("booklet.edition" -> "Edition {{edition}}"). */
export type Strings = ResourceLanguage;

/** Interface strings for every language, with plural rules, fallbacks and Intl formatting. */
export interface Translator {
  /** The languages it translates into (their fallbacks, digits and calendars). */
  readonly languages: Languages;
  /** A t() bound to one language; a missing key falls back along the language's chain to English. */
  t(lang: string): TFunction;
}

/** Where strings come from besides the locale files: published translations in the database. */
export interface StringsSource {
  /**
   * A digest of the published strings: changes whenever they change, the same on every copy of the
   * database (part of content revisions, as the languages' stamp is).
   */
  stamp(): string;
  /** Published strings of a language, flat ("site.title" -> "…"), laid over its locale file. */
  published(lang: string): Record<string, string>;
}

/**
 * What a render thread needs to translate like the main thread: the languages and the published
 * strings of the languages a job uses (with their fallbacks). Plain data, cloned into the thread.
 */
export interface LocaleSnapshot {
  /** Changes whenever the languages or the published strings change. */
  stamp: string;
  languages: Language[];
  published: Record<string, Record<string, string>>;
}

/** The snapshot a job in `langs` needs. */
export function localeSnapshot(languages: Languages, strings: StringsSource | undefined, langs: readonly string[]): LocaleSnapshot {
  const codes = new Set(langs.flatMap((l) => [l, ...languages.fallbackChain(l)]));
  const published: Record<string, Record<string, string>> = {};
  if (strings) for (const code of codes) published[code] = strings.published(code);
  return { stamp: `${languages.stamp()}.${strings?.stamp() ?? ''}`, languages: [...languages.all()], published };
}

/** A translator and languages made from a snapshot (in a render thread). */
export function fromSnapshot(localesDir: string, snapshot: LocaleSnapshot): { translator: Translator; languages: Languages } {
  const languages = Languages.of(snapshot.languages);
  const strings: StringsSource = { stamp: () => snapshot.stamp, published: (lang) => snapshot.published[lang] ?? {} };
  return { translator: createTranslator(localesDir, languages, strings), languages };
}

/** Reads locales/<lang>/common.json, or an empty set when the service ships none for the language. */
export function readLocaleFile(localesDir: string, code: string): Strings {
  const file = path.join(localesDir, code, `${NAMESPACE}.json`);
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Strings;
}

/** Sets a dotted key in a nested string tree ("a.b" -> { a: { b } }). */
export function setDotted(tree: Record<string, unknown>, key: string, value: string): void {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/**
 * Builds an isolated i18next instance (no global state). Languages come from the registry, so a
 * language added while the service runs is translated at once, through its fallback chain
 * (its fallback, theirs, then English); its own strings are its locale file (if the service ships
 * one) with the published translations of the database laid over it.
 */
export function createTranslator(localesDir: string, languages: Languages, strings?: StringsSource): Translator {
  const instance: I18n = i18next.createInstance();
  void instance.init({
    resources: {},
    lng: DEFAULT_LANGUAGE,
    fallbackLng: (code: string) => languages.fallbackChain(code),
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
  // Dates and numbers in the language's own calendar and digits (the registry says where Intl's
  // default for the tag is not what readers use).
  const locale = (lng: string): string => {
    const l = languages.find(lng);
    return l ? intlLocale(l) : lng;
  };
  const formatter = instance.services.formatter;
  formatter?.add('datetime', (value: Date, lng: string | undefined, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale(lng ?? DEFAULT_LANGUAGE), options).format(value),
  );
  formatter?.add('number', (value: number, lng: string | undefined, options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(locale(lng ?? DEFAULT_LANGUAGE), options).format(value),
  );

  const loadedAt = new Map<string, string>();
  const fixed = new Map<string, TFunction>();
  const load = (code: string): void => {
    const stamp = `${languages.find(code) ? 1 : 0}:${strings?.stamp() ?? ''}`;
    if (loadedAt.get(code) === stamp) return;
    const tree = structuredClone(readLocaleFile(localesDir, code)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(strings?.published(code) ?? {})) setDotted(tree, key, value);
    instance.addResourceBundle(code, NAMESPACE, tree, false, true);
    loadedAt.set(code, stamp);
  };
  return {
    languages,
    t(lang: string): TFunction {
      const code = languages.find(lang) ? lang : DEFAULT_LANGUAGE;
      for (const c of [code, ...languages.fallbackChain(code)]) load(c);
      let t = fixed.get(code);
      if (!t) {
        t = instance.getFixedT(code);
        fixed.set(code, t);
      }
      return t;
    },
  };
}
