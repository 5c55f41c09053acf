import type { BookletService } from '../booklets/service';
import { warningsBySection } from '../rendering/check-messages';
import type { ProblemField } from '../errors';
import type { Translator } from '../i18n';
import type { Language } from '../i18n/languages';
import { missingCharacters } from '../rendering/coverage';
import type { RenderService } from '../rendering/service';
import type { TranslationService, TranslationView } from '../translations/service';
import { can } from './access';
import { DiffPart, wordDiff } from './diff';
import type { AdminServices } from './index';
import type { AdminPrincipal } from './sessions';

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

/** Rows of a text field: its lines as wrapped at about 60 characters, plus room to grow, within bounds. */
const rows = (text: string): number =>
  Math.min(40, Math.max(6, text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0) + 2));

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
function numberedTitles(source: TranslationView, own: TranslationView, num: Intl.NumberFormat): Map<string, string> {
  const titles = new Map(own.sections.map((s) => [s.id, s.title]));
  return new Map(source.sections.map((s, i) => [s.id, `${num.format(i + 1)}. ${titles.get(s.id) ?? s.title}`]));
}

const diffOrNull = (before: string, after: string): DiffPart[] | null => (before === after ? null : wordDiff(before, after));

/**
 * The model of the side-by-side edit page: each source section next to its translation, outdated
 * sections with a word diff of the source since the translation was made, workflow actions the
 * person may take, messages and warnings at the section they concern.
 */
export function editPageModel(
  deps: EditorDeps,
  principal: AdminPrincipal,
  slug: string,
  lang: string,
  options: { t: T; ui: string; states?: Map<string, SectionState>; focus?: EditFocus; message?: EditMessage },
): Record<string, unknown> {
  const { t } = options;
  const num = numberFormat(options.ui);
  const sourceLang = deps.booklets.sourceOf(slug);
  const isSource = lang === sourceLang;
  const view: TranslationView = deps.translations.view(slug, lang, 'draft');
  const source = isSource ? view : deps.translations.view(slug, sourceLang, 'draft');
  const own = new Map(view.sections.map((s) => [s.id, s]));
  const summary = deps.translations.summary(slug).find((l) => l.lang === lang);
  const language = deps.translator.languages.get(lang);
  const sourceLanguage = deps.translator.languages.get(sourceLang);
  const states = options.states ?? new Map<string, SectionState>();
  const focus = options.focus ?? {};
  const titles = numberedTitles(source, view, num);
  // The text in each section's fields: what the person typed when it was not saved, else the saved text.
  const texts = new Map(
    source.sections.map((src) => {
      const mine = states.get(src.id);
      const tr = own.get(src.id);
      return [src.id, { title: mine?.title ?? tr?.title ?? '', body: mine?.body ?? tr?.body ?? '' }];
    }),
  );

  // Characters the PDF cannot show in the booklet's title and details, at the top; those of a
  // section are among its content warnings.
  const missingTop: { codePoint: string; char: string; count: number; whereText: string }[] = [];
  if (view.status !== 'missing') {
    for (const m of missingCharacters(deps.render.layout(deps.booklets.readLatest(slug, lang)))) {
      const elsewhere = m.where.filter((w) => w === 'title' || w === 'labels').map((w) => t(`admin.edit.where.${w}`));
      if (elsewhere.length > 0) missingTop.push({ codePoint: m.codePoint, char: m.char, count: m.count, whereText: elsewhere.join(', ') });
    }
  }
  // What the booklet format would show otherwise than typed (tables, images, HTML, emoji), for
  // the text in the fields.
  const shown = [...texts].filter(([, x]) => x.title !== '' || x.body !== '').map(([id, x]) => ({ id, ...x }));
  const checks = warningsBySection(shown, lang, deps.translator, options.ui);

  const sections = source.sections.map((src, index) => {
    const tr = own.get(src.id);
    const state = isSource ? 'ok' : !tr ? 'untranslated' : tr.outdated ? 'outdated' : 'ok';
    let diff: { title: DiffPart[] | null; body: DiffPart[] } | null = null;
    if (state === 'outdated' && tr?.sourceRevision) {
      const before = deps.admin.revision(tr.sourceRevision);
      if (before) diff = { title: diffOrNull(before.title, src.title), body: wordDiff(before.body, src.body) };
    }
    const mine = states.get(src.id);
    const { title, body } = texts.get(src.id) as { title: string; body: string };
    const here = focus.at === src.id;
    const heading = tr?.title ?? src.title;
    return {
      id: src.id,
      number: num.format(index + 1),
      isSource,
      state,
      diff,
      heading,
      headingLang: tr ? lang : sourceLang,
      headingDir: tr ? language.dir : sourceLanguage.dir,
      sourceHeading: !isSource && tr && tr.title !== src.title ? src.title : undefined,
      sourceTitle: src.title,
      sourceBody: src.body,
      title,
      body,
      rows: rows(body),
      base: mine?.base ?? tr?.revision ?? 0,
      conflict: mine?.conflict
        ? { ...mine.conflict, titleDiff: diffOrNull(mine.conflict.title, title), bodyDiff: diffOrNull(mine.conflict.body, body) }
        : undefined,
      errors: mine?.errors ?? [],
      notice: mine?.notice,
      minor: mine?.minor === true,
      upToDate: mine?.upToDate === true,
      // At the section the person was at, the message there says it (with the other sections saved).
      saved: mine?.saved === true && !(here && focus.message),
      message: here ? focus.message : undefined,
      links: here ? (focus.links ?? []).filter((id) => id !== src.id).map((id) => ({ id, title: titles.get(id) ?? id })) : [],
      checks: (checks.get(src.id) ?? []).map((w) => w.message),
    };
  });

  // Text sent for sections this booklet does not have (any more): shown, never dropped.
  const known = new Set(source.sections.map((s) => s.id));
  const orphans = [...states]
    .filter(([id, st]) => !known.has(id) && (st.title !== '' || st.body !== ''))
    .map(([id, st]) => ({ id, title: st.title, body: st.body }));
  const exists = view.status !== 'missing';
  const topMessage = options.message ?? (focus.message && !sections.some((s) => s.id === focus.at) ? focus.message : undefined);
  return {
    ...bookletTitles(deps, slug, lang),
    slug,
    lang,
    langName: language.nativeName,
    langDir: language.dir,
    sourceName: languageName(options.ui, deps.translator.languages.get(sourceLang)),
    base: editUrl(slug, lang),
    publicHref: `/booklets/${slug}/${lang}`,
    revision: view.etag,
    status: view.status,
    statusLabel: t(`admin.status.${view.status}`),
    published: view.published,
    exists,
    percent: num.format(Math.round((summary?.completeness ?? 0) * 100)),
    outdated: summary?.outdatedSections ?? 0,
    canEdit: can.edit(principal, lang, sourceLang),
    actions: {
      review: exists && view.status === 'draft' && can.review(principal, lang),
      publish: exists && view.status !== 'published' && can.publish(principal),
      unpublish: view.published && can.publish(principal),
    },
    missing: missingTop,
    sections,
    orphans,
    message: topMessage,
  };
}
