import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { integrityProblems, sqliteCode } from './db';
import { MIGRATIONS } from './migrations';

/** A backup or restore that was refused or failed; the message says why. Nothing was changed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** What a verified database file holds. */
export interface DatabaseFileInfo {
  file: string;
  bytes: number;
  pages: number;
  pageSize: number;
  schemaVersion: number;
}

const LATEST_SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Copies the live database at `source` to `target` with SQLite's online backup API, while the
 * server keeps serving and writing. The pages are copied in one step inside one read transaction,
 * so the copy is a consistent snapshot that holds every transaction committed before the backup
 * started; in WAL mode that read transaction does not block the server's writers. The copy is
 * written next to `target`, switched to a self-contained rollback journal (no -wal file to carry
 * around), verified with integrity_check, synced to disk, and only then given its name. An existing
 * `target` is kept unless `force` is set.
 */
export async function backupDatabase(source: string, target: string, options: { force?: boolean } = {}): Promise<DatabaseFileInfo> {
  const src = path.resolve(source);
  const dest = path.resolve(target);
  if (!fs.existsSync(src)) throw new BackupError(`There is no database at ${src} (DATABASE_PATH).`);
  if (!fs.statSync(path.dirname(dest), { throwIfNoEntry: false })?.isDirectory())
    throw new BackupError(`The folder ${path.dirname(dest)} does not exist.`);
  // Through symbolic links too: a folder link must not lead --force onto the live database.
  const realSrc = fs.realpathSync(src);
  const realDest = path.join(fs.realpathSync(path.dirname(dest)), path.basename(dest));
  const databaseFiles = [src, realSrc].flatMap((f) => [f, `${f}-wal`, `${f}-shm`]);
  if (databaseFiles.includes(dest) || databaseFiles.includes(realDest)) {
    throw new BackupError('The backup file must not be the database itself.');
  }
  const existing = fs.lstatSync(dest, { throwIfNoEntry: false });
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    // --force replaces files only: never a folder, a device such as /dev/null, a pipe or a socket.
    throw new BackupError(`${dest} exists and is not a file: choose a file name for the backup.`);
  }
  if (!options.force && existing) throw new BackupError(`${dest} already exists: choose another file, or add --force to overwrite it.`);

  const partial = `${dest}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(src, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // All remaining pages in the next step: a restart-free copy of one snapshot.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    if (sqliteCode(e)) throw new BackupError(`Could not copy ${src}: ${(e as Error).message}`);
    throw e;
  } finally {
    db?.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    let info: DatabaseFileInfo;
    try {
      copy.pragma('journal_mode = DELETE');
      const problems = integrityProblems(copy);
      if (problems.length > 0) throw new BackupError(`The copy failed its integrity check:\n  ${problems.join('\n  ')}`);
      info = { ...describe(copy, partial), file: dest };
    } finally {
      copy.close();
    }
    fsyncFile(partial);
    if (options.force) {
      fs.renameSync(partial, dest);
    } else {
      // link() fails if the name appeared meanwhile, so an existing file is never replaced.
      try {
        fs.linkSync(partial, dest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new BackupError(`${dest} already exists: choose another file, or add --force to overwrite it.`);
        throw e;
      }
      fs.rmSync(partial);
    }
    fsyncFile(path.dirname(dest));
    return { ...info, bytes: fs.statSync(dest).size };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Replaces the database at `databasePath` with the backup `backupFile`, for a stopped server. The
 * backup is verified first (integrity_check, a schema this version knows); the current database is
 * not deleted but renamed to `<database>.before-restore-<time>`, so a restore never loses data.
 * Refuses while another process (the server) has the database open. `cacheDir`, the rendered
 * documents made from the replaced database, is emptied.
 */
export function restoreDatabase(
  backupFile: string,
  databasePath: string,
  options: { cacheDir?: string; now?: Date } = {},
): DatabaseFileInfo & { previous: string | null; cacheCleared: boolean } {
  const now = options.now ?? new Date();
  const from = path.resolve(backupFile);
  const live = path.resolve(databasePath);
  if (!fs.existsSync(from)) throw new BackupError(`There is no backup file at ${from}.`);
  if (from === live) throw new BackupError('The backup file is the database itself.');

  const info = verifyBackup(from);
  fs.mkdirSync(path.dirname(live), { recursive: true });
  const incoming = `${live}.restoring-${process.pid}`;
  fs.copyFileSync(from, incoming);
  try {
    fsyncFile(incoming);
    let previous: string | null = null;
    if (fs.existsSync(live)) {
      settleLiveDatabase(live);
      previous = `${live}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      // A damaged database may still have its last transactions in its WAL: keep them with it.
      for (const suffix of ['-wal', '-journal']) {
        if (fs.existsSync(`${live}${suffix}`)) fs.renameSync(`${live}${suffix}`, `${previous}${suffix}`);
      }
      fs.renameSync(live, previous);
    }
    fs.rmSync(`${live}-shm`, { force: true });
    fs.renameSync(incoming, live);
    fsyncFile(path.dirname(live));
    // Rendered documents are cached under publication ids (with their times), which the restored
    // database will give out again: the cache belongs to the replaced database and goes with it.
    const cacheCleared = options.cacheDir !== undefined && fs.existsSync(options.cacheDir);
    if (cacheCleared) fs.rmSync(options.cacheDir!, { recursive: true, force: true });
    return { ...info, file: live, previous, cacheCleared };
  } finally {
    fs.rmSync(incoming, { force: true });
  }
}

/** Opens a backup read-only and checks that it is sound and of a schema this version can run. */
function verifyBackup(file: string): DatabaseFileInfo {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${file} cannot be opened as a database: ${(e as Error).message}`);
  }
  try {
    const problems = integrityProblems(db);
    if (problems.length > 0) throw new BackupError(`${file} failed its integrity check; nothing was changed:\n  ${problems.join('\n  ')}`);
    const info = describe(db, file);
    if (info.schemaVersion > LATEST_SCHEMA) {
      throw new BackupError(
        `${file} was made by a newer version of the service (schema ${info.schemaVersion}; this one knows up to ${LATEST_SCHEMA}).`,
      );
    }
    return info;
  } finally {
    db.close();
  }
}

/**
 * Makes sure no other process has the live database open, and folds its WAL into the main file so
 * the file renamed aside is complete on its own. Leaving WAL mode needs the only connection:
 * SQLite keeps WAL (and says so) while another connection is open.
 */
function settleLiveDatabase(live: string): void {
  const db = new Database(live, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    const mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
    if (mode !== 'delete') throw new BackupError(`${live} is in use by another process: stop the server first, then restore.`);
  } catch (e) {
    const code = sqliteCode(e) ?? '';
    if (code.startsWith('SQLITE_BUSY')) {
      throw new BackupError(`${live} is in use by another process: stop the server first, then restore.`);
    }
    // A damaged database is what a restore replaces: it is kept aside as it is.
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return;
    throw e;
  } finally {
    db.close();
  }
}

function describe(db: Database.Database, file: string): DatabaseFileInfo {
  return {
    file,
    bytes: fs.statSync(file).size,
    pages: db.pragma('page_count', { simple: true }) as number,
    pageSize: db.pragma('page_size', { simple: true }) as number,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
  };
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
