import path from 'node:path';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { parseCommandLine } from './args';
import { backupDatabase, BackupError, DatabaseFileInfo, restoreDatabase } from '../storage/backup';

const BACKUP_NEEDS_FILE = 'backup needs the file to write, e.g. backup backups/booklets-2026-05-01.db';
const RESTORE_NEEDS_FILE = 'restore needs the backup file to restore, e.g. restore backups/booklets-2026-05-01.db';
const BackupArgs = z.object({
  file: z.string({ message: BACKUP_NEEDS_FILE }).min(1, BACKUP_NEEDS_FILE),
  force: z.boolean(),
});
const RestoreArgs = z.object({
  file: z.string({ message: RESTORE_NEEDS_FILE }).min(1, RESTORE_NEEDS_FILE),
});

/** The file argument and the allowed `--flags`; anything else is a usage error. */
function parse(args: readonly string[], booleans: readonly string[]): { positional: string[]; flags: Set<string> } | string {
  const parsed = parseCommandLine(args, { booleans });
  if ('problem' in parsed) return `unknown option "${parsed.arg}"`;
  const { positionals } = parsed;
  if (positionals.length > 1) return `expected one file, got ${positionals.length}: ${positionals.join(' ')}`;
  return { positional: positionals, flags: new Set(booleans.filter((name) => parsed.values[name] === true)) };
}

function summary(info: DatabaseFileInfo): string {
  const mb = (info.bytes / (1024 * 1024)).toFixed(2);
  return `${info.bytes} bytes (${mb} MB), ${info.pages} pages of ${info.pageSize} bytes, schema version ${info.schemaVersion}, integrity check ok`;
}

/**
 * `backup <file> [--force]`: an online, verified copy of the database at `databasePath`, safe while
 * the server runs. Returns the exit code (2 for a usage error, 1 when the backup was refused).
 */
export async function backupCommand(args: readonly string[], databasePath: string, out: Writable, err: Writable): Promise<number> {
  const parsed = parse(args, ['force']);
  const input =
    typeof parsed === 'string' ? parsed : BackupArgs.safeParse({ file: parsed.positional[0], force: parsed.flags.has('force') });
  if (typeof input === 'string' || !input.success) {
    err.write(
      `${typeof input === 'string' ? input : input.error.issues[0]?.message}\nUsage: npm run booklets -- backup <file> [--force]\n`,
    );
    return 2;
  }
  try {
    const started = Date.now();
    const info = await backupDatabase(databasePath, input.data.file, { force: input.data.force });
    out.write(`Backed up ${databasePath} to ${info.file} in ${Date.now() - started} ms:\n  ${summary(info)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    err.write(`Backup refused: ${e.message}\n`);
    return 1;
  }
}

/**
 * `restore <file>`: replaces the (stopped) server's database with a verified backup, keeping the
 * current database beside it. Returns the exit code.
 */
export function restoreCommand(args: readonly string[], databasePath: string, out: Writable, err: Writable): number {
  const parsed = parse(args, []);
  const input = typeof parsed === 'string' ? parsed : RestoreArgs.safeParse({ file: parsed.positional[0] });
  if (typeof input === 'string' || !input.success) {
    err.write(`${typeof input === 'string' ? input : input.error.issues[0]?.message}\nUsage: npm run booklets -- restore <file>\n`);
    return 2;
  }
  try {
    // The server keeps rendered documents in cache/ beside the database (see server.ts).
    const info = restoreDatabase(input.data.file, databasePath, { cacheDir: path.join(path.dirname(databasePath), 'cache') });
    out.write(`Restored ${input.data.file} to ${info.file}:\n  ${summary(info)}\n`);
    if (info.previous) out.write(`The database it replaced is kept as ${info.previous}.\n`);
    if (info.cacheCleared) out.write('Rendered documents made from it were removed from the cache.\n');
    out.write('Start the server to use it.\n');
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    err.write(`Restore refused: ${e.message}\n`);
    return 1;
  }
}
