import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase, BackupError, restoreDatabase } from '../../src/storage/backup';
import { integrityProblems, openDatabase } from '../../src/storage/db';
import { damagePages, databaseWithRows } from './damage';

const made: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-backup-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * Another process that writes audit records as fast as it can, one transaction each, and prints
 * the id of each one after its commit returned (an acknowledged write).
 */
const WRITER = `
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const insert = db.prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, 'writer', 'edit-section', 'rights/uk/intro', ?)");
let stop = false;
process.on('SIGTERM', () => { stop = true; });
(function loop() {
  for (let i = 0; i < 20 && !stop; i++) {
    const id = insert.run(new Date().toISOString(), 'x'.repeat(500)).lastInsertRowid;
    process.stdout.write(id + '\\n');
  }
  if (stop) { db.close(); process.exit(0); }
  setImmediate(loop);
})();
`;

function startWriter(file: string): { child: ChildProcess; acknowledged: () => number[] } {
  const ids: number[] = [];
  let pending = '';
  const child = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) if (l) ids.push(Number(l));
  });
  return { child, acknowledged: () => [...ids] };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('online backup', () => {
  it('a backup taken while another process writes continuously opens, passes integrity_check and holds every write acknowledged before it started', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    openDatabase(live).close();
    // Some bulk, so the copy takes long enough for writes to happen during it.
    const db = openDatabase(live);
    db.exec(
      `CREATE TABLE bulk (body TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO bulk SELECT hex(randomblob(200)) FROM n`,
    );
    db.close();

    const writer = startWriter(live);
    try {
      await until(() => writer.acknowledged().length >= 200);
      const before = writer.acknowledged();
      const info = await backupDatabase(live, path.join(dir, 'copy.db'));
      const during = writer.acknowledged().length - before.length;
      await until(() => writer.acknowledged().length > before.length + during + 50);

      const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
      expect(integrityProblems(copy)).toEqual([]);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const ids = new Set(copy.prepare('SELECT id FROM audit_log').pluck().all() as number[]);
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      expect(copy.prepare('SELECT COUNT(*) FROM bulk').pluck().get()).toBe(20000);
      copy.close();
      expect(info.pages).toBeGreaterThan(100);
      expect(info.bytes).toBe(info.pages * info.pageSize);
      expect(fs.existsSync(path.join(dir, 'copy.db-wal'))).toBe(false);
      // The writer never waited for the backup: it kept committing while the copy was made.
      expect(writer.acknowledged().length).toBeGreaterThan(before.length + 50);
      console.log(`backup during writes: ${before.length} writes acknowledged before it, ${during} more during it, ${info.bytes} bytes`);
    } finally {
      writer.child.kill('SIGTERM');
      await new Promise((r) => writer.child.once('exit', r));
    }
  });

  it('refuses to overwrite an existing file unless forced, and leaves it untouched', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    databaseWithRows(live, 10);
    fs.writeFileSync(path.join(dir, 'taken.db'), 'keep me');
    await expect(backupDatabase(live, path.join(dir, 'taken.db'))).rejects.toThrow(/already exists.*--force/);
    expect(fs.readFileSync(path.join(dir, 'taken.db'), 'utf8')).toBe('keep me');
    const info = await backupDatabase(live, path.join(dir, 'taken.db'), { force: true });
    expect(info.schemaVersion).toBeGreaterThan(0);
    const copy = new Database(path.join(dir, 'taken.db'), { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(10);
    copy.close();
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('refuses a missing database, a missing folder and the database itself as target', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    await expect(backupDatabase(live, path.join(dir, 'b.db'))).rejects.toThrow(/There is no database at/);
    databaseWithRows(live, 10);
    await expect(backupDatabase(live, path.join(dir, 'missing', 'b.db'))).rejects.toThrow(/folder .* does not exist/);
    await expect(backupDatabase(live, live, { force: true })).rejects.toThrow(BackupError);
    await expect(backupDatabase(live, `${live}-wal`, { force: true })).rejects.toThrow(/must not be the database itself/);
  });

  it('with --force replaces files only: a folder, a pipe or the database through a folder link are refused and left as they are', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    databaseWithRows(live, 10);
    fs.mkdirSync(path.join(dir, 'folder'));
    await expect(backupDatabase(live, path.join(dir, 'folder'), { force: true })).rejects.toThrow(/exists and is not a file/);
    expect(fs.statSync(path.join(dir, 'folder')).isDirectory()).toBe(true);
    // A named pipe stands for any special file (a device such as /dev/null).
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    await expect(backupDatabase(live, path.join(dir, 'pipe'), { force: true })).rejects.toThrow(/exists and is not a file/);
    expect(fs.lstatSync(path.join(dir, 'pipe')).isFIFO()).toBe(true);
    fs.symlinkSync(dir, path.join(dir, 'link'));
    await expect(backupDatabase(live, path.join(dir, 'link', 'booklets.db'), { force: true })).rejects.toThrow(
      /must not be the database itself/,
    );
    await expect(backupDatabase(live, path.join(dir, 'folder', 'nested', 'b.db'))).rejects.toThrow(/folder .* does not exist/);
    await expect(backupDatabase(live, path.join(live, 'b.db'))).rejects.toThrow(/folder .* does not exist/);
    const db = new Database(live, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(10);
    db.close();
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('a damaged database gives no backup', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    databaseWithRows(live);
    damagePages(live);
    await expect(backupDatabase(live, path.join(dir, 'b.db'))).rejects.toThrow(/integrity check/);
    expect(fs.readdirSync(dir).sort()).toEqual(['booklets.db']);
    fs.writeFileSync(live, Buffer.alloc(8192, 0x41));
    await expect(backupDatabase(live, path.join(dir, 'b.db'))).rejects.toThrow(/Could not copy .*file is not a database/);
    expect(fs.readdirSync(dir).sort()).toEqual(['booklets.db']);
  });
});

describe('restore', () => {
  it('replaces the database with the backup and keeps the replaced one beside it', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    const db = openDatabase(live);
    const add = db.prepare(`INSERT INTO audit_log (at, actor, action, target) VALUES ('2026-01-01', 'editor', ?, 'rights')`);
    add.run('before the backup');
    await backupDatabase(live, path.join(dir, 'backup.db'));
    add.run('after the backup');
    db.close();

    const cacheDir = path.join(dir, 'cache');
    fs.mkdirSync(path.join(cacheDir, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'ab', 'rendered'), 'made from the replaced database');
    const result = restoreDatabase(path.join(dir, 'backup.db'), live, { cacheDir, now: new Date('2026-05-01T12:00:00Z') });
    expect(result.previous).toBe(`${live}.before-restore-2026-05-01T12-00-00-000Z`);
    expect(result.cacheCleared).toBe(true);
    expect(fs.existsSync(cacheDir)).toBe(false);
    const restored = openDatabase(live);
    expect(restored.prepare('SELECT action FROM audit_log').pluck().all()).toEqual(['before the backup']);
    restored.close();
    const kept = new Database(result.previous!, { readonly: true });
    expect(kept.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all()).toEqual(['before the backup', 'after the backup']);
    kept.close();
    expect(fs.existsSync(path.join(dir, 'backup.db'))).toBe(true);
  });

  it('refuses while another connection (the server) has the database open, and changes nothing', async () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    databaseWithRows(live, 10);
    await backupDatabase(live, path.join(dir, 'backup.db'));
    const server = openDatabase(live);
    server.prepare(`INSERT INTO filler (body) VALUES ('written by the running server')`).run();
    expect(() => restoreDatabase(path.join(dir, 'backup.db'), live)).toThrow(/in use by another process: stop the server first/);
    expect(server.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(11);
    server.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['backup.db', 'booklets.db']);
  });

  it('refuses a damaged backup, a file that is no database, and a backup from a newer schema', () => {
    const dir = tmp();
    const live = path.join(dir, 'booklets.db');
    databaseWithRows(live, 10);
    const damaged = path.join(dir, 'damaged.db');
    databaseWithRows(damaged);
    damagePages(damaged);
    expect(() => restoreDatabase(damaged, live)).toThrow(/failed its integrity check; nothing was changed/);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a database'.repeat(100));
    expect(() => restoreDatabase(path.join(dir, 'notes.txt'), live)).toThrow(BackupError);
    const newer = path.join(dir, 'newer.db');
    const n = new Database(newer);
    n.pragma('user_version = 999');
    n.close();
    expect(() => restoreDatabase(newer, live)).toThrow(/newer version of the service \(schema 999/);
    expect(() => restoreDatabase(path.join(dir, 'nothing.db'), live)).toThrow(/no backup file/);
    const db = openDatabase(live);
    expect(db.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(10);
    db.close();
  });
});
