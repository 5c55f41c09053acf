import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCatalog } from '../src/booklets/importer';
import { runAsync } from '../src/cli';
import { composeServices } from '../src/compose';
import { BOOKLETS_DIR, ROOT } from '../src/paths';
import { openDatabase } from '../src/storage/db';

/*
 * Memory of the static export (`npm run booklets -- export <dir>`), measured in a process of its own
 * so that its peak RSS is only the export's: the sample catalog (2 booklets) and a generated catalog
 * of 40 booklets (copies of the samples under other slugs), each imported into a fresh database in a
 * temporary folder, exported cold (the render cache folder next to that database is empty).
 *
 * Run alone: node dist/bench/export-memory.js [booklets...]  (after tsc -p tsconfig.bench.json)
 */

export interface ExportFigures {
  booklets: number;
  /** Files written, manifest.json included. */
  files: number;
  bytes: number;
  /** Wall time of the export process, start to exit. */
  seconds: number;
  /** Peak resident set size of the export process (all its threads), in MB. */
  peakRssMb: number;
}

const PEAK_PREFIX = 'export-memory peak RSS KB: ';

/** A booklets folder of `count` booklets: the samples first, then copies of them as <slug>-<n>. */
function catalogFolder(dir: string, count: number): void {
  const samples = fs
    .readdirSync(BOOKLETS_DIR)
    .filter((n) => fs.statSync(path.join(BOOKLETS_DIR, n)).isDirectory())
    .sort();
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length] as string;
    const slug = i < samples.length ? sample : `${sample}-${Math.floor(i / samples.length) + 1}`;
    fs.cpSync(path.join(BOOKLETS_DIR, sample), path.join(dir, slug), { recursive: true });
  }
  // The languages the samples are written in besides the six a new database starts with.
  const languages = path.join(BOOKLETS_DIR, 'languages.json');
  if (fs.existsSync(languages)) fs.copyFileSync(languages, path.join(dir, 'languages.json'));
}

/**
 * Exports a catalog of `booklets` booklets (2: the samples as they are) in a child process running
 * the CLI, and returns its figures. Runs compiled (dist/bench/export-memory.js).
 */
export async function measureExport(booklets: number): Promise<ExportFigures> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  try {
    const source = path.join(work, 'booklets');
    fs.mkdirSync(source);
    catalogFolder(source, booklets);
    const databasePath = path.join(work, 'data', 'booklets.db');
    fs.mkdirSync(path.dirname(databasePath));
    const db = openDatabase(databasePath);
    try {
      const deps = composeServices(db, { processMetrics: false });
      importCatalog(deps.repo, deps.languageAdmin, source);
    } finally {
      db.close();
    }
    const out = path.join(work, 'site');
    const started = process.hrtime.bigint();
    const stdout = await runChild(out, { ...process.env, DATABASE_PATH: databasePath, BASE_URL: 'https://booklets.example.org' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKb = Number(
      stdout
        .split('\n')
        .find((l) => l.startsWith(PEAK_PREFIX))
        ?.slice(PEAK_PREFIX.length),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      booklets: unknown[];
      files: { bytes: number }[];
    };
    return {
      booklets: manifest.booklets.length,
      files: manifest.files.length + 1,
      bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
      seconds,
      peakRssMb: peakKb / 1024,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The Node options of `npm run booklets` (package.json), which the export runs with. */
export function cliNodeOptions(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const options = /\bnode\s+(.*?)\s*dist\/src\/cli\/index\.js/.exec(pkg.scripts.booklets ?? '')?.[1];
  return options ? options.split(/\s+/).filter(Boolean) : [];
}

/**
 * Runs this file as the export process: the CLI's own entry (runAsync) with the Node options of
 * `npm run booklets`, which prints its peak RSS as it exits.
 */
function runChild(out: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliNodeOptions(), __filename, '--child', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c.slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`the export exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** Both figures: the 2 sample booklets and 40 generated booklets. */
export async function exportMemoryFigures(): Promise<{ samples: ExportFigures; generated: ExportFigures }> {
  const samples = await measureExport(2);
  const generated = await measureExport(40);
  return { samples, generated };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The bench's section: the figures of exportMemoryFigures(), in two lines. */
export async function printExportSection(load = ''): Promise<void> {
  console.log(
    `\n7. Static export (npm run booklets -- export: node ${cliNodeOptions().join(' ')}; its own process, cold render cache${load ? `; ${load}` : ''})`,
  );
  const { samples, generated } = await exportMemoryFigures();
  console.log(
    `   Static export: ${samples.booklets} booklets ${samples.files} files, ${mb(samples.bytes)}, ${samples.seconds.toFixed(1)} s, peak RSS ${samples.peakRssMb.toFixed(0)} MB; ` +
      `${generated.booklets} generated booklets ${generated.files} files, ${mb(generated.bytes)}, ${generated.seconds.toFixed(1)} s, ` +
      `peak RSS ${generated.peakRssMb.toFixed(0)} MB (target ≤ 250 MB, must not grow with the catalog)`,
  );
}

if (require.main === module) {
  if (process.argv[2] === '--child') {
    // The export process: the CLI's entry, then its peak RSS (getrusage, every thread) on exit.
    process.on('exit', () => process.stdout.write(`\n${PEAK_PREFIX}${process.resourceUsage().maxRSS}\n`));
    void runAsync(['export', process.argv[3] as string]).then((code) => {
      process.exitCode = code;
    });
  } else {
    const counts = process.argv
      .slice(2)
      .map(Number)
      .filter((n) => n > 0);
    void (async () => {
      if (counts.length === 0) return printExportSection();
      for (const n of counts) console.log(JSON.stringify(await measureExport(n)));
    })().catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  }
}
