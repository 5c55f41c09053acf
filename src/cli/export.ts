import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { composeServices, ComposeOptions } from '../compose';
import type { Config } from '../config';
import { EXPORT_PDF_EDITIONS, exportSite } from '../export/site';
import { ExportError } from '../export/target';
import { createPdfPool } from '../rendering/pdf/threads/pool';
import { DB, openDatabase } from '../storage/db';
import { parseCommandLine } from './args';
import { createProgress } from './progress';

export const EXPORT_USAGE = 'export <folder> [--force]';

export interface ExportCommandOptions {
  config: Pick<Config, 'databasePath' | 'baseUrl'>;
  out: Writable;
  /** Errors and the progress bar (a bar when it is a terminal, plain lines otherwise). */
  err: Writable & { isTTY?: boolean; columns?: number };
  /**
   * Render PDFs in a pool of worker threads, one per core, instead of in-process one file at a time
   * (the default). Faster on an idle host, but every render thread holds fonts and layouts of its own
   * (~100–150 MB each), so the export's memory grows with the cores.
   */
  workerPool?: boolean;
}

/**
 * Bytes of rendered files the export keeps in memory (the server keeps 64 MB). Each file is written
 * once and not asked for again, except the A4 PDF that a booklet's page renders for its size and the
 * next files then write: 2 MB holds it. The cache folder on disk keeps everything, as before.
 */
export const EXPORT_CACHE_BYTES = 2 * 1024 * 1024;

/** The services an export renders with: the server's, with a small in-memory render cache. */
export function exportServices(
  db: DB,
  options: Pick<ComposeOptions, 'baseUrl' | 'cacheDir' | 'pdf' | 'pdfJobs'>,
): ReturnType<typeof composeServices> {
  return composeServices(db, { ...options, cacheBytes: EXPORT_CACHE_BYTES });
}

/** Parsed arguments, or the message that says what is wrong with them. */
export function parseExportArgs(args: readonly string[]): { dir: string; force: boolean } | { error: string } {
  const parsed = parseCommandLine(args, { booleans: ['force'] });
  if ('problem' in parsed) return { error: `Unknown option "${parsed.arg}" for export. Usage: ${EXPORT_USAGE}` };
  const [dir] = parsed.positionals;
  if (parsed.positionals.length !== 1 || !dir) {
    return { error: `export needs exactly one folder to write to. Usage: ${EXPORT_USAGE}` };
  }
  return { dir, force: parsed.values.force === true };
}

/**
 * `npm run booklets -- export <folder> [--force]`: writes the published catalog as a static site
 * (see src/export/site.ts). Returns the exit code: 0 done, 1 export failed (the folder is
 * unchanged), 2 bad arguments.
 */
export async function exportCommand(args: readonly string[], options: ExportCommandOptions): Promise<number> {
  const { config, out, err } = options;
  const parsed = parseExportArgs(args);
  if ('error' in parsed) {
    err.write(`${parsed.error}\n`);
    return 2;
  }
  if (!fs.existsSync(config.databasePath)) {
    err.write(`There is no database at ${config.databasePath}: run "npm run booklets -- import" first, or set DATABASE_PATH.\n`);
    return 1;
  }
  const db = openDatabase(config.databasePath);
  const pool = options.workerPool === true ? createPdfPool({ threads: os.availableParallelism() }) : undefined;
  try {
    const deps = exportServices(db, {
      baseUrl: config.baseUrl,
      // The server's cache folder: PDFs it already made are reused, and the other way round.
      cacheDir: path.join(path.dirname(config.databasePath), 'cache'),
      ...(pool ? { pdfJobs: (job) => pool.render(job) } : {}),
    });
    if (deps.booklets.catalog().length === 0) {
      err.write('No booklet is published yet: there is nothing to export.\n');
      return 1;
    }
    const summary = await exportSite(deps, parsed.dir, {
      force: parsed.force,
      baseUrl: config.baseUrl,
      concurrency: pool ? os.availableParallelism() + 1 : 1,
      progress: (total) => createProgress({ label: 'export', total, stream: err }),
    });
    out.write(
      `Exported ${summary.booklets} ${summary.booklets === 1 ? 'booklet' : 'booklets'} in ${summary.languages} languages to ${summary.dir}: ` +
        `${summary.files} files (${summary.pdfs} PDFs in ${EXPORT_PDF_EDITIONS.length} editions), ` +
        `${(summary.bytes / 1024 / 1024).toFixed(1)} MB in ${(summary.milliseconds / 1000).toFixed(1)} s.\n`,
    );
    if (summary.removed.length > 0)
      out.write(`Removed ${summary.removed.length} files of the previous export that are no longer published.\n`);
    return 0;
  } catch (e) {
    if (err.isTTY) err.write('\n'); // end the progress bar's line
    if (e instanceof ExportError) {
      err.write(`${e.message}\n`);
      return 1;
    }
    err.write(`Export failed; ${path.resolve(parsed.dir)} was not changed.\n${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await pool?.close();
    db.close();
  }
}
