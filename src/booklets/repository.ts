import { DB, otherCommits } from '../storage/db';
import type {
  BookletRow,
  HistoryRow,
  LanguageRow,
  MetaRow,
  NewMeta,
  NewSectionRevision,
  PublicationRow,
  SectionRevisionRow,
  SectionRow,
} from './rows';
import { prepareStatements } from './statements';

export type {
  BookletRow,
  HistoryRow,
  LanguageRow,
  MetaRow,
  NewMeta,
  NewSectionRevision,
  PublicationRow,
  SectionRevisionRow,
  SectionRow,
} from './rows';

/**
 * All SQL of the content model, prepared once (the statements are in `statements.ts`). Column
 * names stay there: callers get camelCase rows (`rows.ts`). Rows in revision tables are only ever
 * inserted.
 */
export class BookletRepository {
  private readonly s: ReturnType<typeof prepareStatements>;
  /** Writes made through this connection; with SQLite's data_version it tells when data changed. */
  private writes = 0;

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s = prepareStatements(db);
    this.otherCommits = otherCommits(db);
  }

  private readonly otherCommits: () => number;

  /**
   * Runs fn in one SQLite transaction (all or nothing). It takes the write lock at the start
   * (BEGIN IMMEDIATE), so a transaction that reads, then writes, waits for another writer (the
   * busy timeout) instead of failing when it would have to upgrade its lock.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /**
   * Changes whenever the content may have changed: a write through this connection, or a commit by
   * any other connection (another process such as the import command), which SQLite reports in
   * data_version. Readers cache derived data under this stamp.
   *
   * data_version is asked at most every 25 ms (otherCommits): every download asks for the stamp,
   * and a commit by another process is seen a few milliseconds later; this connection's own writes
   * count at once.
   */
  changeStamp(): string {
    return `${this.otherCommits()}:${this.writes}`;
  }

  /** Codes of every language in the table (retired ones included: their files still import). */
  languageCodes(): string[] {
    return this.s.languageCodes.pluck().all() as string[];
  }

  countBooklets(): number {
    return (this.s.countBooklets.get() as { n: number }).n;
  }

  listBooklets(): BookletRow[] {
    return this.s.allBooklets.all() as BookletRow[];
  }

  findBooklet(slug: string): BookletRow | undefined {
    return this.s.bookletBySlug.get(slug) as BookletRow | undefined;
  }

  createBooklet(slug: string, sourceLang: string): BookletRow {
    this.writes++;
    const createdAt = this.stamp();
    const info = this.s.insertBooklet.run(slug, sourceLang, createdAt);
    return { id: Number(info.lastInsertRowid), slug, sourceLang, createdAt, position: null };
  }

  /** Sets the booklet's place in the catalog (null: after those with one). */
  setPosition(bookletId: number, position: number | null): void {
    this.writes++;
    this.s.setPosition.run(position, bookletId);
  }

  sections(bookletId: number): SectionRow[] {
    return this.s.sections.all(bookletId) as SectionRow[];
  }

  /** Makes `keys` the booklet's sections in this order; sections not listed are retired, not deleted. */
  placeSections(bookletId: number, keys: readonly string[]): Map<string, number> {
    this.writes++;
    const existing = this.s.allSections.all(bookletId) as { id: number; key: string }[];
    const byKey = new Map(existing.map((r) => [r.key, r.id]));
    const ids = new Map<string, number>();
    keys.forEach((key, index) => {
      let id = byKey.get(key);
      if (id === undefined) id = Number(this.s.insertSection.run(bookletId, key, index).lastInsertRowid);
      else this.s.placeSection.run(index, id);
      ids.set(key, id);
    });
    for (const row of existing) if (!ids.has(row.key)) this.s.retireSection.run(row.id);
    return ids;
  }

  latestRevisions(bookletId: number, lang: string): SectionRevisionRow[] {
    return this.s.latestRevisions.all(lang, bookletId) as SectionRevisionRow[];
  }

  addSectionRevision(r: NewSectionRevision): number {
    this.writes++;
    const info = this.s.insertRevision.run(
      r.sectionId,
      r.lang,
      r.title,
      r.body,
      r.sourceRevisionId,
      r.minor ? 1 : 0,
      this.stamp(),
      r.createdBy,
    );
    return Number(info.lastInsertRowid);
  }

  latestMeta(bookletId: number, lang: string): MetaRow | undefined {
    return this.s.latestMeta.get(bookletId, lang) as MetaRow | undefined;
  }

  metaById(id: number): MetaRow | undefined {
    return this.s.metaById.get(id) as MetaRow | undefined;
  }

  addMeta(m: NewMeta): number {
    this.writes++;
    const info = this.s.insertMeta.run(
      m.bookletId,
      m.lang,
      m.title,
      m.subject,
      m.author,
      m.edition,
      m.translator,
      m.sample ? 1 : 0,
      this.stamp(),
      m.createdBy,
    );
    return Number(info.lastInsertRowid);
  }

  languages(bookletId: number): LanguageRow[] {
    return this.s.languages.all(bookletId) as LanguageRow[];
  }

  /** Sets the workflow state of a language and counts a new revision of it. */
  setLanguageState(bookletId: number, lang: string, state: LanguageRow['state']): void {
    this.writes++;
    this.s.upsertLanguage.run(bookletId, lang, state);
  }

  /** Shows or withdraws a language's latest publication for readers. */
  setVisible(bookletId: number, lang: string, visible: boolean): void {
    this.writes++;
    this.s.setVisible.run(visible ? 1 : 0, bookletId, lang);
  }

  language(bookletId: number, lang: string): (LanguageRow & { visible: number }) | undefined {
    return this.s.language.get(bookletId, lang) as (LanguageRow & { visible: number }) | undefined;
  }

  latestPublication(bookletId: number, lang: string): PublicationRow | undefined {
    return this.s.latestPublication.get(bookletId, lang) as PublicationRow | undefined;
  }

  /** The latest publication of every language that is currently published. */
  publishedLanguages(bookletId: number): PublicationRow[] {
    return this.s.publishedLanguages.all(bookletId) as PublicationRow[];
  }

  /** Freezes the given section revisions as what readers of this language see. */
  publish(bookletId: number, lang: string, metaRevisionId: number, revisionIds: ReadonlyMap<number, number>, by: string): number {
    this.writes++;
    const id = Number(this.s.insertPublication.run(bookletId, lang, metaRevisionId, this.stamp(), by).lastInsertRowid);
    for (const [sectionId, revisionId] of revisionIds) this.s.insertPublicationSection.run(id, sectionId, revisionId);
    return id;
  }

  /** True when the source text of a section changed (not minor) after `fromId`, up to `toId`. */
  sourceChangedBetween(sectionId: number, sourceLang: string, fromId: number, toId: number): boolean {
    return this.s.sourceChanges.get(sectionId, sourceLang, fromId, toId) !== undefined;
  }

  /** Every revision of a language's sections, newest first (for history). */
  history(bookletId: number, lang: string, limit: number): HistoryRow[] {
    return this.s.history.all(bookletId, lang, limit) as HistoryRow[];
  }

  revisionById(id: number): (SectionRevisionRow & { bookletId: number }) | undefined {
    return this.s.revisionById.get(id) as (SectionRevisionRow & { bookletId: number }) | undefined;
  }

  publicationSections(publicationId: number): SectionRevisionRow[] {
    return this.s.publicationSections.all(publicationId) as SectionRevisionRow[];
  }
}
