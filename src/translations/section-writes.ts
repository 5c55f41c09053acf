import type { SectionRevisionRow } from '../booklets/repository';
import { AppError, badRequest, notFound, ProblemField } from '../errors';
import { bookletOf, copyMeta, requireLanguage, TranslationDeps } from './context';
import { checkIfMatch, languageEtag } from './etag';
import { viewTranslation } from './reading';
import { validateSection } from './section-rules';
import type { Actor, Restored, SectionEdit, SectionOutcome, TranslationView } from './types';

/** Where one section's text goes: the booklet, the language and the section with its latest revision. */
interface SectionTarget {
  booklet: { id: number; sourceLang: string };
  slug: string;
  lang: string;
  section: { id: number; key: string };
  latest: SectionRevisionRow | undefined;
}

interface WriteOptions {
  actor: Actor;
  /** A fix of the source that does not outdate translations. */
  minor: boolean;
  restored?: Restored;
  /** Leave the language's state, revision and audit log alone when there is nothing to write (the editor). */
  onlyIfChanged?: boolean;
}

/** Writes a new revision of one section. `minor` (source only): a fix that does not outdate translations. */
export function editSection(
  deps: TranslationDeps,
  slug: string,
  lang: string,
  sectionId: string,
  input: { title: string; body: string },
  ifMatch: string | undefined,
  actor: Actor,
  minor = false,
  restored?: Restored,
): TranslationView {
  const { repo } = deps;
  requireLanguage(deps, lang);
  const b = bookletOf(deps, slug);
  validateSection(input);
  if (minor && lang !== b.sourceLang)
    throw badRequest('minor=true applies to source-language edits only', [
      { field: 'minor', message: 'only for the source language', code: 'minorSourceOnly' },
    ]);
  return repo.transaction(() => {
    const row = repo.language(b.id, lang);
    checkIfMatch(ifMatch, languageEtag(slug, lang, row?.revision ?? 0), row !== undefined);
    const section = repo.sections(b.id).find((s) => s.key === sectionId);
    if (!section) throw notFound(`The booklet "${slug}" has no section "${sectionId}".`);
    const latest = repo.latestRevisions(b.id, lang).find((r) => r.sectionId === section.id);
    writeSection(deps, { booklet: b, slug, lang, section, latest }, input, { actor, minor, restored });
    return viewTranslation(deps, slug, lang, 'draft');
  });
}

/**
 * Saves the sections a person changed on the edit page, each checked against the revision it was
 * loaded from (`base`, 0 for a section that had no text): a section is refused as a conflict only
 * when *that section* changed since, and only when the text differs from what is saved now. A
 * section whose text is what it was loaded with is left alone, unless it is `confirmed` (the
 * section whose Save button was pressed: saving it unchanged marks a translation up to date with
 * its source). Valid, unconflicted sections are saved together in one transaction; the others
 * are reported, never dropped.
 */
export function saveSections(
  deps: TranslationDeps,
  slug: string,
  lang: string,
  edits: SectionEdit[],
  actor: Actor,
): { outcomes: SectionOutcome[]; view: TranslationView } {
  const { repo } = deps;
  requireLanguage(deps, lang);
  const b = bookletOf(deps, slug);
  const checked = edits.map((edit) => ({ edit, fields: editProblems(edit, lang !== b.sourceLang) }));
  return repo.transaction(() => {
    const sections = new Map(repo.sections(b.id).map((s) => [s.key, s]));
    const latestBySection = new Map(repo.latestRevisions(b.id, lang).map((r) => [r.sectionId, r]));
    const outcomes = checked.map(({ edit, fields }): SectionOutcome => {
      const section = sections.get(edit.sectionId);
      if (!section)
        return {
          sectionId: edit.sectionId,
          kind: 'invalid',
          fields: [{ field: 'section', message: 'is not a section of this booklet', code: 'unknownSection' }],
        };
      const target = { booklet: b, slug, lang, section, latest: latestBySection.get(section.id) };
      return saveOne(deps, target, edit, fields, actor);
    });
    return { outcomes, view: viewTranslation(deps, slug, lang, 'draft') };
  });
}

