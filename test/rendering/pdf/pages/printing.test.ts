import path from 'node:path';
import request from 'supertest';
import { renderPdf } from '../../../../src/rendering/pdf';
import type { PdfOptions } from '../../../../src/rendering/pdf/options';
import { foldOrder } from '../../../../src/rendering/pdf/pages/imposition';
import { layoutDocument } from '../../../factories/layout';
import { createTestApp } from '../../../helpers/app';
import { ExtractedPdf, extractPdf, footerItems, itemsText, pageText, PdfPage } from '../../../helpers/pdf';
import { readWithPdfium } from '../../../helpers/pdfium';
import { readWithPoppler } from '../../../helpers/poppler';

const BOOKLET: PdfOptions = { size: 'a4', layout: 'booklet', profile: 'accessible' };
const FOLD = 841.89 / 2;

/** Compared without spaces, marks, format characters and punctuation that readers detach or mirror. */
const bare = (t: string): string => t.replace(/[\p{M}\p{Cf}\s()،,.:]/gu, '');

/** Latin digits for Persian and Arabic-Indic ones. */
const latinDigits = (t: string): string => t.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.codePointAt(0) as number) & 0xf));

/**
 * The "n" of the "page n of m" footer printed on one half of a sheet side, in any language and
 * digits, or null (cover, blank page, closing page without a footer). `m` is the page count.
 */
function printedPageNumber(sheet: PdfPage, half: 'left' | 'right', m: number): number | null {
  const items = footerItems(sheet).filter((i) => (half === 'left' ? i.x < FOLD : i.x >= FOLD));
  // The edition's year is also in the footer: page numbers are those up to m.
  const numbers = (latinDigits(itemsText(items)).match(/\d+/g) ?? []).map(Number).filter((n) => n <= m);
  const total = numbers.indexOf(m);
  if (total < 0) return null;
  numbers.splice(total, 1);
  return numbers[0] ?? m;
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the bilingual folded booklet of the sample (Ukrainian and Persian)', () => {
  const { app } = createTestApp(path.join(__dirname, '../../../../booklets'));
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    const res = await request(app).get('/booklets/right-to-information/uk.pdf?layout=booklet&with=fa').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    bytes = res.body as Buffer;
    pdf = await extractPdf(bytes);
  });

  it('takes 8 A4 sheets, where starting every section on a new spread took 10', () => {
    expect(pdf.numPages % 2).toBe(0);
    expect(pdf.numPages / 2).toBeLessThanOrEqual(8);
    for (const side of pdf.pages) expect([Math.round(side.width), Math.round(side.height)]).toEqual([842, 595]);
  });

  it('prints its pages in fold order, read from the page numbers printed on each half', () => {
    const total = pdf.numPages * 2;
    const numbered = new Set<number>();
    pdf.pages.forEach((sheet, k) => {
      const [left, right] = foldOrder(total, 'left')[k] as [number, number];
      for (const [half, expected] of [
        ['left', left],
        ['right', right],
      ] as const) {
        const printed = printedPageNumber(sheet, half, total);
        // Only the cover and blank pages carry no number.
        if (printed !== null) {
          expect(printed).toBe(expected);
          numbered.add(printed);
        }
      }
    });
    // Every page but the cover and at most one page facing the end of the longer language is numbered.
    expect(numbered.size).toBeGreaterThanOrEqual(total - 2);
    expect(numbered.has(1)).toBe(false);
  });

  it('says on its first page, in Ukrainian, to print double-sided flipping on the short edge', async () => {
    const howTo = 'Як друкувати: з обох боків аркуша, перегортання по короткому краю.';
    // The cover is the right half of the first side (the binding is on the left).
    const cover = itemsText(footerItems(pdf.pages[0] as PdfPage).filter((i) => i.x >= FOLD));
    expect(cover).toContain(howTo);
    expect(bare((await readWithPdfium(bytes))[0]?.text ?? '')).toContain(bare(howTo));
    expect(bare(readWithPoppler(bytes)[0] ?? '')).toContain(bare(howTo));
  });
});

describe.each([
  ['fa', 'روش چاپ: دورو، با برگرداندن از لبهٔ کوتاه.'],
  ['ru', 'Как печатать: с двух сторон листа, переворот по короткому краю.'],
  ['en', 'How to print: on both sides of the paper, flip on the short edge.'],
] as const)('the first page of a folded %s booklet', (lang, howTo) => {
  it('says how to print it, in the language of the page, as pdf.js, PDFium and poppler read it', async () => {
    const doc = layoutDocument(lang);
    expect(doc.labels.cover.howToPrint.booklet).toContain(howTo);
    const bytes = await renderPdf(doc, BOOKLET);
    const first = (await extractPdf(bytes)).pages[0] as PdfPage;
    expect(bare(pageText(first))).toContain(bare(howTo));
    expect(bare((await readWithPdfium(bytes))[0]?.text ?? '')).toContain(bare(howTo));
    expect(bare(readWithPoppler(bytes)[0] ?? '')).toContain(bare(howTo));
    // Not the page-by-page instruction.
    expect(bare(pageText(first))).not.toContain(bare(doc.labels.cover.howToPrint.pages));
  });
});
