import PDFDocument from 'pdfkit';
import type * as fontkit from 'fontkit';
import { FONT_KEYS, FontKey, fontBytes, sharedFont } from './fonts';
import { PdfGlyphPosition, shapeForPdf } from './shaping';

/*
 * The one place that reaches into pdfkit 0.17 internals (the version is pinned in package.json;
 * the tests in test/rendering/pdf fail if they change: fonts embedded, text extracted). It uses
 * pdfkit's EmbeddedFont class, the document's font registry and the page's font resources.
 *
 * Why: pdfkit parses every font again for each document (2–4 ms per face before any text, plus
 * ~100 ms for the first layout that decodes GSUB/GPOS) and shapes every string again. Here each
 * document gets pdfkit's own EmbeddedFont (so subsetting, widths, ToUnicode and embedding stay
 * pdfkit's), built around the process-wide parsed font, with `encode` answered from the
 * process-wide glyph cache (shaping.ts), which reproduces fontkit's glyph order.
 */

/** The members of pdfkit's EmbeddedFont this adapter uses or replaces. */
interface EmbeddedFont {
  /** Resource name of the font in the document, e.g. "F3". */
  id: string;
  /** The font's dictionary (created on first call); pdfkit embeds the fonts that have one. */
  ref(): unknown;
  subset: fontkit.Subset;
  widths: number[];
  unicode: (readonly number[])[];
  encode(text: string, features?: unknown): [string[], PdfGlyphPosition[]];
  /** Writes the font's objects; called by pdfkit when the document ends. */
  embed(): void;
}

type EmbeddedFontClass = new (document: PDFKit.PDFDocument, font: fontkit.Font, id: string) => EmbeddedFont;

/** pdfkit's per-document font registry (FontsMixin); `end()` finalizes the fonts listed here. */
interface FontsMixinState {
  _fontFamilies: Record<string, EmbeddedFont>;
  _fontCount: number;
  _font: EmbeddedFont | null;
  /** The PDF/A or PDF/UA part number (1 for both PDF/A-1 and PDF/UA-1). */
  subset?: number;
}

/** The page's font resources (PDFPage.fonts), where a content stream's font names resolve. */
interface PageResources {
  fonts: Record<string, unknown>;
}

let embeddedFontClass: EmbeddedFontClass | undefined;

/**
 * pdfkit does not export EmbeddedFont; the class is taken from a font opened the ordinary way in a
 * throwaway document, once per process.
 */
function getEmbeddedFontClass(): EmbeddedFontClass {
  if (!embeddedFontClass) {
    const probe = new PDFDocument({ autoFirstPage: false, font: null } as unknown as PDFKit.PDFDocumentOptions);
    probe.registerFont('probe', fontBytes('latin-regular'));
    probe.font('probe');
    const font = (probe as unknown as FontsMixinState)._font;
    if (!font || typeof font.encode !== 'function' || !('subset' in font)) {
      throw new Error('pdfkit internals changed: EmbeddedFont not found (see src/rendering/pdf/pdfkit-fonts.ts)');
    }
    embeddedFontClass = font.constructor as EmbeddedFontClass;
  }
  return embeddedFontClass;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Glyph id in the subset as the 4 hex digits pdfkit writes into a TJ string. */
function hex4(gid: number): string {
  return HEX[(gid >> 8) & 0xff] + (HEX[gid & 0xff] as string);
}

/**
 * Encoded font subsets by font and glyph list. Rendering the same booklet again (another
 * request, a cache refill) gives the same glyphs in the same order, so the same subset bytes;
 * encoding them means decoding every glyph outline again.
 */
const subsets = new Map<string, Uint8Array>();
const sharedSubsets = new WeakSet<Uint8Array>();

/** True for font subset bytes from the process-wide cache (the same bytes for every document). */
export function isSharedSubset(data: Uint8Array): boolean {
  return sharedSubsets.has(data);
}
const MAX_SUBSETS = 32;

function install(doc: PDFKit.PDFDocument, key: FontKey): EmbeddedFont {
  const state = doc as unknown as FontsMixinState;
  const Embedded = getEmbeddedFontClass();
  const embedded = new Embedded(doc, sharedFont(key), `F${++state._fontCount}`);
  let glyphCount = 1; // the subset starts with .notdef
  let glyphList = key;
  const encodeSubset = embedded.subset.encode.bind(embedded.subset);
  embedded.subset.encode = (): Uint8Array => {
    let bytes = subsets.get(glyphList);
    if (!bytes) {
      bytes = encodeSubset();
      if (subsets.size >= MAX_SUBSETS) subsets.delete(subsets.keys().next().value as string);
      subsets.set(glyphList, bytes);
      sharedSubsets.add(bytes);
    }
    return bytes;
  };
  embedded.encode = (text: string): [string[], PdfGlyphPosition[]] => {
    const shaped = shapeForPdf(key, text);
    const encoded: string[] = new Array<string>(shaped.ids.length);
    for (let i = 0; i < shaped.ids.length; i++) {
      const gid = embedded.subset.includeGlyph(shaped.ids[i] as number);
      if (gid === glyphCount) {
        glyphCount++;
        glyphList += `,${shaped.ids[i] as number}`;
      }
      encoded[i] = hex4(gid);
      if (embedded.widths[gid] == null) embedded.widths[gid] = (shaped.positions[i] as PdfGlyphPosition).advanceWidth;
      if (embedded.unicode[gid] == null) embedded.unicode[gid] = shaped.codePoints[i] as readonly number[];
    }
    return [encoded, shaped.positions];
  };
  const embed = embedded.embed.bind(embedded);
  embedded.embed = (): void => {
    // pdfkit writes a fixed CIDSet (the first 34 glyph ids) whenever the subset number is 1, which
    // PDF/UA-1 also sets: wrong for a real subset, and optional outside PDF/A-1. Left out.
    const part = state.subset;
    state.subset = undefined;
    try {
      embed();
    } finally {
      state.subset = part;
    }
  };
  state._fontFamilies[key] = embedded;
  return embedded;
}

/** A font ready to write glyphs with: its resource name and its glyph encoder. */
export interface PdfFont {
  /** Resource name for the Tf operator. */
  id: string;
  /** Glyph ids in the subset (4 hex digits each) and positions of `text`, as pdfkit would draw it. */
  encode(text: string): [string[], PdfGlyphPosition[]];
}

/**
 * The fonts of one document: every file registered once under its key, and opened on first use
 * around the shared parsed font. Unused fonts are never embedded (pdfkit embeds a font only once
 * a page refers to it). Text is written with glyphs.ts rather than `doc.text()`, which costs a
 * Buffer per operator.
 */
export class DocumentFonts {
  private readonly opened = new Map<FontKey, EmbeddedFont>();

  constructor(private readonly doc: PDFKit.PDFDocument) {
    for (const key of FONT_KEYS) doc.registerFont(key, fontBytes(key));
  }

  /** The font `key`, added to the current page's resources (text on this page may use it). */
  onPage(key: FontKey): PdfFont {
    let font = this.opened.get(key);
    if (!font) {
      font = install(this.doc, key);
      this.opened.set(key, font);
    }
    const resources = (this.doc.page as unknown as PageResources).fonts;
    if (resources[font.id] == null) resources[font.id] = font.ref();
    return font;
  }
}