/** What is wrong with one section of a page-wide save, without throwing. */
function editProblems(edit: SectionEdit, translation: boolean): ProblemField[] {
  const fields: ProblemField[] = [];
  if (edit.minor && translation) fields.push({ field: 'minor', message: 'only for the source language', code: 'minorSourceOnly' });
  try {
    validateSection(edit);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    fields.push(...e.fields);
  }
  return fields;
}

/** One section of a page-wide save, inside its transaction: compared with its base and what is saved now, then written. */
function saveOne(deps: TranslationDeps, target: SectionTarget, edit: SectionEdit, fields: ProblemField[], actor: Actor): SectionOutcome {
  const { booklet: b, lang, section, latest } = target;
  const current = latest ? { title: latest.title, body: latest.body, revision: latest.revisionId } : null;
  const same = (t: { title: string; body: string } | null | undefined): boolean =>
    t ? t.title === edit.title && t.body === edit.body : edit.title === '' && edit.body.trim() === '';
  const base = edit.base === 0 ? null : deps.repo.revisionById(edit.base);
  const baseKnown =
    edit.base === 0 ||
    (base !== undefined && base !== null && base.bookletId === b.id && base.lang === lang && base.sectionId === section.id);
  if (!baseKnown) return { sectionId: edit.sectionId, kind: 'conflict', current, unverified: true };
  if (same(base) && !edit.confirm) return { sectionId: edit.sectionId, kind: 'unchanged' };
  if ((current?.revision ?? 0) !== edit.base) {
    // Already saved as typed (a second click, a resent form): the text is saved, nothing to write.
    return current && same(current)
      ? { sectionId: edit.sectionId, kind: 'saved', revision: current.revision }
      : { sectionId: edit.sectionId, kind: 'conflict', current };
  }
  if (fields.length > 0) return { sectionId: edit.sectionId, kind: 'invalid', fields };
  const written = writeSection(deps, target, edit, { actor, minor: edit.minor === true, onlyIfChanged: true });
  return written === undefined
    ? { sectionId: edit.sectionId, kind: 'unchanged' }
    : { sectionId: edit.sectionId, kind: 'saved', revision: written };
}

/**
 * Writes one section's new revision (when its text or its source changed), then the language's
 * state and the audit record; inside the caller's transaction. Returns the new revision's id, or
 * undefined when nothing needed writing.
 */
function writeSection(
  deps: TranslationDeps,
  { booklet: b, slug, lang, section, latest }: SectionTarget,
  input: { title: string; body: string },
  { actor, minor, restored, onlyIfChanged = false }: WriteOptions,
): number | undefined {
  const { repo } = deps;
  // A restored text follows the source it was translated from, not today's: it stays outdated
  // when the source has changed since.
  const sourceRevision =
    lang === b.sourceLang
      ? null
      : restored
        ? restored.sourceRevisionId
        : (repo.latestRevisions(b.id, b.sourceLang).find((r) => r.sectionId === section.id)?.revisionId ?? null);
  const before = repo.language(b.id, lang)?.revision ?? 0;
  let written: number | undefined;
  if (!latest || latest.title !== input.title || latest.body !== input.body || latest.sourceRevisionId !== sourceRevision) {
    written = repo.addSectionRevision({
      sectionId: section.id,
      lang,
      title: input.title,
      body: input.body,
      sourceRevisionId: sourceRevision,
      minor,
      createdBy: actor.name,
    });
  } else if (onlyIfChanged) {
    return undefined;
  }
  if (!repo.latestMeta(b.id, lang)) copyMeta(deps, b.id, b.sourceLang, lang, actor.name);
  repo.setLanguageState(b.id, lang, 'draft');
  const after = repo.language(b.id, lang)?.revision ?? 0;
  const action = restored ? 'restore-section' : minor ? 'edit-section-minor' : 'edit-section';
  deps.audit.record({
    actor: actor.name,
    action,
    target: `${slug}/${lang}/${section.key}`,
    before,
    after,
    ...(restored ? { detail: `revision ${restored.revisionId}` } : {}),
  });
  return written;
}
