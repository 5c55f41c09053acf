import type { Response } from 'express';
import { warningsBySection } from '../rendering/check-messages';
import { missingCharacters } from '../rendering/coverage';
import type { TranslationView } from '../translations/service';
import { can } from './access';
import { DiffPart, wordDiff } from './diff';
import {
  bookletTitles,
  EditFocus,
  EditMessage,
  EditorDeps,
  editUrl,
  languageName,
  numberedTitles,
  numberFormat,
  SectionState,
  T,
} from './editor';
import { sessionOf } from './request';
import type { AdminPrincipal } from './sessions';

/** Rows of a text field: its lines as wrapped at about 60 characters, plus room to grow, within bounds. */
const rows = (text: string): number =>
  Math.min(40, Math.max(6, text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0) + 2));

const diffOrNull = (before: string, after: string): DiffPart[] | null => (before === after ? null : wordDiff(before, after));

type Section = TranslationView['sections'][number];

/** What every section of the page is shown with. */
interface PageContext {
  deps: EditorDeps;
  lang: string;
  sourceLang: string;
  isSource: boolean;
  /** Directions of the language edited and of the source. */
  dir: string;
  sourceDir: string;
  num: Intl.NumberFormat;
  states: Map<string, SectionState>;
  focus: EditFocus;
  /** "3. Title" by section id, for links to other sections. */
  titles: Map<string, string>;
  /** The content warnings of each section's text as it is in the fields. */
  checks: Map<string, { message: string }[]>;
}

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
  const texts = fieldTexts(source, own, states);
  const missingTop = missingAtTop(deps, view, slug, lang, t);
  // What the booklet format would show otherwise than typed (tables, images, HTML, emoji), for
  // the text in the fields.
  const shown = [...texts].filter(([, x]) => x.title !== '' || x.body !== '').map(([id, x]) => ({ id, ...x }));
  const checks = warningsBySection(shown, lang, deps.translator, options.ui);
  const context: PageContext = {
    deps,
    lang,
    sourceLang,
    isSource,
    dir: language.dir,
    sourceDir: sourceLanguage.dir,
    num,
    states,
    focus,
    titles,
    checks,
  };
  const sections = source.sections.map((src, index) =>
    sectionModel(context, src, own.get(src.id), texts.get(src.id) as { title: string; body: string }, index),
  );
  const topMessage = options.message ?? (focus.message && !sections.some((s) => s.id === focus.at) ? focus.message : undefined);
  return {
    ...bookletTitles(deps, slug, lang),
    slug,
    lang,
    langName: language.nativeName,
    langDir: language.dir,
    sourceName: languageName(options.ui, sourceLanguage),
    base: editUrl(slug, lang),
    publicHref: `/booklets/${slug}/${lang}`,
    ...standing(view, summary, principal, lang, sourceLang, t, num),
    missing: missingTop,
    sections,
    orphans: orphanTexts(source, states),
    message: topMessage,
  };
}

/** Where the language stands (status, how much is translated) and what the person may do with it. */
function standing(
  view: TranslationView,
  summary: { completeness: number; outdatedSections: number } | undefined,
  principal: AdminPrincipal,
  lang: string,
  sourceLang: string,
  t: T,
  num: Intl.NumberFormat,
) {
  const exists = view.status !== 'missing';
  return {
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
  };
}

/** The text in each section's fields: what the person typed when it was not saved, else the saved text. */
function fieldTexts(source: TranslationView, own: Map<string, Section>, states: Map<string, SectionState>) {
  return new Map(
    source.sections.map((src) => {
      const mine = states.get(src.id);
      const tr = own.get(src.id);
      return [src.id, { title: mine?.title ?? tr?.title ?? '', body: mine?.body ?? tr?.body ?? '' }];
    }),
  );
}

/**
 * Characters the PDF cannot show in the booklet's title and details, at the top; those of a
 * section are among its content warnings.
 */
function missingAtTop(deps: EditorDeps, view: TranslationView, slug: string, lang: string, t: T) {
  const missingTop: { codePoint: string; char: string; count: number; whereText: string }[] = [];
  if (view.status !== 'missing') {
    for (const m of missingCharacters(deps.render.layout(deps.booklets.readLatest(slug, lang)))) {
      const elsewhere = m.where.filter((w) => w === 'title' || w === 'labels').map((w) => t(`admin.edit.where.${w}`));
      if (elsewhere.length > 0) missingTop.push({ codePoint: m.codePoint, char: m.char, count: m.count, whereText: elsewhere.join(', ') });
    }
  }
  return missingTop;
}

/** One source section beside its translation, with the fields' text, its state and what the page says there. */
function sectionModel(c: PageContext, src: Section, tr: Section | undefined, text: { title: string; body: string }, index: number) {
  const state = c.isSource ? 'ok' : !tr ? 'untranslated' : tr.outdated ? 'outdated' : 'ok';
  const mine = c.states.get(src.id);
  const { title, body } = text;
  const here = c.focus.at === src.id;
  return {
    id: src.id,
    number: c.num.format(index + 1),
    isSource: c.isSource,
    state,
    diff: state === 'outdated' ? sourceDiff(c.deps, src, tr) : null,
    heading: tr?.title ?? src.title,
    headingLang: tr ? c.lang : c.sourceLang,
    headingDir: tr ? c.dir : c.sourceDir,
    sourceHeading: !c.isSource && tr && tr.title !== src.title ? src.title : undefined,
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
    saved: mine?.saved === true && !(here && c.focus.message),
    message: here ? c.focus.message : undefined,
    links: here ? (c.focus.links ?? []).filter((id) => id !== src.id).map((id) => ({ id, title: c.titles.get(id) ?? id })) : [],
    checks: (c.checks.get(src.id) ?? []).map((w) => w.message),
  };
}

/** An outdated section's word diff of the source, from the revision its translation was made from to now. */
function sourceDiff(deps: EditorDeps, src: Section, tr: Section | undefined): { title: DiffPart[] | null; body: DiffPart[] } | null {
  if (!tr?.sourceRevision) return null;
  const before = deps.admin.revision(tr.sourceRevision);
  return before ? { title: diffOrNull(before.title, src.title), body: wordDiff(before.body, src.body) } : null;
}

/** Text sent for sections this booklet does not have (any more): shown, never dropped. */
function orphanTexts(source: TranslationView, states: Map<string, SectionState>) {
  const known = new Set(source.sections.map((s) => s.id));
  return [...states]
    .filter(([id, st]) => !known.has(id) && (st.title !== '' || st.body !== ''))
    .map(([id, st]) => ({ id, title: st.title, body: st.body }));
}

/** Answers with the edit page of a booklet language, in the interface language `ui`. */
export function sendEditPage(
  deps: EditorDeps,
  ui: string,
  res: Response,
  slug: string,
  bookletLang: string,
  status: number,
  extra: { states?: Map<string, SectionState>; focus?: EditFocus; message?: EditMessage } = {},
): void {
  const session = sessionOf(res);
  const t = deps.admin.views.t(ui) as T;
  const model = editPageModel(deps, session.principal, slug, bookletLang, { ...extra, t, ui });
  res
    .status(status)
    .type('html')
    .send(
      deps.admin.views.render(
        'edit',
        {
          lang: ui,
          title: `${String(model.bookletTitle)} — ${deps.translator.languages.get(bookletLang).nativeName}`,
          principal: session.principal,
          csrf: session.csrfToken,
        },
        model,
      ),
    );
}
