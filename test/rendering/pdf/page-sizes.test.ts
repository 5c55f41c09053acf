import { renderPdf } from '../../../src/rendering/pdf';
import { PaperSize } from '../../../src/rendering/pdf/options';
import { longDocument, TEXT } from '../../factories/layout';
import { bodyOf, ExtractedPdf, extractPdf, PdfPage, visibleItems } from '../../helpers/pdf';

const render = async (size: PaperSize): Promise<ExtractedPdf> =>
  extractPdf(await renderPdf(longDocument('en'), { size, layout: 'pages', profile: 'accessible' }));

describe('paper sizes', () => {
  const pdfs = new Map<PaperSize, ExtractedPdf>();

  beforeAll(async () => {
    for (const size of ['a4', 'a5', 'letter'] as const) pdfs.set(size, await render(size));
  });

  it.each([
    ['a4', 595, 842],
    ['a5', 420, 595],
    ['letter', 612, 792],
  ] as const)('prints every page of an %s booklet on %i × %i points', (size, width, height) => {
    const pdf = pdfs.get(size) as ExtractedPdf;
    for (const page of pdf.pages) {
      expect(Math.round(page.width)).toBe(width);
      expect(Math.round(page.height)).toBe(height);
    }
  });

  it('keeps body text readable on A5 (at least 9.5 pt), smaller than on A4 but not scaled down with the paper', () => {
    const sizeOf = (pdf: ExtractedPdf): number => {
      const item = pdf.pages.flatMap(visibleItems).find((i) => (TEXT.en.paragraphs[0] ?? '').startsWith(i.str.trim()) && i.str.length > 20);
      return item?.height ?? 0;
    };
    const a4 = sizeOf(pdfs.get('a4') as ExtractedPdf);
    const a5 = sizeOf(pdfs.get('a5') as ExtractedPdf);
    expect(a4).toBeCloseTo(10.5, 1);
    expect(a5).toBeGreaterThanOrEqual(9.5);
    expect(a5).toBeLessThan(a4);
  });

  it('narrows the margins on A5, keeping all text on the page with a margin of at least 36 pt', () => {
    const a5 = pdfs.get('a5') as ExtractedPdf;
    for (const page of a5.pages) {
      for (const item of visibleItems(bodyOf(page))) {
        expect(item.x).toBeGreaterThanOrEqual(36);
        expect(item.x + item.width).toBeLessThanOrEqual(page.width - 36);
      }
    }
    const lefts = a5.pages.slice(2, -1).flatMap((p: PdfPage) => visibleItems(bodyOf(p)).map((i) => i.x));
    expect(Math.min(...lefts)).toBeLessThan(50); // narrower than A4's 62 pt
  });

  it('needs more A5 pages than A4 pages for the same booklet', () => {
    expect((pdfs.get('a5') as ExtractedPdf).numPages).toBeGreaterThan((pdfs.get('a4') as ExtractedPdf).numPages);
  });
});
