import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, RenderCache, strongEtag } from '../../../../src/rendering/cache';
import { createPdfPool, PoolBusyError } from '../../../../src/rendering/pdf/threads/pool';
import type { PdfJob } from '../../../../src/rendering/pdf-job';
import { localeSnapshot } from '../../../../src/i18n';
import { languages } from '../../../factories/languages';
import type { ReadableBooklet } from '../../../../src/booklets/service';
import { documentText, extractPdf } from '../../../helpers/pdf';

const content: ReadableBooklet = {
  slug: 'pool',
  sourceLang: 'en',
  lang: 'uk',
  publishedAt: '2026-11-24T00:00:00Z',
  contentRevision: '1.1',
  languages: ['en', 'uk'],
  meta: { title: 'Брошура', subject: 'Тест', author: 'Автор', edition: '2026-11', translator: null, sample: true },
  sections: [{ id: 'a', title: 'Розділ', body: 'Кожен має право на інформацію. Ґрунтовна відповідь, обʼєкт.', lang: 'uk' }],
};
const companion: ReadableBooklet = {
  ...content,
  lang: 'en',
  meta: { ...content.meta, title: 'Booklet', subject: 'Test' },
  sections: [{ id: 'a', title: 'Section', body: 'Everyone has the right to information.', lang: 'en' }],
};
const job = (over: Partial<PdfJob> = {}): PdfJob => ({
  content,
  variant: { size: 'a4', layout: 'pages', profile: 'accessible' },
  baseUrl: 'https://booklets.example.org',
  locale: localeSnapshot(languages, undefined, ['en', 'uk']),
  ...over,
});

describe('the PDF worker pool', () => {
  const pool = createPdfPool({ threads: 2 });
  afterAll(() => pool.close());

  it('lays out and renders in worker threads and returns the PDF bytes', async () => {
    const pdfs = (await Promise.all([pool.render(job()), pool.render(job()), pool.render(job())])).map((r) => r.body);
    for (const pdf of pdfs) {
      expect(Buffer.isBuffer(pdf)).toBe(true);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(pool.stats().completed).toBe(3);
    expect(pool.stats().threads).toBeGreaterThanOrEqual(1);
    // The thread laid the content out with the Ukrainian interface strings.
    const text = documentText(await extractPdf(pdfs[0] as Buffer));
    expect(text).toContain('Ґрунтовна відповідь');
    expect(text).toContain('Про це видання');
  });

  it('passes the print variant to the thread: an imposed booklet comes back on A4 landscape sheets', async () => {
    const pdf = await extractPdf((await pool.render(job({ variant: { size: 'a4', layout: 'booklet', profile: 'accessible' } }))).body);
    expect(pdf.numPages).toBe(2); // cover, section, a blank page, closing page: 4 pages on 2 sheet sides
    expect(Math.round(pdf.pages[0]?.width ?? 0)).toBe(842);
  });

  it('lays out the second language of a bilingual edition in the thread too', async () => {
    const text = documentText(await extractPdf((await pool.render(job({ companion }))).body));
    expect(text).toContain('Кожен має право на інформацію');
    expect(text).toContain('Everyone has the right to information');
  });

  it('hashes the bytes and keeps them in the disk cache in the thread, so the event loop does neither', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-cache-'));
    const key = cacheKey(['pool', 'stored']);
    const rendered = await pool.render(job({ store: { dir, key } }));
    expect(rendered.stored).toBe(true);
    expect(rendered.etag).toBe(strongEtag(rendered.body));
    expect(fs.readdirSync(dir)).toEqual([`${key}.bin`]); // no temporary file left behind
    // After a restart the cache reads the thread's file: the same bytes and ETag, no render.
    const cache = new RenderCache(1024 * 1024, dir);
    const again = await cache.get(key, () => {
      throw new Error('rendered again');
    });
    expect(cache.diskHits).toBe(1);
    expect(again.etag).toBe(rendered.etag);
    expect(again.body.equals(rendered.body)).toBe(true);
    expect(again.contentType).toBe('application/pdf');
  });

  it('still returns the PDF when its disk copy cannot be written', async () => {
    const missing = path.join(os.tmpdir(), `pool-no-such-folder-${process.pid}`, 'deeper');
    const rendered = await pool.render(job({ store: { dir: missing, key: cacheKey(['pool', 'unwritable']) } }));
    expect(rendered.stored).toBe(false);
    expect(rendered.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.existsSync(missing)).toBe(false);
  });

  const linux = fs.existsSync('/proc/thread-self') ? it : it.skip;
  /** Nice value and scheduling policy of every thread of this process (fields 19 and 41 of stat). */
  function threadPriorities(): { tid: string; nice: number; policy: number }[] {
    return fs.readdirSync('/proc/self/task').flatMap((tid) => {
      try {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ tid, nice: Number(fields[16]), policy: Number(fields[38]) }];
      } catch {
        return []; // the thread ended meanwhile
      }
    });
  }
  const SCHED_OTHER = 0;
  const SCHED_IDLE = 5;

  linux('runs renders at a lower priority than the event loop (Linux thread nice values)', async () => {
    const niced = createPdfPool({ threads: 1, niceness: 7 });
    try {
      await niced.render(job());
      const threads = threadPriorities();
      expect(threads.map((t) => t.nice)).toContain(7);
      const main = threads.find((t) => t.tid === String(process.pid));
      expect(main).toMatchObject({ nice: 0, policy: SCHED_OTHER }); // the main thread keeps its priority
    } finally {
      await niced.close();
    }
  });

  linux(
    'render threads run at nice 10 in the normal scheduling class, never SCHED_IDLE: busy hosts slow them, never starve them',
    async () => {
      const before = new Set(threadPriorities().map((t) => t.tid));
      const pool = createPdfPool({ threads: 1 });
      try {
        await pool.render(job());
        const renderThreads = threadPriorities().filter((t) => !before.has(t.tid) && t.nice === 10);
        expect(renderThreads.length).toBeGreaterThanOrEqual(1);
        expect(renderThreads.every((t) => t.policy === SCHED_OTHER)).toBe(true);
        expect(threadPriorities().some((t) => t.policy === SCHED_IDLE)).toBe(false);
        const main = threadPriorities().find((t) => t.tid === String(process.pid));
        expect(main).toMatchObject({ nice: 0, policy: SCHED_OTHER });
      } finally {
        await pool.close();
      }
    },
  );
});

describe('a full queue', () => {
  it('refuses a render at once with 503 and Retry-After instead of queueing without end', async () => {
    const pool = createPdfPool({ threads: 1, maxQueue: 1 });
    try {
      const results = await Promise.allSettled([pool.render(job()), pool.render(job()), pool.render(job()), pool.render(job())]);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as PoolBusyError);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.every((e) => e instanceof PoolBusyError && e.status === 503 && e.extra.retryAfter === 5)).toBe(true);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });
});
