import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { fontBytes, sharedFont } from '../../../../src/rendering/pdf/text/fonts';

/**
 * The pdfkit and fontkit internals that the adapters (the files under src/rendering/pdf/pdfkit/)
 * rely on. pdfkit and fontkit are pinned; when an upgrade moves one of these, this test names it,
 * instead of a booklet failing to render (or rendering wrong) somewhere later.
 */
const DOCUMENT_INTERNALS: [name: string, kind: 'function' | 'object' | 'number', usedBy: string][] = [
  ['_addInfo', 'function', 'metadata.ts (XMP escaping)'],
  ['_root', 'object', 'metadata.ts, objstm.ts, structure.ts'],
  ['_write', 'function', 'objstm.ts'],
  ['_refEnd', 'function', 'objstm.ts'],
  ['_finalize', 'function', 'objstm.ts'],
  ['_offsets', 'object', 'objstm.ts'],
  ['_fontFamilies', 'object', 'fonts.ts'],
  ['_fontCount', 'number', 'fonts.ts'],
  ['_ctm', 'object', 'structure.ts'],
  ['ref', 'function', 'objstm.ts'],
  ['addContent', 'function', 'content.ts'],
  ['getStructTreeRoot', 'function', 'structure.ts'],
  ['getStructParentTree', 'function', 'structure.ts'],
  ['outline', 'object', 'outline.ts (bookmarks)'],
];

const ADAPTER_DIR = path.join(__dirname, '..', '..', '..', '..', 'src', 'rendering', 'pdf', 'pdfkit');

function missing(object: object, name: string, kind: string): string | undefined {
  const value: unknown = (object as Record<string, unknown>)[name];
  return typeof value === kind ? undefined : `${name} is ${value === undefined ? 'missing' : `a ${typeof value}, not a ${kind}`}`;
}

describe('the pdfkit and fontkit internals the adapters rely on', () => {
  it('are named with adapters that are there, under src/rendering/pdf/pdfkit/', () => {
    const named = DOCUMENT_INTERNALS.flatMap(([, , usedBy]) => usedBy.match(/[a-z-]+\.ts/g) ?? []).concat([
      'fonts.ts',
      'fontkit-glyphs.ts',
    ]);
    expect(named.filter((file) => !fs.existsSync(path.join(ADAPTER_DIR, file)))).toEqual([]);
  });

  it('are all present on a tagged pdfkit document of the installed version', () => {
    const doc = new PDFDocument({ autoFirstPage: false, tagged: true, font: null } as unknown as PDFKit.PDFDocumentOptions);
    const problems = DOCUMENT_INTERNALS.flatMap(([name, kind, usedBy]) => {
      const problem = missing(doc, name, kind);
      return problem ? [`pdfkit internal changed: PDFDocument.${problem} (used by src/rendering/pdf/pdfkit/${usedBy})`] : [];
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
    expect(problems.map((p) => `pdfkit internal changed: EmbeddedFont.${p} (used by src/rendering/pdf/pdfkit/fonts.ts)`)).toEqual([]);
  });

  it('include the glyph cache fontkit keeps as Font._glyphs', () => {
    const glyphs = (sharedFont('latin-regular') as unknown as { _glyphs?: unknown })._glyphs;
    expect(
      typeof glyphs === 'object' && glyphs !== null
        ? ''
        : 'fontkit internal changed: Font._glyphs is missing (used by src/rendering/pdf/pdfkit/fontkit-glyphs.ts)',
    ).toBe('');
  });
});
