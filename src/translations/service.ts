import type { AuditLog } from '../audit/log';
import type { BookletRepository } from '../booklets/repository';
import { unprocessable } from '../errors';
import type { Languages } from '../i18n/languages';
import type { WebhookService } from '../webhooks/service';
import { bookletOf, requireLanguage, TranslationDeps } from './context';
import { createBooklet } from './new-booklet';
import { summarize, viewTranslation } from './reading';
import { editSection, saveSections } from './section-writes';
import type { Actor, LanguageSummary, NewBooklet, Restored, SectionEdit, SectionOutcome, TranslationView } from './types';
import { transition, TransitionAction } from './workflow';

export type { Actor, LanguageSummary, NewBooklet, SectionEdit, SectionOutcome, SectionView, TranslationView } from './types';

/**
 * The translation workflow: every edit is a new revision, every write checks If-Match against the
 * language's revision and runs in one transaction with its audit record. States per language:
 * draft -> in-review -> published; readers only ever see the latest publication.
 *
 * The one entry point other code uses; the work is done by the files beside it: reading
 * (`reading.ts`), section edits (`section-writes.ts`, with the rules of `section-rules.ts`),
 * review and publication (`workflow.ts`) and new booklets (`new-booklet.ts`).
 */
export class TranslationService {
  private readonly deps: TranslationDeps;

  constructor(repo: BookletRepository, languages: Languages, audit: AuditLog, webhooks?: WebhookService) {
    this.deps = { repo, languages, audit, webhooks };
  }

  /** The booklet a request about (slug, lang) concerns; 404 for an unknown language or booklet. */
  locate(slug: string, lang: string) {
    requireLanguage(this.deps, lang);
    return bookletOf(this.deps, slug);
  }

  /** The latest (draft) text of a language with outdated flags, or the published text. */
  view(slug: string, lang: string, version: 'draft' | 'published'): TranslationView {
    return viewTranslation(this.deps, slug, lang, version);
  }

  /** Status, completeness and outdated counts of every language of a booklet. */
  summary(slug: string): LanguageSummary[] {
    return summarize(this.deps, slug);
  }

  /** Creates a booklet with its source sections, published as draft (not visible to readers). */
  createBooklet(input: NewBooklet, actor: Actor): TranslationView {
    return createBooklet(this.deps, input, actor);
  }

  /** Writes a new revision of one section. `minor` (source only): a fix that does not outdate translations. */
  editSection(
    slug: string,
    lang: string,
    sectionId: string,
    input: { title: string; body: string },
    ifMatch: string | undefined,
    actor: Actor,
    minor = false,
    restored?: Restored,
  ): TranslationView {
    return editSection(this.deps, slug, lang, sectionId, input, ifMatch, actor, minor, restored);
  }

  /** Saves the sections a person changed on the edit page, each against the revision it was loaded from (see `saveSections`). */
  saveSections(slug: string, lang: string, edits: SectionEdit[], actor: Actor): { outcomes: SectionOutcome[]; view: TranslationView } {
    return saveSections(this.deps, slug, lang, edits, actor);
  }

  /** draft -> in-review, in-review|draft -> published, published -> withdrawn (draft). */
  transition(slug: string, lang: string, action: TransitionAction, ifMatch: string | undefined, actor: Actor): TranslationView {
    return transition(this.deps, slug, lang, action, ifMatch, actor);
  }

  /** Every revision of a language's sections, newest first. */
  history(slug: string, lang: string, limit = 200) {
    requireLanguage(this.deps, lang);
    const b = bookletOf(this.deps, slug);
    return this.deps.repo.history(b.id, lang, Math.min(Math.max(limit, 1), 1000)).map((h) => ({ ...h, minor: h.minor === 1 }));
  }

  /** Makes an old revision the latest again, as a new revision (nothing is deleted). */
  restore(slug: string, lang: string, revisionId: number, ifMatch: string | undefined, actor: Actor): TranslationView {
    const b = bookletOf(this.deps, slug);
    const old = this.deps.repo.revisionById(revisionId);
    if (!old || old.bookletId !== b.id || old.lang !== lang) {
      throw unprocessable(`Revision ${revisionId} is not a revision of the ${lang} text of "${slug}".`, [
        { field: 'revision', message: 'unknown revision' },
      ]);
    }
    return this.editSection(slug, lang, old.key, { title: old.title, body: old.body }, ifMatch, actor, false, {
      revisionId,
      sourceRevisionId: old.sourceRevisionId,
    });
  }
}
