import path from 'node:path';
import { importCatalog } from '../../../../src/booklets/importer';
import type { ReadableBooklet } from '../../../../src/booklets/service';
import { composeServices } from '../../../../src/compose';
import { themeFor } from '../../../../src/rendering/pdf/pages/theme';
import { variantName } from '../../../../src/rendering/variant';
import { DEFAULT_PDF_REQUEST, PdfRequest } from '../../../../src/rendering/service';
import { openDatabase } from '../../../../src/storage/db';
import { ExtractedPdf, extractPdf, pageText, PdfPage, PdfTextItem, visibleItems } from '../../../helpers/pdf';
import { readWithPdfium } from '../../../helpers/pdfium';
import { readWithPoppler } from '../../../helpers/poppler';
import { INVISIBLE } from '../../../helpers/reading';

// Draft previews of the sample booklets, made as the editor's preview makes them (the latest text,
// `draft: true`), read back with pdf.js, PDFium and poppler.

const deps = composeServices(openDatabase(':memory:'));
importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../../booklets'));

const SLUG = 'right-to-information';
const DRAFT: PdfRequest = { ...DEFAULT_PDF_REQUEST, draft: true };
const A4 = themeFor('a4');

const markOf = (lang: string): string => deps.translator.t(lang)('draft.mark');

/** Text as PDFium and poppler give it, without the marks the PDF adds for extraction. */
const visible = (text: string): string => text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
/** pdf.js drops format characters (ZWNJ) from every PDF's text by design: compared without them. */
const forPdfjs = (text: string): string => visible(text.replace(/\p{Cf}/gu, ''));

/** Items drawn on the draft band along the top edge (y up: within its height of the top). */
const onBand = (page: PdfPage, band: number): PdfTextItem[] => visibleItems(page).filter((i) => i.y > page.height - band);

/** What a reader sees as the publication line, in the language: "Published on 6 December 2026". */
function publicationTexts(content: ReadableBooklet): string[] {
  const t = deps.translator.t(content.lang);
  const date = new Date(content.publishedAt);
  return [
    t('pdf.published', { date }),
    t('booklet.published', { date }),
    new Intl.DateTimeFormat(content.lang, { dateStyle: 'long' }).format(date),
  ];
}

describe.each(['en', 'uk', 'ar', 'fa'])('a draft PDF in %s', (lang) => {
  const content = deps.booklets.readLatest(SLUG, lang);
  const mark = markOf(lang);
  const published = deps.booklets.read(SLUG, lang);
  let bytes: Buffer;
  let pdf: ExtractedPdf;
  /** The published PDF of the same booklet and language. */
  let plain: ExtractedPdf;

  beforeAll(async () => {
    bytes = (await deps.render.pdf(content, DRAFT)).body;
    [pdf, plain] = await Promise.all([extractPdf(bytes), deps.render.pdf(published).then((out) => extractPdf(out.body))]);
  });

  it('carries the draft mark on every page, as pdf.js reads it (getTextContent)', () => {
    expect(pdf.numPages).toBeGreaterThan(4);
    const missing = pdf.pages.flatMap((page, i) => (forPdfjs(pageText(page)).includes(forPdfjs(mark)) ? [] : [i + 1]));
    expect(missing).toEqual([]);
    // Once per page, on the band at the top: the line pdf.js reads there is the mark and nothing else.
    for (const page of pdf.pages)
      expect(
        forPdfjs(
          onBand(page, A4.page.draftBand)
            .map((i) => i.str)
            .join(''),
        ),
      ).toBe(forPdfjs(mark));
  });

  it.each(['pdfium', 'poppler'] as const)(
    'carries the draft mark on every page, as %s reads it, word for word (ZWNJ included)',
    async (engine) => {
      const pages = engine === 'pdfium' ? (await readWithPdfium(bytes)).map((p) => p.text) : readWithPoppler(bytes);
      expect(pages).toHaveLength(pdf.numPages);
      expect(pages.flatMap((text, i) => (visible(text).includes(mark) ? [] : [i + 1]))).toEqual([]);
    },
  );

  it('prints no publication date, on the cover, the closing page or anywhere else, nor in its metadata', async () => {
    const texts = [
      pdf.pages.map(pageText).join('\n'),
      readWithPoppler(bytes).join('\n'),
      (await readWithPdfium(bytes)).map((p) => p.text).join('\n'),
    ];
    for (const published of publicationTexts(content)) {
      for (const text of texts) expect(forPdfjs(text)).not.toContain(forPdfjs(published));
    }
    // The document information holds the title, subject and author; its CreationDate is when the
    // file was made (pdfkit writes it for every PDF), not a publication date, and is left out here.
    const { CreationDate: _made, ...info } = pdf.info;
    for (const value of Object.values(info)) {
      if (typeof value === 'string') for (const published of publicationTexts(content)) expect(value).not.toContain(published);
    }
    expect(forPdfjs(texts[0] as string)).not.toContain(forPdfjs(deps.translator.t(lang)('pdf.statusPublished')));
  });

  it('keeps the mark on a band of its own along the top edge, clear of the running header and of the content', () => {
    for (const page of pdf.pages) {
      const band = onBand(page, A4.page.draftBand);
      expect(band.length).toBeGreaterThan(0);
      // Its letters are inside the page: the baseline at least a font size below the top edge.
      for (const item of band) expect(page.height - item.y).toBeGreaterThanOrEqual(A4.styles.draftMark.size);
      // Everything else starts below the band: its tallest letters (about 0.8 of the size) under its lower edge.
      const others = visibleItems(page).filter((i) => !band.includes(i));
      for (const item of others) expect(item.y + 0.8 * item.height).toBeLessThan(page.height - A4.page.draftBand);
    }
  });

  it('tells assistive technology once, first thing on the cover (a published cover starts with its Div)', () => {
    const firstRole = (p: ExtractedPdf): string | undefined => {
      const [document] = p.pages[0]?.structTree?.children ?? [];
      const first = document && 'role' in document ? document.children[0] : undefined;
      return first && 'role' in first ? first.role : undefined;
    };
    expect(firstRole(pdf)).toBe('P');
    expect(firstRole(plain)).toBe('Div');
  });

  it('shares no cache entry with the published PDF, which has no mark and has its publication date', () => {
    expect(deps.render.pdfKey(content, DRAFT)).not.toBe(deps.render.pdfKey(content));
    expect(plain.pages.filter((page) => forPdfjs(pageText(page)).includes(forPdfjs(mark)))).toEqual([]);
    const closing = forPdfjs(pageText(plain.pages[plain.numPages - 1] as PdfPage));
    expect(closing).toContain(forPdfjs(publicationTexts(published)[0] as string));
  });
});

