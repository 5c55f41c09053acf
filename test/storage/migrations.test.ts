import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBooklets } from '../../src/booklets/importer';
import { composeServices } from '../../src/compose';
import { DB, integrityProblems, migrate, openDatabase } from '../../src/storage/db';
import { MIGRATIONS } from '../../src/storage/migrations';
import { LANGUAGE_CODES } from '../factories/languages';

/**
 * The sample booklets in the six languages every schema version knows (a database made before
 * languages were rows could hold no other): the sample folder without the files of the languages
 * its languages.json adds.
 */
const SAMPLES = (() => {
  const from = path.join(__dirname, '../../booklets');
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'samples-six-'));
  for (const slug of fs.readdirSync(from).filter((n) => fs.statSync(path.join(from, n)).isDirectory())) {
    fs.mkdirSync(path.join(to, slug));
    for (const code of LANGUAGE_CODES) {
      const file = path.join(from, slug, `${code}.md`);
      if (fs.existsSync(file)) fs.copyFileSync(file, path.join(to, slug, `${code}.md`));
    }
  }
  return to;
})();

describe('schema migrations', () => {
  it('an empty database gets every migration, in order', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['booklets', 'sections', 'section_revisions', 'publications', 'api_keys', 'audit_log']));
  });

  it('a database made by the previous version is upgraded and keeps its data', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-')), 'old.db');
    const old = openDatabase(file, MIGRATIONS.slice(0, -1));
    old.prepare(`INSERT INTO booklets (slug, source_lang, created_at) VALUES ('kept', 'en', '2026-01-01')`).run();
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    expect(db.prepare(`SELECT slug FROM booklets`).all()).toEqual([{ slug: 'kept' }]);
    expect(migrate(db)).toBe(0);
  });

  it('a failing migration leaves the database at its previous version', () => {
    const db = openDatabase(':memory:', MIGRATIONS.slice(0, 1));
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE x (a); NOT SQL' }])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'x'`).get()).toBeUndefined();
  });
});

type Row = Record<string, unknown>;

const tableNames = (db: DB): string[] =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]
  ).map((t) => t.name);
const columnsOf = (db: DB, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
const rowsOf = (db: DB, table: string, columns: string[]): Row[] =>
  // Ordered by every column: tables made WITHOUT ROWID (download_counts) have no rowid to order by.
  db
    .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`)
    .all() as Row[];

/**
 * A real database of an earlier schema version, holding real content: the sample booklets are
 * imported and edited through the services on the current schema, then every table the earlier
 * version has is copied into a file made by that version's migrations.
 */
function databaseOfVersion(version: number, file: string): { source: DB; copied: Record<string, Row[]> } {
  const source = openDatabase(':memory:');
  const deps = composeServices(source, { now: () => new Date('2026-03-01T10:00:00Z') });
  importBooklets(deps.repo, SAMPLES);
  deps.keys.create({ name: 'Editor', role: 'editor', languages: null });
  const draft = deps.translations.view('contact-the-ombudsman', 'uk', 'draft');
  let view = deps.translations.editSection(
    'contact-the-ombudsman',
    'uk',
    draft.sections[0]!.id,
    { title: 'Як звернутися', body: 'Текст зі старої версії бази: і ї є ґ ʼ.' },
    draft.etag,
    { name: 'Editor' },
  );
  // Published again, so readers of every schema version see the same thing.
  view = deps.translations.transition('contact-the-ombudsman', 'uk', 'review', view.etag, { name: 'Editor' });
  deps.translations.transition('contact-the-ombudsman', 'uk', 'publish', view.etag, { name: 'Editor' });

  const old = openDatabase(
    file,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  old.pragma('foreign_keys = OFF');
  const copied: Record<string, Row[]> = {};
  old.transaction(() => {
    for (const table of tableNames(old)) {
      const columns = columnsOf(old, table).filter((c) => columnsOf(source, table).includes(c));
      const rows = rowsOf(source, table, columns);
      // OR REPLACE: rows a migration seeds (the languages of version 8) are the source's rows too.
      const insert = old.prepare(
        `INSERT OR REPLACE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      for (const row of rows) insert.run(row);
      copied[table] = rowsOf(old, table, columnsOf(old, table));
    }
  })();
  old.close();
  return { source, copied };
}

/** A call's result, or its error's text (a 404 must stay a 404). */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (e) {
    return String(e);
  }
}

describe('upgrading a real database of every earlier schema version', () => {
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  const earlier = MIGRATIONS.filter((m) => m.version < latest).map((m) => m.version);

  it.each(earlier)('a database made by schema version %i is upgraded to the latest and keeps every row', (version) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-real-'));
    const file = path.join(dir, `v${version}.db`);
    const { source, copied } = databaseOfVersion(version, file);
    expect(Object.values(copied).some((rows) => rows.length > 0)).toBe(true);

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(integrityProblems(db)).toEqual([]);
    for (const [table, rows] of Object.entries(copied)) {
      const columns = rows.length > 0 ? Object.keys(rows[0]!) : columnsOf(db, table);
      expect({ table, rows: rowsOf(db, table, columns) }).toEqual({ table, rows });
    }
    // The services read the upgraded database exactly as the one made by the current version.
    const upgraded = composeServices(db);
    const current = composeServices(source);
    for (const { slug, languages } of current.booklets.allLanguages()) {
      for (const lang of languages) {
        expect(outcome(() => upgraded.booklets.read(slug, lang))).toEqual(outcome(() => current.booklets.read(slug, lang)));
        expect(upgraded.translations.view(slug, lang, 'draft').sections).toEqual(current.translations.view(slug, lang, 'draft').sections);
      }
    }
    expect(upgraded.translations.view('contact-the-ombudsman', 'uk', 'draft').sections[0]!.body).toBe(
      'Текст зі старої версії бази: і ї є ґ ʼ.',
    );
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
