import fs from 'node:fs';
import { createPdfPool } from '../../../src/rendering/pdf/pool';
import type { PdfJob } from '../../../src/rendering/pdf-job';
import type { ReadableBooklet } from '../../../src/booklets/service';
import { documentText, extractPdf } from '../../helpers/pdf';

const content: ReadableBooklet = {
  slug: 'pool', sourceLang: 'en', lang: 'uk', publishedAt: '2026-11-24T00:00:00Z', contentRevision: '1.1', languages: ['en', 'uk'],
  meta: { title: 'Брошура', subject: 'Тест', author: 'Автор', edition: '2026-11', translator: null, sample: true },
  sections: [{ id: 'a', title: 'Розділ', body: 'Кожен має право на інформацію. Ґрунтовна відповідь, обʼєкт.', lang: 'uk' }],
};
const companion: ReadableBooklet = {
  ...content, lang: 'en', meta: { ...content.meta, title: 'Booklet', subject: 'Test' },
  sections: [{ id: 'a', title: 'Section', body: 'Everyone has the right to information.', lang: 'en' }],
};
const job = (over: Partial<PdfJob> = {}): PdfJob => ({
  content, variant: { size: 'a4', layout: 'pages', profile: 'accessible' }, baseUrl: 'https://booklets.example.org', ...over,
});

describe('the PDF worker pool', () => {
  const pool = createPdfPool({ threads: 2 });
  afterAll(() => pool.close());

  it('lays out and renders in worker threads and returns the PDF bytes', async () => {
    const pdfs = await Promise.all([pool.render(job()), pool.render(job()), pool.render(job())]);
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
    const pdf = await extractPdf(await pool.render(job({ variant: { size: 'a4', layout: 'booklet', profile: 'accessible' } })));
    expect(pdf.numPages).toBe(2); // cover, section, a blank page, closing page: 4 pages on 2 sheet sides
    expect(Math.round(pdf.pages[0]?.width ?? 0)).toBe(842);
  });

  it('lays out the second language of a bilingual edition in the thread too', async () => {
    const text = documentText(await extractPdf(await pool.render(job({ companion }))));
    expect(text).toContain('Кожен має право на інформацію');
    expect(text).toContain('Everyone has the right to information');
  });

  const linux = fs.existsSync('/proc/thread-self') ? it : it.skip;
  linux('runs renders at a lower priority than the event loop (Linux thread nice values)', async () => {
    const niced = createPdfPool({ threads: 1, niceness: 7 });
    try {
      await niced.render(job());
      const tasks = fs.readdirSync('/proc/self/task');
      const nices = tasks.map((tid) => {
        try {
          // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value (fields after the command name).
          const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        } catch {
          return NaN;
        }
      });
      expect(nices).toContain(7);
      expect(nices).toContain(0); // the main thread keeps its priority
    } finally {
      await niced.close();
    }
  });
});