describe('the draft variant', () => {
  it('has a name of its own, so drafts never share a cache entry or a file name with published PDFs', () => {
    const a4 = { size: 'a4', layout: 'pages', profile: 'accessible' } as const;
    expect(variantName({ ...a4, draft: true })).toBe('a4-draft');
    expect(variantName({ size: 'a4', layout: 'booklet', profile: 'archive', draft: true })).toBe('a4-booklet-archive-draft');
    // Published variants keep their names (and their cached files).
    expect(variantName(a4)).toBe('a4');
    expect(variantName({ ...a4, draft: false })).toBe('a4');
  });

  it('gives the same content another cache key than the published PDF; `draft: false` is the published one', () => {
    const content = deps.booklets.read(SLUG, 'fa');
    expect(deps.render.pdfKey(content, DRAFT)).not.toBe(deps.render.pdfKey(content));
    expect(deps.render.pdfKey(content, { ...DEFAULT_PDF_REQUEST, draft: false })).toBe(deps.render.pdfKey(content));
    const a5 = { ...DEFAULT_PDF_REQUEST, size: 'a5' } as const;
    expect(deps.render.pdfKey(content, { ...a5, draft: true })).not.toBe(deps.render.pdfKey(content, a5));
  });

  it('is served from the cache apart: a draft rendered first does not come back for the published request', async () => {
    const content = deps.booklets.read('contact-the-ombudsman', 'ar');
    const draft = await deps.render.pdf(content, DRAFT);
    const published = await deps.render.pdf(content);
    expect(published.etag).not.toBe(draft.etag);
    const text = (await extractPdf(published.body)).pages.map(pageText).join('\n');
    expect(forPdfjs(text)).not.toContain(forPdfjs(markOf('ar')));
  });
});

describe.each(['ar', 'en'])('every print variant of a draft in %s', (lang) => {
  const content = deps.booklets.readLatest(SLUG, lang);
  const companion = deps.booklets.read(SLUG, lang === 'ar' ? 'en' : 'ar');
  const variants: [string, PdfRequest][] = [
    ['A5', { ...DRAFT, size: 'a5' }],
    ['US Letter archive', { ...DRAFT, size: 'letter', profile: 'archive' }],
    ['bilingual', { ...DRAFT, companion }],
  ];

  it.each(variants)('marks every page of the %s edition, each in its own language', async (_name, request) => {
    const pdf = await extractPdf((await deps.render.pdf(content, request)).body);
    const band = themeFor(request.size).page.draftBand;
    const marks = [markOf(lang), markOf(companion.lang)].map(forPdfjs);
    for (const page of pdf.pages) {
      const read = forPdfjs(
        onBand(page, band)
          .map((i) => i.str)
          .join(''),
      );
      expect(request.companion ? marks : [marks[0]]).toContain(read);
    }
    if (request.companion) {
      // Facing pages: the companion's language on the right-hand ones (odd page numbers from 3).
      expect(
        forPdfjs(
          onBand(pdf.pages[2] as PdfPage, band)
            .map((i) => i.str)
            .join(''),
        ),
      ).toBe(marks[1]);
    }
  });

  it('marks both halves of every sheet of the folded booklet, blank pages included', async () => {
    const pdf = await extractPdf((await deps.render.pdf(content, { ...DRAFT, layout: 'booklet' })).body);
    const band = themeFor('a5').page.draftBand;
    const mark = forPdfjs(markOf(lang));
    for (const sheet of pdf.pages) {
      const items = onBand(sheet, band);
      const half = (left: boolean): string =>
        forPdfjs(
          items
            .filter((i) => i.x < sheet.width / 2 === left)
            .map((i) => i.str)
            .join(''),
        );
      expect([half(true), half(false)]).toEqual([mark, mark]);
    }
  });
});
