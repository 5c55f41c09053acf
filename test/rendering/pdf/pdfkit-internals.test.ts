import PDFDocument from 'pdfkit';
import { fontBytes, sharedFont } from '../../../src/rendering/pdf/fonts';

/**
 * The pdfkit and fontkit internals that the adapters (src/rendering/pdf/pdfkit-*.ts, fontkit-*.ts)
 * rely on. pdfkit and fontkit are pinned; when an upgrade moves one of these, this test names it,
 * instead of a booklet failing to render (or rendering wrong) somewhere later.
 */
const DOCUMENT_INTERNALS: [name: string, kind: 'function' | 'object' | 'number', usedBy: string][] = [
  ['_addInfo', 'function', 'pdfkit-metadata.ts (XMP escaping)'],
  ['_root', 'object', 'pdfkit-metadata.ts, pdfkit-objstm.ts, pdfkit-structure.ts'],
  ['_write', 'function', 'pdfkit-objstm.ts'],
  ['_refEnd', 'function', 'pdfkit-objstm.ts'],
  ['_finalize', 'function', 'pdfkit-objstm.ts'],
  ['_offsets', 'object', 'pdfkit-objstm.ts'],
  ['_fontFamilies', 'object', 'pdfkit-fonts.ts'],
  ['_fontCount', 'number', 'pdfkit-fonts.ts'],
  ['_ctm', 'object', 'pdfkit-structure.ts'],
  ['ref', 'function', 'pdfkit-objstm.ts'],
  ['addContent', 'function', 'pdfkit-content.ts'],
  ['getStructTreeRoot', 'function', 'pdfkit-structure.ts'],
  ['getStructParentTree', 'function', 'pdfkit-structure.ts'],
];

function missing(object: object, name: string, kind: string): string | undefined {
  const value: unknown = (object as Record<string, unknown>)[name];
  return typeof value === kind ? undefined : `${name} is ${value === undefined ? 'missing' : `a ${typeof value}, not a ${kind}`}`;
}

describe('the pdfkit and fontkit internals the adapters rely on', () => {
  it('are all present on a tagged pdfkit document of the installed version', () => {
    const doc = new PDFDocument({ autoFirstPage: false, tagged: true, font: null } as unknown as PDFKit.PDFDocumentOptions);
    const problems = DOCUMENT_INTERNALS.flatMap(([name, kind, usedBy]) => {
      const problem = missing(doc, name, kind);
      return problem ? [`pdfkit internal changed: PDFDocument.${problem} (used by src/rendering/pdf/${usedBy})`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('include the embedded font pdfkit keeps as _font, with encode, embed and its subset', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null } as unknown as PDFKit.PDFDocumentOptions);
    doc.registerFont('latin', fontBytes('latin-regular'));
    doc.font('latin');
    const font = (doc as unknown as { _font?: Record<string, unknown> })._font;
    const problems = font
      ? ['encode', 'embed', 'ref'].flatMap((name) => missing(font, name, 'function') ?? []).concat(missing(font, 'subset', 'object') ?? [])
      : ['_font is missing'];
    expect(problems.map((p) => `pdfkit internal changed: EmbeddedFont.${p} (used by src/rendering/pdf/pdfkit-fonts.ts)`)).toEqual([]);
  });

  it('include the glyph cache fontkit keeps as Font._glyphs', () => {
    const glyphs = (sharedFont('latin-regular') as unknown as { _glyphs?: unknown })._glyphs;
    expect(typeof glyphs === 'object' && glyphs !== null ? '' : 'fontkit internal changed: Font._glyphs is missing (used by src/rendering/pdf/fontkit-glyphs.ts)').toBe('');
  });
});
