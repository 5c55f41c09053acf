import { ProblemField } from '../errors';
import { readLocaleFile } from '../i18n';
import { DEFAULT_LANGUAGE } from '../i18n/languages';
import { unshowableCharacter } from '../translations/section-rules';

/** Longest interface string accepted, in characters (the longest English one is a few hundred). */
export const MAX_STRING_LENGTH = 2000;

/** i18next's plural suffixes, in the order CLDR lists the categories. */
const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const PLURAL_KEY = /^(.+)_(zero|one|two|few|many|other)$/;

/** Flattens a nested locale file into dotted keys ("booklet.edition" -> "Edition {{edition}}"). */
export function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else if (typeof v === 'object' && v !== null) for (const [ck, cv] of flatten(v as Record<string, unknown>, key)) out.set(ck, cv);
  }
  return out;
}

/** The placeholder names of a text: "{{count, number}} of {{name}}" -> ["count", "name"]. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{-?\s*([^{},]*?)\s*(?:,[^{}]*)?\}\}/g)].map((m) => m[1] as string))];
}

/** One key a language translates, with the English text it is translated from. */
export interface StringKey {
  key: string;
  /** The English text (for a plural form English lacks, e.g. "few": its "other" form). */
  english: string;
  /** The plural category, for plural forms. */
  plural?: string;
  /** Placeholders the text must have. */
  required: string[];
  /** Placeholders it may have (the required ones and, in plural forms, {{count}}). */
  allowed: string[];
}

/**
 * The interface strings to translate, from the English locale file: every dotted key, with plural
 * forms (`foo_one`, `foo_other`) replaced, per language, by the forms Intl.PluralRules says the
 * language has (and `_zero` where English has one: i18next uses it for 0 in every language).
 * Locale files are part of the deployment: read once.
 */
export class StringCatalog {
  readonly english: ReadonlyMap<string, string>;
  private readonly byLang = new Map<string, { list: StringKey[]; byKey: Map<string, StringKey> }>();
  private readonly files = new Map<string, ReadonlyMap<string, string>>();

  constructor(private readonly localesDir: string) {
    this.english = flatten(readLocaleFile(localesDir, DEFAULT_LANGUAGE));
  }

  /** The strings of a language's locale file, flat (empty when the service ships none). */
  localeFile(lang: string): ReadonlyMap<string, string> {
    let file = this.files.get(lang);
    if (!file) {
      file = flatten(readLocaleFile(this.localesDir, lang));
      this.files.set(lang, file);
    }
    return file;
  }

  /** The keys a language translates, in the order of the English file. */
  keys(lang: string): readonly StringKey[] {
    return this.forLang(lang).list;
  }

  find(lang: string, key: string): StringKey | undefined {
    return this.forLang(lang).byKey.get(key);
  }

  private forLang(lang: string) {
    let entry = this.byLang.get(lang);
    if (entry) return entry;
    let categories: string[];
    try {
      categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    } catch {
      categories = ['one', 'other'];
    }
    const list: StringKey[] = [];
    const done = new Set<string>();
    for (const [key, text] of this.english) {
      const m = PLURAL_KEY.exec(key);
      const base = m?.[1];
      if (!m || base === undefined || !this.english.has(`${base}_other`)) {
        const names = placeholders(text);
        list.push({ key, english: text, required: names, allowed: names });
        continue;
      }
      if (done.has(base)) continue;
      done.add(base);
      const forms = PLURAL_CATEGORIES.map((c) => [c, this.english.get(`${base}_${c}`)] as const).filter(
        (f): f is readonly [(typeof f)[0], string] => f[1] !== undefined,
      );
      const names = [...new Set(forms.flatMap(([, t]) => placeholders(t)))];
      const wanted = PLURAL_CATEGORIES.filter((c) => categories.includes(c) || (c === 'zero' && this.english.has(`${base}_zero`)));
      for (const c of wanted) {
        // A form may leave the number out ("one section", Arabic "قسمان"), never anything else.
        list.push({
          key: `${base}_${c}`,
          english: this.english.get(`${base}_${c}`) ?? (this.english.get(`${base}_other`) as string),
          plural: c,
          required: names.filter((n) => n !== 'count'),
          allowed: names,
        });
      }
    }
    entry = { list, byKey: new Map(list.map((k) => [k.key, k])) };
    this.byLang.set(lang, entry);
    return entry;
  }
}

/**
 * Problems of a translation of `key` (empty: fine). An empty text is fine: it takes the
 * translation away. Otherwise it must keep the English placeholders (a plural form may leave out
 * {{count}}), add none, stay within the length limit and hold only showable characters.
 */
export function stringProblems(key: StringKey, text: string): ProblemField[] {
  const problems: ProblemField[] = [];
  if (text.length > MAX_STRING_LENGTH) {
    problems.push({
      field: 'text',
      message: `must be at most ${MAX_STRING_LENGTH} characters`,
      code: 'tooLong',
      params: { max: MAX_STRING_LENGTH, length: text.length },
    });
  }
  const bad = unshowableCharacter(text);
  if (bad)
    problems.push({
      field: 'text',
      message: `contains ${bad}, a character that cannot be shown or exported to XLIFF: remove it`,
      code: 'unshowable',
      params: { char: bad },
    });
  if (text === '') return problems;
  const mine = placeholders(text);
  const missing = key.required.filter((n) => !mine.includes(n));
  const extra = mine.filter((n) => !key.allowed.includes(n));
  const list = (names: string[]) => names.map((n) => `{{${n}}}`).join(', ');
  if (missing.length > 0) {
    problems.push({
      field: 'text',
      message: `must keep the placeholders of the English text: missing ${list(missing)}`,
      code: 'placeholdersMissing',
      params: { names: list(missing) },
    });
  }
  if (extra.length > 0) {
    problems.push({
      field: 'text',
      message: `has placeholders the English text does not have: ${list(extra)}`,
      code: 'placeholdersExtra',
      params: { names: list(extra) },
    });
  }
  return problems;
}
