import { createPdfPool } from '../../../src/rendering/pdf/pool';
import { buildLayout } from '../../../src/rendering/layout/build';
import { createTranslator } from '../../../src/i18n';
import { LOCALES_DIR } from '../../../src/paths';
import type { ReadableBooklet } from '../../../src/booklets/service';
import { extractPdf } from '../../helpers/pdf';

const content: ReadableBooklet = {
  slug: 'pool', sourceLang: 'en', lang: 'uk', publishedAt: '2026-11-24T00:00:00Z', contentRevision: '1.1', languages: ['en', 'uk'],
  meta: { title: 'Брошура', subject: 'Тест', author: 'Автор', edition: '2026-11', translator: null, sample: true },
  sections: [{ id: 'a', title: 'Розділ', body: 'Кожен має право на інформацію. Ґрунтовна відповідь, обʼєкт.', lang: 'uk' }],
};

describe('the PDF worker pool', () => {
  const pool = createPdfPool({ threads: 2 });
  afterAll(() => pool.close());

  it('renders in worker threads and returns the PDF bytes', async () => {
    const doc = buildLayout(content, createTranslator(LOCALES_DIR).t('uk'), { baseUrl: 'https://booklets.example.org' });
    const pdfs = await Promise.all([pool.render(doc), pool.render(doc), pool.render(doc)]);
    for (const pdf of pdfs) {
      expect(Buffer.isBuffer(pdf)).toBe(true);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(pool.stats().completed).toBe(3);
    expect(pool.stats().threads).toBeGreaterThanOrEqual(1);
  });

  it('passes the print options to the thread: an imposed booklet comes back on A4 landscape sheets', async () => {
    const doc = buildLayout(content, createTranslator(LOCALES_DIR).t('uk'), { baseUrl: 'https://booklets.example.org' });
    const pdf = await extractPdf(await pool.render(doc, { size: 'a4', layout: 'booklet', profile: 'accessible' }));
    expect(pdf.numPages).toBe(2); // cover, section, a blank page, closing page: 4 pages on 2 sheet sides
    expect(Math.round(pdf.pages[0]?.width ?? 0)).toBe(842);
  });
});
