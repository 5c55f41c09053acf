import { DEFAULT_LANGUAGE, Languages } from '../i18n/languages';
import type { StringCatalog } from './catalog';
import type { PublishedStrings } from './published';
import type { InterfaceStringStore } from './store';
import { StringOrigin, StringsView, StringView, stringsEtag } from './types';

/** What a view of a language's strings is read from. */
export interface StringsViewDeps {
  store: InterfaceStringStore;
  catalog: StringCatalog;
  languages: Languages;
  published: PublishedStrings;
}

/** Every key of a language with its English text, current text and where that comes from. */
export function stringsView(deps: StringsViewDeps, lang: string): StringsView {
  const { store, catalog } = deps;
  const row = store.language(lang);
  const latest = new Map(store.latest(lang).map((r) => [r.key, r]));
  const published = deps.published.of(lang);
  const file = catalog.localeFile(lang);
  const keys = catalog.keys(lang);
  let own = 0;
  const strings = keys.map((k): StringView => {
    const rev = latest.get(k.key);
    const base = {
      key: k.key,
      english: k.english,
      plural: k.plural ?? null,
      revision: rev?.id ?? 0,
      published: published[k.key] ?? null,
      placeholders: k.required,
    };
    if (lang === DEFAULT_LANGUAGE) {
      own++;
      return { ...base, text: k.english, origin: 'locale-file', textLang: lang };
    }
    if (rev && rev.text !== '') {
      own++;
      const isPublished = row?.publishedThrough != null && rev.id <= row.publishedThrough;
      return { ...base, text: rev.text, origin: isPublished ? 'published' : 'draft', textLang: lang };
    }
    const fromFile = file.get(k.key);
    if (fromFile) {
      own++;
      return { ...base, text: fromFile, origin: 'locale-file', textLang: lang };
    }
    return { ...base, ...standIn(deps, lang, k.key) };
  });
  const revision = row?.revision ?? 0;
  return {
    lang,
    status: row?.state ?? 'missing',
    revision,
    etag: stringsEtag(lang, revision),
    publishedAt: row?.publishedAt ?? null,
    completeness: keys.length === 0 ? 1 : Math.round((own / keys.length) * 1000) / 1000,
    strings,
  };
}

/** The text of a key that a reader of a language sees without the language's own translation. */
function standIn(deps: StringsViewDeps, lang: string, key: string): { text: string; origin: StringOrigin; textLang: string } {
  const { catalog } = deps;
  for (const code of deps.languages.fallbackChain(lang)) {
    if (code === DEFAULT_LANGUAGE) break;
    const text = deps.published.of(code)[key] ?? catalog.localeFile(code).get(key);
    if (text) return { text, origin: 'fallback', textLang: code };
  }
  return {
    text: catalog.keys(lang).find((k) => k.key === key)?.english ?? catalog.english.get(key) ?? '',
    origin: 'english',
    textLang: DEFAULT_LANGUAGE,
  };
}
