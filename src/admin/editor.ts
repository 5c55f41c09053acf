import type { BookletService } from '../booklets/service';
import type { ProblemField } from '../errors';
import type { Translator } from '../i18n';
import type { Language } from '../i18n/languages';
import type { RenderService } from '../rendering/service';
import type { TranslationService, TranslationView } from '../translations/service';
import type { AdminServices } from './index';

export interface EditorDeps {
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  admin: AdminServices;
  translator: Translator;
}

/** A translate function of the interface language. */
export type T = (key: string, options?: Record<string, unknown>) => string;

/** What became of a section on the last save, and the text to show in its fields. */
export interface SectionState {
  /** The text as the person typed it. */
  title: string;
  body: string;
  /** The revision the fields are based on, for the next save. */
  base: number;
  saved?: boolean;
  /** The section as saved meanwhile by someone else, shown beside the person's text. */
  conflict?: { title: string; body: string; unverified: boolean };
  /** Why it was not saved, in the interface language. */
  errors?: string[];
  /** The boxes as they were ticked. */
  minor?: boolean;
  upToDate?: boolean;
  /** Something to know about the section (e.g. it changed since the page was loaded). */
  notice?: string;
}

export interface EditMessage {
  kind: 'ok' | 'error';
  text: string;
  details?: string[];
}

/** Where the person was on the page, and what the page says there. */
export interface EditFocus {
  /** The section whose Save button was pressed. */
  at?: string;
  /** A message shown at that section (or at the top when there is none). */
  message?: EditMessage;
  /** Sections the message is about (saved, or not saved), linked from it. */
  links?: string[];
}

/** The URL of a language's edit page. */
export const editUrl = (slug: string, lang: string): string => `/admin/booklets/${slug}/${lang}`;

/** A language's name in the interface language ("Ukrainian", "الأوكرانية"), for use inside its sentences. */
export function languageName(ui: string, language: Language): string {
  try {
    const name = new Intl.DisplayNames([ui], { type: 'language', fallback: 'none' }).of(language.code);
    return name ?? language.nativeName;
  } catch {
    return language.nativeName;
  }
}

/** Numbers in the interface language's digits. */
export const numberFormat = (ui: string): Intl.NumberFormat => new Intl.NumberFormat(ui);

/**
 * A booklet's title in a language (its latest text, published or not), with the source title
 * beside it when the language is not the source, each with its lang and dir.
 */
export function bookletTitles(deps: Pick<EditorDeps, 'booklets' | 'translator'>, slug: string, lang: string) {
  const sourceLang = deps.booklets.sourceOf(slug);
  const sourceTitle = deps.booklets.readLatest(slug, sourceLang).meta.title;
  let title = sourceTitle;
  let titleLang = sourceLang;
  if (lang !== sourceLang) {
    try {
      title = deps.booklets.readLatest(slug, lang).meta.title;
      titleLang = lang;
    } catch {
      // Not started in this language: the source title stands in.
    }
  }
  return {
    bookletTitle: title,
    bookletLang: titleLang,
    bookletDir: deps.translator.languages.get(titleLang).dir,
    sourceTitle: title !== sourceTitle ? sourceTitle : undefined,
    sourceLang,
    sourceDir: deps.translator.languages.get(sourceLang).dir,
  };
}

/**
 * A validation problem in the interface language: the field's name and what is wrong, from
 * locales/ (`admin.field.*`, `admin.validation.<code>`), never the English API text.
 */
export function fieldMessage(t: T, f: ProblemField, num: Intl.NumberFormat): string {
  const params = Object.fromEntries(Object.entries(f.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? num.format(v) : v]));
  const text = f.code ? t(`admin.validation.${f.code}`, { ...params, defaultValue: '' }) : '';
  const label = t(`admin.field.${f.field}`, { defaultValue: '' });
  const said = text || t('admin.validation.other');
  return label ? `${label}: ${said}` : said;
}

/** Section titles of a language, by section id: "3. Title" in the language edited (the source's when untranslated). */
export function sectionTitles(
  deps: Pick<EditorDeps, 'translations' | 'booklets'>,
  slug: string,
  lang: string,
  num: Intl.NumberFormat,
): Map<string, string> {
  const sourceLang = deps.booklets.sourceOf(slug);
  const source = deps.translations.view(slug, sourceLang, 'draft');
  return numberedTitles(source, lang === sourceLang ? source : deps.translations.view(slug, lang, 'draft'), num);
}

/** "3. Title" by section id, in the source's order, the language's own title where it has one. */
export function numberedTitles(source: TranslationView, own: TranslationView, num: Intl.NumberFormat): Map<string, string> {
  const titles = new Map(own.sections.map((s) => [s.id, s.title]));
  return new Map(source.sections.map((s, i) => [s.id, `${num.format(i + 1)}. ${titles.get(s.id) ?? s.title}`]));
}
