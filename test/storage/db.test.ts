import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseIntegrityError, integrityProblems, openDatabase } from '../../src/storage/db';
import { damagePages, databaseWithRows } from './damage';

const made: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-db-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('the editorial database', () => {
  it('is opened durably: WAL, FULL synchronous commits, foreign keys, a busy timeout', () => {
    const db = openDatabase(path.join(tmp(), 'booklets.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(() => db.prepare(`INSERT INTO sections (booklet_id, key, position) VALUES (999, 'orphan', 1)`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('a sound database passes its integrity check at start-up', () => {
    const file = path.join(tmp(), 'sound.db');
    databaseWithRows(file);
    const db = openDatabase(file);
    expect(integrityProblems(db)).toEqual([]);
    db.close();
  });

  it('a damaged database is refused with the file name and what SQLite found, and is not written to', () => {
    const file = path.join(tmp(), 'damaged.db');
    databaseWithRows(file);
    damagePages(file);
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseIntegrityError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/failed its integrity check/);
    expect(message).toMatch(/out of order|malformed|wrong # of entries|corrupt/i);
    expect(message).toMatch(/Restore the latest backup/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a file that is not a database at all is refused the same way', () => {
    const file = path.join(tmp(), 'not-a-database.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
    expect(() => openDatabase(file)).toThrow(DatabaseIntegrityError);
    expect(() => openDatabase(file)).toThrow(/file is not a database/);
  });

  it('integrityProblems lists what integrity_check reports', () => {
    const file = path.join(tmp(), 'listed.db');
    databaseWithRows(file);
    damagePages(file);
    const db = new Database(file);
    const problems = integrityProblems(db);
    db.close();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toBe('ok');
  });
});
