import type { Statement } from 'better-sqlite3';
import { DB, otherCommits } from '../storage/db';

export type StringsState = 'draft' | 'in-review' | 'published';

/** The latest revision of one key in one language. */
export interface StringRevision {
  id: number;
  key: string;
  text: string;
  createdAt: string;
  createdBy: string;
}

/** The workflow row of a language's strings. */
export interface StringsLanguageRow {
  lang: string;
  state: StringsState;
  revision: number;
  publishedThrough: number | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

/** Writes made through any store on a connection (PRAGMA data_version only counts other connections'). */
const writesByDb = new WeakMap<DB, number>();

/** The interface-string tables (migration 9), statements prepared once. */
export class InterfaceStringStore {
  private readonly s: ReturnType<typeof prepare>;

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s = prepare(db);
    this.otherCommits = otherCommits(db);
  }

  private readonly otherCommits: () => number;

  /** Changes whenever the tables may have changed: a write on this connection, or another connection's commit. */
  version(): number {
    return this.otherCommits() * 1_000_000 + (writesByDb.get(this.db) ?? 0);
  }

  private wrote(): void {
    writesByDb.set(this.db, (writesByDb.get(this.db) ?? 0) + 1);
  }

  language(lang: string): StringsLanguageRow | undefined {
    return this.s.language.get(lang) as StringsLanguageRow | undefined;
  }

  languages(): StringsLanguageRow[] {
    return this.s.languages.all() as StringsLanguageRow[];
  }

  /** The latest revision of every key of a language that has one. */
  latest(lang: string): StringRevision[] {
    return this.s.latest.all({ lang, through: Number.MAX_SAFE_INTEGER }) as StringRevision[];
  }

  /** The latest revision of every key up to a revision id: what a publication holds. */
  latestThrough(lang: string, through: number): StringRevision[] {
    return this.s.latest.all({ lang, through }) as StringRevision[];
  }

  /** Every published string of every language, ordered (for the digest). */
  allPublished(): { lang: string; key: string; text: string }[] {
    return this.s.allPublished.all() as { lang: string; key: string; text: string }[];
  }

  /** The newest revision id of a language (0: none). */
  lastRevisionId(lang: string): number {
    return (this.s.lastId.pluck().get(lang) as number | null) ?? 0;
  }

  /** The text of a revision of one key of a language, or undefined when it is none of that key's. */
  revisionText(lang: string, key: string, id: number): string | undefined {
    return this.s.revisionText.pluck().get({ lang, key, id }) as string | undefined;
  }

  addRevision(lang: string, key: string, text: string, by: string): number {
    const id = Number(this.s.add.run({ lang, key, text, by, at: this.now().toISOString() }).lastInsertRowid);
    this.wrote();
    return id;
  }

  /** Sets the state (creating the row) and counts a write. */
  setState(lang: string, state: StringsState): void {
    this.s.setState.run({ lang, state, at: this.now().toISOString() });
    this.wrote();
  }

  /** Publishes everything up to `through`. */
  publish(lang: string, through: number, by: string): void {
    this.s.publish.run({ lang, through, by, at: this.now().toISOString() });
    this.wrote();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function prepare(db: DB) {
  const p = (sql: string): Statement => db.prepare(sql);
  const row = `lang, state, revision, published_through AS publishedThrough, published_at AS publishedAt, published_by AS publishedBy`;
  return {
    language: p(`SELECT ${row} FROM interface_string_languages WHERE lang = ?`),
    languages: p(`SELECT ${row} FROM interface_string_languages ORDER BY lang`),
    latest: p(`SELECT r.id, r.key, r.text, r.created_at AS createdAt, r.created_by AS createdBy
      FROM interface_string_revisions r
      JOIN (SELECT key, MAX(id) AS id FROM interface_string_revisions WHERE lang = @lang AND id <= @through GROUP BY key) m ON m.id = r.id
      ORDER BY r.key`),
    allPublished: p(`SELECT r.lang, r.key, r.text
      FROM (SELECT lang, key, MAX(id) AS id FROM interface_string_revisions x
            WHERE id <= (SELECT published_through FROM interface_string_languages l WHERE l.lang = x.lang)
            GROUP BY lang, key) m
      JOIN interface_string_revisions r ON r.id = m.id
      WHERE r.text <> ''
      ORDER BY r.lang, r.key`),
    revisionText: p('SELECT text FROM interface_string_revisions WHERE id = @id AND lang = @lang AND key = @key'),
    lastId: p('SELECT MAX(id) FROM interface_string_revisions WHERE lang = ?'),
    add: p(`INSERT INTO interface_string_revisions (lang, key, text, created_at, created_by) VALUES (@lang, @key, @text, @at, @by)`),
    setState: p(`INSERT INTO interface_string_languages (lang, state, revision, updated_at) VALUES (@lang, @state, 1, @at)
      ON CONFLICT (lang) DO UPDATE SET state = excluded.state, revision = revision + 1, updated_at = excluded.updated_at`),
    publish: p(`INSERT INTO interface_string_languages (lang, state, revision, published_through, published_at, published_by, updated_at)
      VALUES (@lang, 'published', 1, @through, @at, @by, @at)
      ON CONFLICT (lang) DO UPDATE SET state = 'published', revision = revision + 1, published_through = excluded.published_through,
        published_at = excluded.published_at, published_by = excluded.published_by, updated_at = excluded.updated_at`),
  };
}
