import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { importBooklets } from '../../src/booklets/importer';
import { exportCommand, parseExportArgs } from '../../src/cli/export';
import { runAsync } from '../../src/cli';
import { composeServices } from '../../src/compose';
import { exportSite } from '../../src/export/site';
import { openDatabase } from '../../src/storage/db';
import { createTestApp } from '../helpers/app';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-export-cli-'));
const bookletsDir = makeBookletsDir({ rights: smallBooklet() });
const databasePath = path.join(work, 'data', 'booklets.db');
const config = { databasePath, baseUrl: 'https://booklets.example.org' };

beforeAll(() => {
  fs.mkdirSync(path.dirname(databasePath));
  const db = openDatabase(databasePath);
  importBooklets(composeServices(db).repo, bookletsDir);
  db.close();
});

describe('npm run booklets -- export', () => {
  it('reads one folder and --force; anything else is a usage error', () => {
    expect(parseExportArgs(['out'])).toEqual({ dir: 'out', force: false });
    expect(parseExportArgs(['--force', 'out'])).toEqual({ dir: 'out', force: true });
    expect(parseExportArgs([])).toEqual({ error: expect.stringContaining('exactly one folder') });
    expect(parseExportArgs(['a', 'b'])).toEqual({ error: expect.stringContaining('exactly one folder') });
    expect(parseExportArgs(['out', '--forse'])).toEqual({ error: expect.stringContaining('Unknown option "--forse"') });
  });

  it('writes the site, reports it on stdout and its progress on stderr, then refuses the full folder unless --force', async () => {
    const dir = path.join(work, 'site');
    const out = capture();
    const err = capture();
    const code = await exportCommand([dir], { config, out: out.stream, err: err.stream, workerPool: false });
    expect(err.text()).toMatch(/^export: 1\/\d+ \(\d+%\) /);
    expect(err.text()).toMatch(/export: (\d+)\/\1 \(100%\) \d+ files, [\d.]+ MB, [\d.]+ s\n$/);
    expect(code).toBe(0);
    expect(out.text()).toMatch(
      /^Exported 1 booklet in 2 languages to .*site: 23 files \(11 PDFs in 6 editions\), [\d.]+ MB in [\d.]+ s\.\n$/,
    );
    expect(fs.existsSync(path.join(dir, 'booklets/rights/uk.with-en.pdf'))).toBe(true);

    fs.writeFileSync(path.join(dir, 'README.txt'), 'Put on the USB stick by the reception centre');
    const refused = capture();
    expect(await exportCommand([dir], { config, out: capture().stream, err: refused.stream, workerPool: false })).toBe(1);
    expect(refused.text()).toContain('is not empty');

    const again = capture();
    expect(await exportCommand([dir, '--force'], { config, out: again.stream, err: capture().stream, workerPool: false })).toBe(0);
    expect(again.text()).toMatch(/^Exported 1 booklet in/);
    expect(fs.readFileSync(path.join(dir, 'README.txt'), 'utf8')).toBe('Put on the USB stick by the reception centre');
  });

  it('says clearly when there is no database, and when the arguments are wrong', async () => {
    const err = capture();
    expect(
      await exportCommand([path.join(work, 'x')], {
        config: { ...config, databasePath: path.join(work, 'none.db') },
        out: capture().stream,
        err: err.stream,
      }),
    ).toBe(1);
    expect(err.text()).toMatch(/There is no database at .*none\.db: run "npm run booklets -- import" first/);
    expect(fs.existsSync(path.join(work, 'none.db'))).toBe(false);

    const usage = capture();
    expect(await runAsync(['export'], capture().stream, usage.stream)).toBe(2);
    expect(usage.text()).toContain('Usage: export <folder> [--force]');
  });

  it('a render that fails half way leaves no folder and no temporary files behind', async () => {
    let renders = 0;
    const { deps } = createTestApp(bookletsDir, {
      pdf: async (doc) => {
        if (++renders > 3) throw new Error(`font trouble in ${doc.lang}`);
        return Buffer.from('%PDF-1.7\n%%EOF\n');
      },
    });
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-export-fail-'));
    await expect(exportSite(deps, path.join(parent, 'site'), { baseUrl: config.baseUrl })).rejects.toThrow(/font trouble/);
    expect(fs.readdirSync(parent)).toEqual([]);

    // The same failure over an earlier export leaves that export exactly as it was.
    const existing = path.join(parent, 'existing');
    fs.mkdirSync(existing);
    fs.writeFileSync(path.join(existing, 'index.html'), 'earlier export');
    await expect(exportSite(deps, existing, { baseUrl: config.baseUrl, force: true })).rejects.toThrow(/font trouble/);
    expect(fs.readdirSync(existing)).toEqual(['index.html']);
    expect(fs.readFileSync(path.join(existing, 'index.html'), 'utf8')).toBe('earlier export');
  });
});
