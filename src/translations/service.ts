import { AuditLog } from '../audit/log';
import type { Principal } from '../auth/keys';
import { BookletRepository, SectionRevisionRow } from '../booklets/repository';
import { BodySyntaxError, parseBody } from '../content/markdown';
import { AppError, badRequest, conflict, notFound, ProblemField, unprocessable } from '../errors';
import type { Languages } from '../i18n/languages';
import { checkIfMatch, ifMatchIncludes, languageEtag, publishedEtag } from './etag';
import type { WebhookService } from '../webhooks/service';

/** Who makes a change: only the name is recorded (revisions, audit); keys and /admin users alike. */
export type Actor = Pick<Extract<Principal, { kind: 'key' }>, 'name'>;

export interface SectionView {
  id: string;
  title: string;
  body: string;
  outdated: boolean;
  sourceRevision: number | null;
  revision: number;
}

export interface TranslationView {
  lang: string;
  status: 'draft' | 'in-review' | 'published' | 'missing';
  revision: number;
  etag: string;
  published: boolean;
  sections: SectionView[];
}

export interface NewBooklet {
  slug: string;
  sourceLanguage: string;
  title: string;
  subject: string;
  author: string;
  edition: string;
  sections: { id: string; title: string; body: string }[];
}

/** One section as sent from the edit page: its text and the revision it was loaded from (0: none). */
export interface SectionEdit {
  sectionId: string;
  base: number;
  title: string;
  body: string;
  minor?: boolean;
  /** Saved even when unchanged (the section whose Save button was pressed). */
  confirm?: boolean;
}

/** What became of one section of a page-wide save ("saved": its text as sent is the saved one). */
export type SectionOutcome =
  | { sectionId: string; kind: 'saved'; revision: number }
  | { sectionId: string; kind: 'unchanged' }
  | { sectionId: string; kind: 'invalid'; fields: ProblemField[] }
  | {
      sectionId: string;
      kind: 'conflict';
      /** The section as saved now (null: it has no text). */
      current: { title: string; body: string; revision: number } | null;
      /** The form's revision is not one of this section's: it cannot tell what the person started from. */
      unverified?: boolean;
    };

export interface LanguageSummary {
  lang: string;
  status: TranslationView['status'];
  completeness: number;
  outdatedSections: number;
  publishedAt: string | null;
}

const MAX_TITLE = 300;
const MAX_BODY = 100_000;

/**
 * The translation workflow: every edit is a new revision, every write checks If-Match against the
 * language's revision and runs in one transaction with its audit record. States per language:
 * draft -> in-review -> published; readers only ever see the latest publication.
 */
export class TranslationService {
  constructor(
    private readonly repo: BookletRepository,
    private readonly languages: Languages,
    private readonly audit: AuditLog,
    private readonly webhooks?: WebhookService,
  ) {}

  private booklet(slug: string) {
    const b = this.repo.findBooklet(slug);
    if (!b) throw notFound(`There is no booklet "${slug}".`);
    return b;
  }

