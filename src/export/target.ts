import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExportPathSchema, previousFiles } from './manifest';

/** A problem with the export folder, told to the user as is (no stack trace). */
export class ExportError extends Error {
  override name = 'ExportError';
}

/** Prefix of the temporary folders an export works in; ignored when deciding if a folder is empty. */
export const STAGING_PREFIX = '.booklets-export-';

/**
 * The folder an export is written to. Everything is first written to a temporary folder on the same
 * file system; only when every file is complete does `commit` move it into place:
 * - a folder that does not exist yet is created by renaming the temporary folder (one atomic step);
 * - an existing folder (empty, or with --force) receives each file by rename (each atomic); with
 *   --force, files listed by the previous export's manifest.json and no longer produced are then
 *   removed, and every other file in the folder is left alone.
 * A failure before `commit` leaves the folder exactly as it was.
 */
export class ExportTarget {
  private constructor(
    readonly dir: string,
    readonly staging: string,
    private readonly mode: 'create' | 'update',
  ) {}

  /** Checks the folder and creates the temporary folder. Throws ExportError with a clear message. */
  static async open(dir: string, options: { force: boolean }): Promise<ExportTarget> {
    const target = path.resolve(dir);
    const stat = await fs.promises.lstat(target).catch(() => undefined);
    const suffix = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    if (!stat) {
      const parent = path.dirname(target);
      await fs.promises.mkdir(parent, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        throw new ExportError(`Cannot create the folder ${parent}: ${e.code ?? e.message}.`);
      });
      await removeAbandoned(parent, `${STAGING_PREFIX}${path.basename(target)}-`);
      const staging = path.join(parent, `${STAGING_PREFIX}${path.basename(target)}-${suffix}`);
      await fs.promises.mkdir(staging);
      return new ExportTarget(target, staging, 'create');
    }
    if (!stat.isDirectory()) throw new ExportError(`${target} exists and is not a folder.`);
    await removeAbandoned(target, STAGING_PREFIX);
    const entries = (await fs.promises.readdir(target)).filter((n) => !n.startsWith(STAGING_PREFIX));
    if (entries.length > 0 && !options.force) {
      throw new ExportError(
        `${target} is not empty. Choose a new or empty folder, or add --force to replace the files of ` +
          'a previous export there (other files in the folder are kept).',
      );
    }
    const staging = path.join(target, `${STAGING_PREFIX}${suffix}`);
    await fs.promises.mkdir(staging);
    return new ExportTarget(target, staging, 'update');
  }

  /** Writes one file (path relative to the export root) into the temporary folder. */
  async write(rel: string, bytes: Buffer): Promise<void> {
    const file = path.join(this.staging, ExportPathSchema.parse(rel));
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, bytes);
  }

  /**
   * Moves the finished export into place. `files` are every path written (manifest.json last);
   * returns the paths of the previous export that were removed because they are no longer produced.
   */
  async commit(files: readonly string[]): Promise<string[]> {
    if (this.mode === 'create') {
      try {
        await fs.promises.rename(this.staging, this.dir);
      } catch (e) {
        throw new ExportError(`Cannot move the export into ${this.dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
      }
      return [];
    }
    const manifest = files[files.length - 1] as string;
    const previous = previousFiles(await fs.promises.readFile(path.join(this.dir, manifest), 'utf8').catch(() => undefined)) ?? [];
    // Check every destination before moving anything, so that a clash changes nothing.
    for (const rel of files) await this.checkDestination(rel);
    for (const rel of files) {
      const to = path.join(this.dir, rel);
      await fs.promises.mkdir(path.dirname(to), { recursive: true });
      await fs.promises.rename(path.join(this.staging, rel), to);
    }
    const produced = new Set(files);
    const removed = previous.filter((rel) => !produced.has(rel));
    for (const rel of removed) {
      // Only files: a folder that took the place of a file is someone else's and is kept.
      const stat = await fs.promises.lstat(path.join(this.dir, rel)).catch(() => undefined);
      if (stat && (stat.isFile() || stat.isSymbolicLink())) await fs.promises.rm(path.join(this.dir, rel), { force: true });
      await this.removeEmptyParents(rel);
    }
    await fs.promises.rm(this.staging, { recursive: true, force: true });
    return removed;
  }

  /** Removes the temporary folder (after a failure); the export folder is unchanged. */
  async abort(): Promise<void> {
    await fs.promises.rm(this.staging, { recursive: true, force: true });
  }

  /** The destination is a regular file or missing, and every folder on the way is a real folder. */
  private async checkDestination(rel: string): Promise<void> {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const at = path.join(this.dir, ...parts.slice(0, i));
      const stat = await fs.promises.lstat(at).catch(() => undefined);
      if (!stat) return;
      const last = i === parts.length;
      if (last ? !stat.isFile() && !stat.isSymbolicLink() : !stat.isDirectory()) {
        throw new ExportError(`Cannot write ${rel}: ${at} is ${last ? 'not a file' : 'not a folder'}. Nothing was changed.`);
      }
    }
  }

  private async removeEmptyParents(rel: string): Promise<void> {
    let dir = path.posix.dirname(rel);
    while (dir !== '.') {
      try {
        await fs.promises.rmdir(path.join(this.dir, dir));
      } catch {
        return;
      }
      dir = path.posix.dirname(dir);
    }
  }
}

/**
 * Removes temporary folders left by exports that were killed (their process no longer runs), so
 * they are not served or copied along with the site. Folders of running exports are left alone.
 */
async function removeAbandoned(dir: string, prefix: string): Promise<void> {
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
