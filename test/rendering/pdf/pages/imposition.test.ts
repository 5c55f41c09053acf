import { renderPdf } from '../../../../src/rendering/pdf';
import { foldOrder } from '../../../../src/rendering/pdf/pages/imposition';
import { PdfOptions } from '../../../../src/rendering/pdf/options';
import { longDocument } from '../../../factories/layout';
import { ExtractedPdf, extractPdf, footerItems, itemsText, PdfPage, PdfTextItem, rightEdge, visibleItems } from '../../../helpers/pdf';

const BOOKLET: PdfOptions = { size: 'a4', layout: 'booklet', profile: 'accessible' };
const A5: PdfOptions = { size: 'a5', layout: 'pages', profile: 'accessible' };
const FOLD = 841.89 / 2;

describe('saddle-stitch fold order', () => {
  it('puts the last and first pages on the front of the first sheet, then works inwards, alternating sides', () => {
    expect(foldOrder(8, 'left')).toEqual([
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
  });

  it('swaps the halves when the binding is on the right (Arabic, Persian)', () => {
    expect(foldOrder(8, 'right')).toEqual([
      [1, 8],
      [7, 2],
      [3, 6],
      [5, 4],
    ]);
  });

  it('carries every page exactly once, two per sheet side', () => {
    const sides = foldOrder(20, 'left');
    expect(sides).toHaveLength(10);
    expect(sides.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses a page count that does not fold', () => {
    expect(() => foldOrder(10, 'left')).toThrow(/multiple of 4/);
  });
});

/** The "n" of "Page n of m" printed in the footer of one half of a sheet, or null (cover, blank page). */
function pageNumberOn(sheet: PdfPage, half: 'left' | 'right'): number | null {
  const items = footerItems(sheet).filter((i) => (half === 'left' ? i.x < FOLD : i.x >= FOLD));
  const m = /Page (\d+) of (\d+)/.exec(itemsText(items));
  return m ? Number(m[1]) : null;
}

describe('an English booklet imposed for printing', () => {
  const doc = longDocument('en');
  let a5Pages: number;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    a5Pages = (await extractPdf(await renderPdf(doc, A5))).numPages;
    pdf = await extractPdf(await renderPdf(doc, BOOKLET));
  });

  it('prints two A5 pages per A4 landscape sheet side, padded to a multiple of four pages', () => {
    expect(pdf.numPages).toBe((Math.ceil(a5Pages / 4) * 4) / 2);
    for (const sheet of pdf.pages) {
      expect(sheet.width).toBeCloseTo(841.89, 1);
      expect(sheet.height).toBeCloseTo(595.28, 1);
    }
  });

  it('prints the pages in fold order: the page numbers on each half are those of the fold order', () => {
    const total = pdf.numPages * 2;
    const order = foldOrder(total, 'left');
    // The cover and the blank pages added before the closing page carry no number.
    const unnumbered = (n: number): boolean => n === 1 || (n >= a5Pages && n < total);
    pdf.pages.forEach((sheet, k) => {
      const [left, right] = order[k] as [number, number];
      expect(pageNumberOn(sheet, 'left')).toBe(unnumbered(left) ? null : left);
      expect(pageNumberOn(sheet, 'right')).toBe(unnumbered(right) ? null : right);
    });
    expect(itemsText(footerItems(pdf.pages[0] as PdfPage))).toContain(`Page ${total} of ${total}`);
  });

  it('keeps each page within its half of the sheet', () => {
    for (const sheet of pdf.pages) {
      for (const item of visibleItems(sheet)) {
        const inLeft = rightEdge(item) <= FOLD + 0.5;
        const inRight = item.x >= FOLD - 0.5;
        expect(inLeft || inRight).toBe(true);
      }
    }
  });

  it('bookmarks the sections in reading order, each on the sheet that carries its first page', () => {
    expect(pdf.outline.map((o) => o.title)).toEqual(doc.sections.map((s) => s.title));
    const sheets = pdf.outline.map((o) => o.page ?? 0);
    for (const sheet of sheets) expect(sheet).toBeGreaterThanOrEqual(1);
    // Section titles are 13.5 pt on A5.
    const titleSheet = (title: string): number =>
      pdf.pages.findIndex((p) => visibleItems(p).some((i: PdfTextItem) => i.str === title && Math.abs(i.height - 13.5) < 0.3)) + 1;
    expect(sheets).toEqual(doc.sections.map((s) => titleSheet(s.title)));
  });

  it('has a structure tree on every sheet', () => {
    for (const sheet of pdf.pages) expect(sheet.structTree).not.toBeNull();
  });
});

describe('an Arabic booklet imposed for printing', () => {
  it('binds on the right: the first sheet carries the cover on its left half and the back page on its right', async () => {
    const doc = longDocument('ar');
    const pdf = await extractPdf(await renderPdf(doc, BOOKLET));
    const first = pdf.pages[0] as PdfPage;
    const total = pdf.numPages * 2;
    // foldOrder(…, 'right')[0] is [1, n]: the cover on the left half, the closing page on the right.
    const titleItems = visibleItems(first).filter((i) => i.height > 20);
    expect(titleItems.length).toBeGreaterThan(0);
    for (const item of titleItems) expect(rightEdge(item)).toBeLessThanOrEqual(FOLD);
    const rightFooter = footerItems(first).filter((i) => i.x >= FOLD);
    expect(
      itemsText(rightFooter)
        .split(' ')
        .filter((w) => w === new Intl.NumberFormat(doc.locale, { useGrouping: false }).format(total)),
    ).toHaveLength(2);
  });
});
