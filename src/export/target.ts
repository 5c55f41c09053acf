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
   *
   * A folder may come from elsewhere (a USB stick), so nothing in it is trusted: every path is
   * looked at component by component with lstat, and a symbolic link anywhere below the export
   * folder, a file where a folder should be, or anything but a regular file where a file of the
   * export should be makes the export stop with ExportError before anything is changed. Each path
   * is looked at again right before it is replaced or removed.
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
    // Check every destination before moving anything, so that a clash changes nothing.
    for (const rel of files) {
      const found = await this.lookup(rel);
      if (typeof found !== 'string') throw new ExportError(`Cannot write ${rel}: ${found.problem}. Nothing was changed.`);
      if (found === 'folder') throw new ExportError(`Cannot write ${rel}: ${path.join(this.dir, rel)} is not a file. Nothing was changed.`);
    }
    // manifest.json is now known to be a regular file (or missing), so reading it follows no link.
    const manifest = files[files.length - 1] as string;
    const previous = previousFiles(await fs.promises.readFile(path.join(this.dir, manifest), 'utf8').catch(() => undefined)) ?? [];
    const produced = new Set(files);
    const removed = previous.filter((rel) => !produced.has(rel));
    for (const rel of removed) {
      const found = await this.lookup(rel);
      if (typeof found !== 'string') {
        throw new ExportError(
          `Refusing to remove ${rel}, listed by the previous export's ${manifest}: ${found.problem}. ` +
            'Nothing was changed; check the folder, it may have been altered.',
        );
      }
    }
    for (const rel of files) {
      await this.makeFolders(rel);
      const found = await this.lookup(rel);
      if (typeof found !== 'string' || found === 'folder') {
        throw new ExportError(
          `Stopped before writing ${rel}: ${typeof found === 'string' ? `${path.join(this.dir, rel)} is not a file` : found.problem} (it changed during the export).`,
        );
      }
      await fs.promises.rename(path.join(this.staging, rel), path.join(this.dir, rel));
    }
    for (const rel of removed) {
      const found = await this.lookup(rel);
      if (typeof found !== 'string')
        throw new ExportError(`Stopped before removing ${rel}: ${found.problem} (it changed during the export).`);
      // Only files: a folder that took the place of a file is someone else's and is kept.
      if (found === 'file') await fs.promises.unlink(path.join(this.dir, rel)).catch(ignoreMissing);
      await this.removeEmptyParents(rel);
    }
    await fs.promises.rm(this.staging, { recursive: true, force: true });
    return removed;
  }

  /** Removes the temporary folder (after a failure); the export folder is unchanged. */
  async abort(): Promise<void> {
    await fs.promises.rm(this.staging, { recursive: true, force: true });
  }

  /**
   * What is at `rel` below the export folder, found with lstat on each component in turn, so that
   * no symbolic link is ever followed: 'missing', a regular 'file', a 'folder', or the problem with
   * the path (a link, a file where a folder should be, a device or pipe, a folder that cannot be read).
   */
  private async lookup(rel: string): Promise<'missing' | 'file' | 'folder' | { problem: string }> {
    const parts = ExportPathSchema.parse(rel).split('/');
    for (let i = 1; i <= parts.length; i++) {
      const at = path.join(this.dir, ...parts.slice(0, i));
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return 'missing';
        return { problem: `${at} cannot be read (${code ?? String(e)})` };
      }
      if (stat.isSymbolicLink()) return { problem: `${at} is a symbolic link` };
      if (i < parts.length) {
        if (!stat.isDirectory()) return { problem: `${at} is not a folder` };
      } else if (stat.isDirectory()) {
        return 'folder';
      } else if (!stat.isFile()) {
        return { problem: `${at} is not a regular file` };
      }
    }
    return 'file';
  }

  /**
   * Creates the folders above `rel` one at a time (never following a link, as a recursive mkdir
   * would) and checks that each one is a real folder.
   */
  private async makeFolders(rel: string): Promise<void> {
    const parts = rel.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const at = path.join(this.dir, ...parts.slice(0, i));
      await fs.promises.mkdir(at).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw new ExportError(`Cannot create the folder ${at}: ${e.code ?? e.message}.`);
      });
      const stat = await fs.promises.lstat(at);
      if (stat.isSymbolicLink() || !stat.isDirectory()) {
        throw new ExportError(
          `Stopped before writing ${rel}: ${at} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'} (it changed during the export).`,
        );
      }
    }
  }

  /** Removes the folders above `rel` that are now empty, only while each is a real folder. */
  private async removeEmptyParents(rel: string): Promise<void> {
    let dir = path.posix.dirname(rel);
    while (dir !== '.') {
      if ((await this.lookup(dir)) !== 'folder') return;
      try {
        await fs.promises.rmdir(path.join(this.dir, dir));
      } catch {
        return;
      }
      dir = path.posix.dirname(dir);
    }
  }
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
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
    // Only real folders: a link with such a name is not ours (removing it would not follow it either).
    const stat = await fs.promises.lstat(path.join(dir, name)).catch(() => undefined);
    if (!stat?.isDirectory()) continue;
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