  private language(lang: string): void {
    if (!this.languages.find(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  }

  /** The booklet a request about (slug, lang) concerns; 404 for an unknown language or booklet. */
  locate(slug: string, lang: string) {
    this.language(lang);
    return this.booklet(slug);
  }

  /** The latest (draft) text of a language with outdated flags, or the published text. */
  view(slug: string, lang: string, version: 'draft' | 'published'): TranslationView {
    this.language(lang);
    const b = this.booklet(slug);
    const row = this.repo.language(b.id, lang);
    const revision = row?.revision ?? 0;
    let rows: SectionRevisionRow[];
    let etag = languageEtag(slug, lang, revision);
    if (version === 'published') {
      const publication = row?.visible ? this.repo.latestPublication(b.id, lang) : undefined;
      if (!publication) throw notFound(`The booklet "${slug}" has no published ${this.languages.find(lang)?.englishName ?? lang} text.`);
      rows = this.repo.publicationSections(publication.id);
      etag = publishedEtag(slug, lang, publication.id);
    } else {
      rows = this.repo.latestRevisions(b.id, lang);
    }
    const source = new Map(this.repo.latestRevisions(b.id, b.sourceLang).map((r) => [r.sectionId, r]));
    return {
      lang,
      status: row?.state ?? 'missing',
      revision,
      etag,
      published: row?.visible === 1,
      sections: rows.map((r) => ({
        id: r.key,
        title: r.title,
        body: r.body,
        outdated: lang !== b.sourceLang && this.outdated(r, source.get(r.sectionId), b.sourceLang),
        sourceRevision: r.sourceRevisionId,
        revision: r.revisionId,
      })),
    };
  }

  /** Status, completeness and outdated counts of every language of a booklet. */
  summary(slug: string): LanguageSummary[] {
    const b = this.booklet(slug);
    const source = this.repo.latestRevisions(b.id, b.sourceLang);
    const bySection = new Map(source.map((r) => [r.sectionId, r]));
    return this.repo.languages(b.id).map((l) => {
      const rows = this.repo.latestRevisions(b.id, l.lang);
      const outdated = l.lang === b.sourceLang ? 0 : rows.filter((r) => this.outdated(r, bySection.get(r.sectionId), b.sourceLang)).length;
      const publication = this.repo.latestPublication(b.id, l.lang);
      return {
        lang: l.lang,
        status: l.state,
        completeness: source.length === 0 ? 1 : Math.round(((rows.length - outdated) / source.length) * 1000) / 1000,
        outdatedSections: outdated,
        publishedAt: (this.repo.language(b.id, l.lang)?.visible ?? 0) === 1 ? (publication?.createdAt ?? null) : null,
      };
    });
  }

  /** Creates a booklet with its source sections, published as draft (not visible to readers). */
  createBooklet(input: NewBooklet, actor: Actor): TranslationView {
    if (!this.languages.isActive(input.sourceLanguage)) {
      const codes = this.languages.codes().join(', ');
      throw unprocessable(`sourceLanguage: must be a language of the service: one of ${codes}`, [
        { field: 'sourceLanguage', message: `must be one of: ${codes}` },
      ]);
    }
    const ids = new Set<string>();
    input.sections.forEach((section, i) => {
      if (ids.has(section.id))
        throw unprocessable(`sections[${i}].id "${section.id}" is used twice`, [{ field: `sections.${i}.id`, message: 'must be unique' }]);
      ids.add(section.id);
      try {
        validateSection(section);
      } catch (e) {
        if (e instanceof AppError)
          throw unprocessable(
            `sections[${i}]: ${e.message}`,
            e.fields.map((f) => ({ field: `sections.${i}.${f.field}`, message: f.message })),
          );
        throw e;
      }
    });
    return this.repo.transaction(() => {
      if (this.repo.findBooklet(input.slug)) throw conflict(`A booklet "${input.slug}" already exists.`);
      const b = this.repo.createBooklet(input.slug, input.sourceLanguage);
      const placed = this.repo.placeSections(
        b.id,
        input.sections.map((s) => s.id),
      );
      for (const section of input.sections) {
        this.repo.addSectionRevision({
          sectionId: placed.get(section.id) as number,
          lang: input.sourceLanguage,
          title: section.title,
          body: section.body,
          sourceRevisionId: null,
          minor: false,
          createdBy: actor.name,
        });
      }
      this.repo.addMeta({
        bookletId: b.id,
        lang: input.sourceLanguage,
        title: input.title,
        subject: input.subject,
        author: input.author,
        edition: input.edition,
        translator: null,
        sample: false,
        createdBy: actor.name,
      });
      this.repo.setLanguageState(b.id, input.sourceLanguage, 'draft');
      this.audit.record({ actor: actor.name, action: 'create-booklet', target: input.slug, after: 1 });
      return this.view(input.slug, input.sourceLanguage, 'draft');
    });
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
    restored?: { revisionId: number; sourceRevisionId: number | null },
  ): TranslationView {
    this.language(lang);
    const b = this.booklet(slug);
    validateSection(input);
    if (minor && lang !== b.sourceLang)
      throw badRequest('minor=true applies to source-language edits only', [
        { field: 'minor', message: 'only for the source language', code: 'minorSourceOnly' },
      ]);
    return this.repo.transaction(() => {
      const row = this.repo.language(b.id, lang);
      checkIfMatch(ifMatch, languageEtag(slug, lang, row?.revision ?? 0), row !== undefined);
      const section = this.repo.sections(b.id).find((s) => s.key === sectionId);
      if (!section) throw notFound(`The booklet "${slug}" has no section "${sectionId}".`);
      const latest = this.repo.latestRevisions(b.id, lang).find((r) => r.sectionId === section.id);
      this.writeSection(b, slug, lang, section, latest, input, actor, minor, restored);
      return this.view(slug, lang, 'draft');
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
  saveSections(slug: string, lang: string, edits: SectionEdit[], actor: Actor): { outcomes: SectionOutcome[]; view: TranslationView } {
    this.language(lang);
    const b = this.booklet(slug);
    const checked = edits.map((edit) => {
      const fields: ProblemField[] = [];
      if (edit.minor && lang !== b.sourceLang)
        fields.push({ field: 'minor', message: 'only for the source language', code: 'minorSourceOnly' });
      try {
        validateSection(edit);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        fields.push(...e.fields);
      }
      return { edit, fields };
    });
    return this.repo.transaction(() => {
      const sections = new Map(this.repo.sections(b.id).map((s) => [s.key, s]));
      const latestBySection = new Map(this.repo.latestRevisions(b.id, lang).map((r) => [r.sectionId, r]));
      const outcomes = checked.map(({ edit, fields }): SectionOutcome => {
        const section = sections.get(edit.sectionId);
        if (!section)
          return {
            sectionId: edit.sectionId,
            kind: 'invalid',
            fields: [{ field: 'section', message: 'is not a section of this booklet', code: 'unknownSection' }],
          };
        const latest = latestBySection.get(section.id);
        const current = latest ? { title: latest.title, body: latest.body, revision: latest.revisionId } : null;
        const same = (t: { title: string; body: string } | null | undefined): boolean =>
          t ? t.title === edit.title && t.body === edit.body : edit.title === '' && edit.body.trim() === '';
        const base = edit.base === 0 ? null : this.repo.revisionById(edit.base);
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
        const written = this.writeSection(b, slug, lang, section, latest, edit, actor, edit.minor === true, undefined, true);
        return written === undefined
          ? { sectionId: edit.sectionId, kind: 'unchanged' }
          : { sectionId: edit.sectionId, kind: 'saved', revision: written };
      });
      return { outcomes, view: this.view(slug, lang, 'draft') };
    });
  }

  /**
   * Writes one section's new revision (when its text or its source changed), then the language's
   * state and the audit record; inside the caller's transaction. Returns the new revision's id, or
   * undefined when nothing needed writing.
   */
  private writeSection(
    b: { id: number; sourceLang: string },
    slug: string,
    lang: string,
    section: { id: number; key: string },
    latest: SectionRevisionRow | undefined,
    input: { title: string; body: string },
    actor: Actor,
    minor: boolean,
    restored?: { revisionId: number; sourceRevisionId: number | null },
    /** Leave the language's state, revision and audit log alone when there is nothing to write (the editor). */
    onlyIfChanged = false,
  ): number | undefined {
    // A restored text follows the source it was translated from, not today's: it stays outdated
    // when the source has changed since.
    const sourceRevision =
      lang === b.sourceLang
        ? null
        : restored
          ? restored.sourceRevisionId
          : (this.repo.latestRevisions(b.id, b.sourceLang).find((r) => r.sectionId === section.id)?.revisionId ?? null);
    const before = this.repo.language(b.id, lang)?.revision ?? 0;
    let written: number | undefined;
    if (!latest || latest.title !== input.title || latest.body !== input.body || latest.sourceRevisionId !== sourceRevision) {
      written = this.repo.addSectionRevision({
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
    if (!this.repo.latestMeta(b.id, lang)) this.copyMeta(b.id, b.sourceLang, lang, actor.name);
    this.repo.setLanguageState(b.id, lang, 'draft');
    const after = this.repo.language(b.id, lang)?.revision ?? 0;
    const action = restored ? 'restore-section' : minor ? 'edit-section-minor' : 'edit-section';
    this.audit.record({
      actor: actor.name,
      action,
      target: `${slug}/${lang}/${section.key}`,
      before,
      after,
      ...(restored ? { detail: `revision ${restored.revisionId}` } : {}),
    });
    return written;
  }

  /** draft -> in-review, in-review|draft -> published, published -> withdrawn (draft). */
  transition(
    slug: string,
    lang: string,
    action: 'review' | 'publish' | 'unpublish',
    ifMatch: string | undefined,
    actor: Actor,
  ): TranslationView {
    this.language(lang);
    const b = this.booklet(slug);
    const result = this.repo.transaction(() => {
      const row = this.repo.language(b.id, lang);
      if (!row) throw notFound(`The booklet "${slug}" has no ${this.languages.find(lang)?.englishName ?? lang} text yet.`);
      // Asking again for what is already so — a retried request, a second click — changes nothing,
      // also when the ETag it sends is the one from before the first request took effect.
      const already =
        (action === 'review' && row.state === 'in-review') ||
        (action === 'publish' && row.state === 'published' && row.visible === 1 && this.publishedAsIs(b.id, lang));
      const current = languageEtag(slug, lang, row.revision);
      if (already && ifMatch !== undefined && ifMatch.trim() !== '' && !ifMatchIncludes(ifMatch, current))
        return this.view(slug, lang, 'draft');
      checkIfMatch(ifMatch, current, true);
      if (already && action === 'review') return this.view(slug, lang, 'draft');
      if (action === 'review') {
        this.repo.setLanguageState(b.id, lang, 'in-review');
      } else if (action === 'publish') {
        // Publishing text that is published as it is makes no new publication, so readers keep the
        // same edition and cached documents; partners are told again and the request is audited.
        if (!already) {
          const revisions = this.repo.latestRevisions(b.id, lang);
          const meta = this.repo.latestMeta(b.id, lang) ?? { id: this.copyMeta(b.id, b.sourceLang, lang, actor.name) };
          this.repo.publish(b.id, lang, meta.id, new Map(revisions.map((r) => [r.sectionId, r.revisionId])), actor.name);
          this.repo.setLanguageState(b.id, lang, 'published');
          this.repo.setVisible(b.id, lang, true);
        }
        this.webhooks?.enqueue('translation.published', {
          booklet: slug,
          lang,
          revision: this.repo.language(b.id, lang)?.revision ?? 0,
          links: {
            html: `/booklets/${slug}/${lang}`,
            pdf: `/booklets/${slug}/${lang}.pdf`,
            api: `/api/v1/booklets/${slug}/translations/${lang}`,
          },
        });
      } else {
        if (row.visible !== 1) throw unprocessable(`The ${lang} text of "${slug}" is not published.`);
        this.repo.setVisible(b.id, lang, false);
        this.repo.setLanguageState(b.id, lang, 'draft');
      }
      const after = this.repo.language(b.id, lang)?.revision ?? 0;
      this.audit.record({ actor: actor.name, action, target: `${slug}/${lang}`, before: row.revision, after });
      return this.view(slug, lang, 'draft');
    });
    // Delivered after the commit, in the background: publishing never waits for partners.
    if (action === 'publish') this.webhooks?.kick();
    return result;
  }

  /** Whether the latest publication of a language shows exactly its latest text and metadata. */
  private publishedAsIs(bookletId: number, lang: string): boolean {
    const publication = this.repo.latestPublication(bookletId, lang);
    const meta = this.repo.latestMeta(bookletId, lang);
    if (!publication || !meta || publication.metaRevisionId !== meta.id) return false;
    const published = this.repo
      .publicationSections(publication.id)
      .map((r) => `${r.sectionId}:${r.revisionId}`)
      .sort();
    const latest = this.repo
      .latestRevisions(bookletId, lang)
      .map((r) => `${r.sectionId}:${r.revisionId}`)
      .sort();
    return published.length === latest.length && published.every((x, i) => x === latest[i]);
  }

  /** Every revision of a language's sections, newest first. */
  history(slug: string, lang: string, limit = 200) {
    this.language(lang);
    const b = this.booklet(slug);
    return this.repo.history(b.id, lang, Math.min(Math.max(limit, 1), 1000)).map((h) => ({ ...h, minor: h.minor === 1 }));
  }

  /** Makes an old revision the latest again, as a new revision (nothing is deleted). */
  restore(slug: string, lang: string, revisionId: number, ifMatch: string | undefined, actor: Actor): TranslationView {
    const b = this.booklet(slug);
    const old = this.repo.revisionById(revisionId);
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

  private outdated(r: SectionRevisionRow, source: SectionRevisionRow | undefined, sourceLang: string): boolean {
    if (!source) return false;
    return this.repo.sourceChangedBetween(source.sectionId, sourceLang, r.sourceRevisionId ?? 0, source.revisionId);
  }

  /** A new language starts with the source's title and metadata until translated. */
  private copyMeta(bookletId: number, sourceLang: string, lang: string, by: string): number {
    const m = this.repo.latestMeta(bookletId, sourceLang);
    if (!m) throw notFound('The booklet has no source metadata.');
    return this.repo.addMeta({
      bookletId,
      lang,
      title: m.title,
      subject: m.subject,
      author: m.author,
      edition: m.edition,
      translator: null,
      sample: m.sample === 1,
      createdBy: by,
    });
  }
}

/**
 * Control characters (other than tab and line breaks), U+FFFE/U+FFFF and unpaired surrogates: no
 * reader sees them, XML 1.0 (XLIFF) cannot carry them, and they would block a language's export.
 * Returns the first one as "U+XXXX", or undefined.
 */
export function unshowableCharacter(text: string): string | undefined {
  const m =
    // eslint-disable-next-line no-control-regex -- control characters are what this finds
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(
      text,
    );
  return m ? `U+${(m[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** Title and body rules, with 422 naming the field and the line. */
export function validateSection(input: { title: string; body: string }): void {
  const fields: ProblemField[] = [];
  if (input.title.trim() === '') fields.push({ field: 'title', message: 'must not be empty', code: 'empty' });
  if (input.title.length > MAX_TITLE)
    fields.push({
      field: 'title',
      message: `must be at most ${MAX_TITLE} characters`,
      code: 'tooLong',
      params: { max: MAX_TITLE, length: input.title.length },
    });
  if (/[\r\n]/.test(input.title)) fields.push({ field: 'title', message: 'must be one line', code: 'oneLine' });
  if (input.body.trim() === '') fields.push({ field: 'body', message: 'must not be empty', code: 'empty' });
  if (input.body.length > MAX_BODY)
    fields.push({
      field: 'body',
      message: `must be at most ${MAX_BODY} characters`,
      code: 'tooLong',
      params: { max: MAX_BODY, length: input.body.length },
    });
  for (const field of ['title', 'body'] as const) {
    const bad = unshowableCharacter(input[field]);
    if (bad)
      fields.push({
        field,
        message: `contains ${bad}, a character that cannot be shown, printed or exported to XLIFF: remove it`,
        code: 'unshowable',
        params: { char: bad },
      });
  }
  if (fields.length === 0) {
    try {
      parseBody(input.body);
    } catch (e) {
      if (!(e instanceof BodySyntaxError)) throw e;
      for (const p of e.problems)
        fields.push({ field: 'body', message: `line ${p.line}: ${p.message}`, code: p.code, params: { line: p.line, ...p.params } });
    }
  }
  if (fields.length > 0) throw unprocessable(fields.map((f) => `${f.field} ${f.message}`).join('; '), fields);
}
