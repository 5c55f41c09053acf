import type { BookletService } from '../booklets/service';
import type { AppError } from '../errors';
import { getLanguage } from '../i18n/languages';
import { missingCharacters } from '../rendering/coverage';
import type { RenderService } from '../rendering/service';
import type { TranslationService, TranslationView } from '../translations/service';
import { can } from './access';
import { wordDiff } from './diff';
import type { AdminServices } from './index';
import type { AdminPrincipal } from './sessions';

export interface EditorDeps {
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  admin: AdminServices;
}

/** What the person typed, shown again when it could not be saved. */
export interface KeptInput {
  sectionId: string;
  title: string;
  body: string;
  /** The section as saved meanwhile by someone else (stale form). */
  conflict?: boolean;
  /** The form did not say which version it was made from: the saved section is shown to compare. */
  unverified?: boolean;
  /** Why it was not saved (validation). */
  errors?: string[];
}

export interface EditMessage {
  kind: 'ok' | 'error';
  text: string;
  details?: string[];
}

/** The URL of a language's edit page. */
export const editUrl = (slug: string, lang: string): string => `/admin/booklets/${slug}/${lang}`;

/** Rows of a text field: its lines as wrapped at about 60 characters, plus room to grow, within bounds. */
const rows = (text: string): number =>
  Math.min(40, Math.max(6, text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0) + 2));

/** The booklet's title in its source language, with that language's lang and dir. */
export function bookletTitle(deps: Pick<EditorDeps, 'booklets'>, slug: string): { bookletTitle: string; bookletLang: string; bookletDir: string } {
  const sourceLang = deps.booklets.sourceOf(slug);
  return { bookletTitle: deps.booklets.readLatest(slug, sourceLang).meta.title, bookletLang: sourceLang, bookletDir: getLanguage(sourceLang).dir };
}

/**
 * The model of the side-by-side edit page: each source section next to its translation, outdated
 * sections with a word diff of the source since the translation was made, workflow actions the
 * person may take, and the characters the PDF cannot show.
 */
export function editPageModel(
  deps: EditorDeps,
  principal: AdminPrincipal,
  slug: string,
  lang: string,
  options: { kept?: KeptInput; message?: EditMessage; t: (key: string, o?: Record<string, unknown>) => string },
): Record<string, unknown> {
  const sourceLang = deps.booklets.sourceOf(slug);
  const isSource = lang === sourceLang;
  const view: TranslationView = deps.translations.view(slug, lang, 'draft');
  const source = isSource ? view : deps.translations.view(slug, sourceLang, 'draft');
  const own = new Map(view.sections.map((s) => [s.id, s]));
  const summary = deps.translations.summary(slug).find((l) => l.lang === lang);
  const language = getLanguage(lang);
  const sourceLanguage = getLanguage(sourceLang);
  const kept = options.kept;

  const sections = source.sections.map((src, index) => {
    const tr = own.get(src.id);
    const state = isSource ? 'ok' : !tr ? 'untranslated' : tr.outdated ? 'outdated' : 'ok';
    let diff: { title: ReturnType<typeof wordDiff> | null; body: ReturnType<typeof wordDiff> } | null = null;
    if (state === 'outdated' && tr?.sourceRevision) {
      const before = deps.admin.revision(tr.sourceRevision);
      if (before) diff = { title: before.title === src.title ? null : wordDiff(before.title, src.title), body: wordDiff(before.body, src.body) };
    }
    const mine = kept?.sectionId === src.id ? kept : undefined;
    const title = mine?.title ?? tr?.title ?? '';
    const body = mine?.body ?? tr?.body ?? '';
    return {
      id: src.id, number: index + 1, isSource, state, diff,
      sourceTitle: src.title, sourceBody: src.body,
      title, body, rows: rows(body),
      conflict: mine?.conflict || (mine?.unverified && tr)
        ? { title: tr?.title ?? '', body: tr?.body ?? '', unverified: mine.unverified === true }
        : undefined,
      errors: mine?.errors ?? [],
    };
  });

  let missing: { codePoint: string; char: string; count: number; whereText: string }[] = [];
  if (view.status !== 'missing') {
    const titles = new Map(source.sections.map((s, i) => [s.id, `${i + 1}. ${s.title}`]));
    missing = missingCharacters(deps.render.layout(deps.booklets.readLatest(slug, lang))).map((m) => ({
      codePoint: m.codePoint, char: m.char, count: m.count,
      whereText: m.where.map((w) => titles.get(w) ?? options.t(`admin.edit.where.${w === 'title' ? 'title' : 'labels'}`)).join(', '),
    }));
  }

  const exists = view.status !== 'missing';
  return {
    ...bookletTitle(deps, slug),
    slug, lang, langName: language.nativeName, langDir: language.dir,
    sourceLang, sourceName: sourceLanguage.nativeName, sourceDir: sourceLanguage.dir,
    base: editUrl(slug, lang),
    publicHref: `/booklets/${slug}/${lang}`,
    revision: view.etag,
    status: view.status,
    statusLabel: options.t(`admin.status.${view.status}`),
    published: view.published,
    exists,
    percent: Math.round((summary?.completeness ?? 0) * 100),
    outdated: summary?.outdatedSections ?? 0,
    canEdit: can.edit(principal, lang, sourceLang),
    actions: {
      review: exists && view.status === 'draft' && can.review(principal, lang),
      publish: exists && view.status !== 'published' && can.publish(principal),
      unpublish: view.published && can.publish(principal),
    },
    missing,
    sections,
    message: options.message,
  };
}

/** Field messages of a validation error, as "field: message". */
export function fieldMessages(e: AppError): string[] {
  return e.fields.length > 0 ? e.fields.map((f) => `${f.field}: ${f.message}`) : [e.message];
}
