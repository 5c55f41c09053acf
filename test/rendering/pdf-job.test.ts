import { languages } from '../factories/languages';
import { createTranslator, localeSnapshot } from '../../src/i18n';
import { LOCALES_DIR } from '../../src/paths';
import type { ReadableBooklet } from '../../src/booklets/service';
import type { LayoutDocument } from '../../src/rendering/layout/model';
import { LayoutPdfRenderer, PdfJob, renderJob } from '../../src/rendering/pdf-job';

const translator = createTranslator(LOCALES_DIR, languages);
const content: ReadableBooklet = {
  slug: 'job',
  sourceLang: 'en',
  lang: 'uk',
  publishedAt: '2026-11-24T00:00:00Z',
  contentRevision: '1.1',
  languages: ['en', 'uk'],
  meta: { title: 'Брошура', subject: 'Тест', author: 'Автор', edition: '2026-11', translator: null, sample: true },
  sections: [{ id: 'a', title: 'Розділ', body: 'Кожен має право на інформацію.', lang: 'uk' }],
};
/** A fresh copy of the content, as a render thread receives it with each job. */
const copy = (c: ReadableBooklet = content): ReadableBooklet => structuredClone(c);

/** Renders `job` with a stand-in renderer and gives back the layout it was handed. */
async function layoutOf(job: PdfJob): Promise<LayoutDocument> {
  let seen: LayoutDocument | undefined;
  const render: LayoutPdfRenderer = async (doc) => {
    seen = doc;
    return Buffer.from('%PDF-');
  };
  await renderJob(job, { translator, languages }, render);
  return seen as LayoutDocument;
}

describe('the layout of a PDF job', () => {
  const job = (over: Partial<PdfJob> = {}): PdfJob => ({
    content: copy(),
    variant: { size: 'a4', layout: 'pages', profile: 'accessible' },
    baseUrl: 'https://booklets.example.org',
    locale: localeSnapshot(languages, undefined, ['en', 'uk']),
    ...over,
  });

  it('is made once for every print variant of the same content', async () => {
    const a4 = await layoutOf(job());
    const a5 = await layoutOf(job({ variant: { size: 'a5', layout: 'pages', profile: 'archive' } }));
    expect(a5).toBe(a4);
    expect(a4.sections[0]?.title).toBe('Розділ');
  });

  it('is made again when anything in the content or the public address differs', async () => {
    const before = await layoutOf(job());
    const edited = copy();
    (edited.sections[0] as { body: string }).body = 'Інший текст.';
    const after = await layoutOf(job({ content: edited }));
    expect(after).not.toBe(before);
    expect(JSON.stringify(after.sections[0]?.blocks)).toContain('Інший текст.');
    const elsewhere = await layoutOf(job({ baseUrl: 'https://other.example.org' }));
    expect(elsewhere.onlineUrl).toBe('https://other.example.org/booklets/job/uk');
    expect(before.onlineUrl).toBe('https://booklets.example.org/booklets/job/uk');
  });
});
