import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBooklets } from '../../src/booklets/importer';
import { EXPORT_CACHE_BYTES, exportServices } from '../../src/cli/export';
import { exportSite } from '../../src/export/site';
import * as renderer from '../../src/rendering/pdf';
import { openDatabase } from '../../src/storage/db';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';

/*
 * The export's memory must not grow with the catalog. These tests export a generated catalog whose
 * files add up to many times what the export may keep, and watch what it holds while it runs.
 */

const BOOKLETS = 8;
const PDF_BYTES = 128 * 1024;
const baseUrl = 'https://booklets.example.org';
const bookletsDir = makeBookletsDir(Object.fromEntries(Array.from({ length: BOOKLETS }, (_, i) => [`rights-${i + 1}`, smallBooklet()])));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-export-memory-'));

/** The export's services over the generated catalog, with stand-in PDFs of PDF_BYTES that count the renders at work. */
function services(): { deps: ReturnType<typeof exportServices>; renders: { now: number; max: number } } {
  const renders = { now: 0, max: 0 };
  const deps = exportServices(openDatabase(':memory:'), {
    baseUrl,
    pdf: async (doc) => {
      renders.max = Math.max(renders.max, ++renders.now);
      await new Promise((resolve) => setImmediate(resolve));
      renders.now--;
      return Buffer.concat([Buffer.from(`%PDF-1.7\n% ${doc.lang}\n`), Buffer.alloc(PDF_BYTES, 32), Buffer.from('%%EOF\n')]);
    },
  });
  importBooklets(deps.repo, bookletsDir);
  return { deps, renders };
}

describe('static export memory', () => {
  it('keeps at most EXPORT_CACHE_BYTES of rendered files in memory however many it writes, and renders one at a time', async () => {
    const { deps, renders } = services();
    let held = 0;
    let ticks = 0;
    const summary = await exportSite(deps, path.join(work, 'one-at-a-time'), {
      baseUrl,
      concurrency: 1,
      progress: () => ({
        tick: () => {
          ticks++;
          held = Math.max(held, deps.render.cache.size.bytes);
        },
        finish: () => undefined,
      }),
    });
    expect(summary.booklets).toBe(BOOKLETS);
    expect(ticks).toBe(summary.files - 1); // every file but manifest.json
    // The files written add up to many times the bound: keeping them (the server's 64 MB cache, an
    // array of bodies) would show here.
    expect(summary.bytes).toBeGreaterThan(4 * EXPORT_CACHE_BYTES);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(EXPORT_CACHE_BYTES);
    expect(renders.max).toBe(1);
  });

  it('renders at most `concurrency` files at a time', async () => {
    const { deps, renders } = services();
    await exportSite(deps, path.join(work, 'three-at-a-time'), { baseUrl, concurrency: 3 });
    expect(renders.max).toBeGreaterThan(1);
    expect(renders.max).toBeLessThanOrEqual(3);
  });

  it('drops what the renderer keeps of drawn text once per booklet, so that it holds one booklet at most', async () => {
    const { deps } = services();
    const forget = jest.spyOn(renderer, 'forgetDrawnText');
    try {
      await exportSite(deps, path.join(work, 'forget'), { baseUrl, concurrency: 1 });
      // Before each booklet's first file (catalog pages and the stylesheet belong to no booklet).
      expect(forget).toHaveBeenCalledTimes(BOOKLETS);
    } finally {
      forget.mockRestore();
    }
  });
});
