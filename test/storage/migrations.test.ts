import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../../src/storage/db';
import { MIGRATIONS } from '../../src/storage/migrations';

describe('schema migrations', () => {
  it('an empty database gets every migration, in order', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
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
