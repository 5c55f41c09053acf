import type { Statement } from 'better-sqlite3';
import { DB, otherCommits } from '../storage/db';
import type { Language, LanguageSource } from '../i18n/languages';

interface LanguageRow {
  code: string;
  native_name: string;
  english_name: string;
  dir: 'ltr' | 'rtl';
  script: string;
  fallback: string | null;
  aliases: string;
  numbering: string | null;
  calendar: string | null;
  position: number;
  retired_at: string | null;
}

/** Where a language is used: what keeps it from being deleted (it can still be retired). */
export interface LanguageUses {
  revisions: number;
  booklets: number;
  sourceOf: string[];
  fallbackOf: string[];
}

/** The `languages` table, its statements prepared once. Callers get `Language` values. */
export class LanguageStore implements LanguageSource {
  private readonly s: ReturnType<typeof prepareStatements>;
  private writes = 0;

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s = prepareStatements(db);
    this.otherCommits = otherCommits(db);
  }

  private readonly otherCommits: () => number;

  /** Changes whenever the table may have changed: a write here, or any other connection's commit. */
  version(): number {
    return this.otherCommits() * 1_000_000 + this.writes;
  }

  load(): Language[] {
    return (this.s.all.all() as LanguageRow[]).map((r) => ({
      code: r.code,
      nativeName: r.native_name,
      englishName: r.english_name,
      dir: r.dir,
      script: r.script,
      fallback: r.fallback,
      aliases: JSON.parse(r.aliases) as string[],
      numbering: r.numbering,
      calendar: r.calendar,
      retired: r.retired_at !== null,
    }));
  }

  private values(l: Omit<Language, 'retired'>) {
    return {
      code: l.code,
      nativeName: l.nativeName,
      englishName: l.englishName,
      dir: l.dir,
      script: l.script,
      fallback: l.fallback,
      aliases: JSON.stringify(l.aliases),
      numbering: l.numbering,
      calendar: l.calendar,
      at: this.now().toISOString(),
    };
  }

  insert(l: Omit<Language, 'retired'>): void {
    this.s.insert.run(this.values(l));
    this.writes++;
  }

  update(l: Omit<Language, 'retired'>): void {
    this.s.update.run(this.values(l));
    this.writes++;
  }

  setRetired(code: string, retired: boolean): void {
    (retired ? this.s.retire : this.s.restore).run({ code, at: this.now().toISOString() });
    this.writes++;
  }

  remove(code: string): void {
    this.s.remove.run(code);
    this.writes++;
  }

  uses(code: string): LanguageUses {
    return {
      revisions: (this.s.revisions.get({ code }) as { n: number }).n,
      booklets: (this.s.booklets.get(code) as { n: number }).n,
      sourceOf: this.s.sourceOf.pluck().all(code) as string[],
      fallbackOf: this.s.fallbackOf.pluck().all(code) as string[],
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

/** Every statement of the store, prepared once per connection. */
function prepareStatements(db: DB) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    all: p('SELECT * FROM languages ORDER BY position, code'),
    insert:
      p(`INSERT INTO languages (code, native_name, english_name, dir, script, fallback, aliases, numbering, calendar, position, created_at, updated_at)
      VALUES (@code, @nativeName, @englishName, @dir, @script, @fallback, @aliases, @numbering, @calendar,
        (SELECT COALESCE(MAX(position), 0) + 1 FROM languages), @at, @at)`),
    update: p(`UPDATE languages SET native_name = @nativeName, english_name = @englishName, dir = @dir, script = @script,
      fallback = @fallback, aliases = @aliases, numbering = @numbering, calendar = @calendar, updated_at = @at WHERE code = @code`),
    retire: p('UPDATE languages SET retired_at = @at, updated_at = @at WHERE code = @code'),
    restore: p('UPDATE languages SET retired_at = NULL, updated_at = @at WHERE code = @code'),
    remove: p('DELETE FROM languages WHERE code = ?'),
    revisions:
      p(`SELECT (SELECT COUNT(*) FROM section_revisions WHERE lang = @code) + (SELECT COUNT(*) FROM meta_revisions WHERE lang = @code)
      + (SELECT COUNT(*) FROM interface_string_revisions WHERE lang = @code) AS n`),
    booklets: p('SELECT COUNT(*) AS n FROM booklet_languages WHERE lang = ?'),
    sourceOf: p('SELECT slug FROM booklets WHERE source_lang = ? ORDER BY slug'),
    fallbackOf: p('SELECT code FROM languages WHERE fallback = ? ORDER BY code'),
  };
}

/** A check of language codes against the table, prepared once (for stores that only need that). */
export function knownLanguage(db: DB): (code: string) => boolean {
  const exists = db.prepare('SELECT 1 FROM languages WHERE code = ?').pluck();
  return (code) => exists.get(code) !== undefined;
}
