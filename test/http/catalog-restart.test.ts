import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { importBooklets } from '../../src/booklets/importer';
import { composeServices } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';
import { FileSpec, makeBookletsDir, smallBooklet, sourceFileText } from '../factories/booklets';

/**
 * The catalog page is kept in the disk cache, which outlives the process. A restarted service must
 * never serve a catalog from an earlier run that no longer shows what is published.
 */
describe('the catalog after a restart', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-restart-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const database = path.join(dir, 'booklets.db');
  const cacheDir = path.join(dir, 'cache');
  const english = (): FileSpec => smallBooklet().en as FileSpec;
  const booklets = makeBookletsDir({
    alpha: { ...smallBooklet(), en: { ...english(), title: 'Alpha rights', order: 2 } },
    beta: smallBooklet(),
  });

  /** A service started on the same database and cache folder, as `npm start` does after a restart. */
  function start(): { app: ReturnType<typeof createApp>; deps: ReturnType<typeof composeServices> } {
    const deps = composeServices(openDatabase(database), { cacheDir });
    return { app: createApp({ ...deps, onServerError: () => undefined }), deps };
  }
  /** The booklets in the order the catalog shows them (each card links its booklet more than once). */
  const order = (html: string): string[] => [
    ...new Set([...html.matchAll(/href="\/booklets\/(alpha|beta)\/en"/g)].map((m) => m[1] as string)),
  ];

  it('shows a change made in the previous run, not a catalog that run rendered before the change', async () => {
    const first = start();
    importBooklets(first.deps.repo, booklets);
    expect(order((await request(first.app).get('/?lang=en')).text)).toEqual(['alpha', 'beta']);

    // Restarted: the catalog is rendered (and kept on disk), then the order changes in this run.
    const second = start();
    expect(order((await request(second.app).get('/?lang=en')).text)).toEqual(['alpha', 'beta']);
    fs.writeFileSync(path.join(booklets, 'beta', 'en.md'), sourceFileText({ ...english(), order: 1 }));
    importBooklets(second.deps.repo, booklets);
    expect(order((await request(second.app).get('/?lang=en')).text)).toEqual(['beta', 'alpha']);

    // Restarted again: the catalog on disk from the start of the second run is out of date.
    const third = start();
    expect(order((await request(third.app).get('/?lang=en')).text)).toEqual(['beta', 'alpha']);
  });
});
