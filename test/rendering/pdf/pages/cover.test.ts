import jsQR from 'jsqr';
import type { PNG } from 'pngjs';
import { renderPdf } from '../../../../src/rendering/pdf';
import type { LayoutDocument } from '../../../../src/rendering/layout/model';
import type { PdfOptions } from '../../../../src/rendering/pdf/options';
import { FixtureLang, layoutDocument } from '../../../factories/layout';
import { ExtractedPdf, extractPdf, footerItems, headerItems, itemsText, normalizeSpace, pageText, PdfPage } from '../../../helpers/pdf';
import { decodeQr, renderPage } from '../../../helpers/pdf-raster';

const A4: PdfOptions = { size: 'a4', layout: 'pages', profile: 'accessible' };

/**
 * Text compared without spaces, marks, joiners and brackets: pdf.js detaches Arabic marks, drops
 * ZWNJ and returns the mirrored glyph of a bracket in right-to-left text (see rtl.test.ts).
 */
const bare = (t: string): string => t.replace(/[\p{M}\p{Cf}\s()]/gu, '');

/** True when every pixel of the ring between the symbol and `modules` modules outside it is white. */
function quietZoneIsWhite(image: PNG, modules: number): boolean {
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const code = jsQR(pixels, image.width, image.height);
  if (!code) return false;
  const { topLeftCorner: tl, topRightCorner: tr, bottomLeftCorner: bl } = code.location;
  const size = 17 + 4 * code.version;
  const module = (tr.x - tl.x) / size;
  const inner = { left: tl.x, top: tl.y, right: tr.x, bottom: bl.y };
  const pad = modules * module - 1; // a pixel of anti-aliasing at the symbol's edge
  for (let y = Math.floor(inner.top - pad); y <= inner.bottom + pad; y++) {
    for (let x = Math.floor(inner.left - pad); x <= inner.right + pad; x++) {
      const inside = x > inner.left - 2 && x < inner.right + 2 && y > inner.top - 2 && y < inner.bottom + 2;
      if (inside) continue;
      const i = (y * image.width + x) * 4;
      if ((image.data[i] as number) < 200) return false;
    }
  }
  return true;
}

describe.each<[FixtureLang, Partial<PdfOptions>]>([
  ['en', {}],
  ['ar', {}],
  ['uk', { size: 'a5' }],
])('the cover of a %s booklet %j', (lang, options) => {
  const doc: LayoutDocument = layoutDocument(lang, { sample: true });
  let bytes: Buffer;
  let pdf: ExtractedPdf;
  let cover: PdfPage;

  beforeAll(async () => {
    bytes = await renderPdf(doc, { ...A4, ...options });
    pdf = await extractPdf(bytes);
    cover = pdf.pages[0] as PdfPage;
  });

  it('shows the institution, the title, the language in its own name, the edition and the sample notice', () => {
    const text = bare(pageText(cover));
    for (const line of [doc.labels.cover.institution, doc.title, doc.languageName, doc.labels.cover.edition, doc.labels.sampleNotice]) {
      expect(text).toContain(bare(line));
    }
  });

  it('invites to read online, with the address printed and clickable', () => {
    const text = normalizeSpace(pageText(cover));
    expect(text.replace(/\s/g, '')).toContain(doc.labels.cover.readOnline.replace(/\s/g, ''));
    expect(text).toContain(doc.onlineUrl);
    expect(cover.links.map((l) => l.url)).toContain(doc.onlineUrl);
  });

  it('has a QR code that a phone camera reads as exactly the online address, with its quiet zone clear', () => {
    const image = renderPage(bytes, 1, 100);
    expect(decodeQr(image)).toBe(doc.onlineUrl);
    expect(quietZoneIsWhite(image, 4)).toBe(true);
  });

  it('has no running header and no footer: at its foot only how to print it, page by page', () => {
    expect(headerItems(cover)).toEqual([]);
    expect(bare(itemsText(footerItems(cover)))).toBe(bare(doc.labels.cover.howToPrint.pages));
  });
});

describe('the closing page', () => {
  it.each<FixtureLang>(['en', 'uk', 'fa'])(
    'closes a %s booklet with who translated it, the source, the status and the date',
    async (lang) => {
      const doc = layoutDocument(lang);
      const pdf = await extractPdf(await renderPdf(doc));
      const last = pdf.pages[pdf.numPages - 1] as PdfPage;
      const c = doc.labels.closing;
      const expected = [c.title, c.translation, c.source, c.status, c.published].filter((l): l is string => l !== undefined);
      expect(expected.length).toBe(lang === 'en' ? 4 : 5);
      const text = bare(pageText(last));
      for (const line of expected) expect(text).toContain(bare(line));
      expect(headerItems(last)).toEqual([]);
      // "page m of m" in the footer: the page count twice, in the language's digits.
      const count = new Intl.NumberFormat(lang).format(pdf.numPages);
      expect(
        itemsText(footerItems(last))
          .split(' ')
          .filter((word) => word === count),
      ).toHaveLength(2);
    },
  );
});
