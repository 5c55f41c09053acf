import PDFDocument from 'pdfkit';
import type * as fontkit from 'fontkit';
import { FONT_KEYS, FontKey, fontBytes, sharedFont } from '../text/fonts';
import { markOutline } from '../text/mark-outline';
import { PdfGlyphPosition, PlacedMark, shapeForPdf } from '../text/shaping';

/*
 * The font adapter, one of the adapters in this folder that reach into pdfkit 0.17 internals (the
 * version is pinned in package.json; test/rendering/pdf/pdfkit/internals.test.ts names any internal
 * an upgrade took away). It uses pdfkit's EmbeddedFont class, the document's font registry and the
 * page's font resources.
 *
 * Why: pdfkit parses every font again for each document (2–4 ms per face before any text, plus
 * ~100 ms for the first layout that decodes GSUB/GPOS) and shapes every string again. Here each
 * document gets pdfkit's own EmbeddedFont (so subsetting, widths, ToUnicode and embedding stay
 * pdfkit's), built around the process-wide parsed font, with `encode` answered from the
 * process-wide glyph cache (text/shaping.ts), which reproduces fontkit's glyph order.
 *
 * pdfkit maps each glyph to the characters of its first use. A glyph that stands for other
 * characters elsewhere (a letter carrying a mark, a mirrored bracket) is added to the subset once
 * more (fontkit's `subset.glyphs`), so that copy has its own code and ToUnicode entry.
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
  encode(text: string, features?: unknown): EncodedText;
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
      throw new Error('pdfkit internals changed: EmbeddedFont not found (see src/rendering/pdf/pdfkit/fonts.ts)');
    }
    embeddedFontClass = font.constructor as EmbeddedFontClass;
  }
  return embeddedFontClass;
}

/** Whether two glyphs' characters are the same. */
function sameText(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  const subsetGlyphs = embedded.subset.glyphs;
  if (!Array.isArray(subsetGlyphs))
    throw new Error('fontkit internals changed: Subset.glyphs not found (see src/rendering/pdf/pdfkit/fonts.ts)');
  // Copies of glyphs that stand for other characters than their first use: "id text" -> code.
  const copies = new Map<string, number>();
  /** The subset code for glyph `id` standing for `text`. */
  const codeFor = (id: number, codePoints: readonly number[], advanceWidth: number): number => {
    let gid = embedded.subset.includeGlyph(id);
    if (gid === glyphCount) {
      glyphCount++;
      glyphList += `,${id}`;
      embedded.widths[gid] = advanceWidth;
      embedded.unicode[gid] = codePoints;
      return gid;
    }
    // .notdef (a character no font has) keeps pdfkit's mapping to nothing: readers should not
    // get a character the page shows as an empty box.
    if (id === 0 || sameText(embedded.unicode[gid] as readonly number[], codePoints)) return gid;
    const copyKey = `${id} ${codePoints.join(',')}`;
    const copy = copies.get(copyKey);
    if (copy !== undefined) return copy;
    subsetGlyphs.push(id);
    gid = subsetGlyphs.length - 1;
    glyphCount++;
    glyphList += `,${id}`;
    embedded.widths[gid] = advanceWidth;
    embedded.unicode[gid] = codePoints;
    copies.set(copyKey, gid);
    return gid;
  };
  embedded.encode = (text: string, mirrored?: unknown): EncodedText => {
    const shaped = shapeForPdf(key, text, mirrored === true);
    const codes: string[] = new Array<string>(shaped.ids.length);
    for (let i = 0; i < shaped.ids.length; i++) {
      const pos = shaped.positions[i] as PdfGlyphPosition;
      codes[i] = hex4(codeFor(shaped.ids[i] as number, shaped.codePoints[i] as readonly number[], pos.advanceWidth));
    }
    return { codes, positions: shaped.positions, marks: shaped.hasMarks ? shaped.marks : undefined };
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

/** A string as glyphs of a document's font. */
export interface EncodedText {
  /** Codes of the glyphs in the font subset (4 hex digits each), in drawing order. */
  codes: string[];
  positions: readonly PdfGlyphPosition[];
  /** The marks placed on each glyph (undefined: none on any glyph), to draw as shapes. */
  marks?: readonly (readonly PlacedMark[] | undefined)[];
}

/** A font ready to write glyphs with: its resource name, its glyph encoder, its mark shapes. */
export interface PdfFont {
  /** Resource name for the Tf operator. */
  id: string;
  /** The glyphs of `text` as pdfkit would draw it; `mirrored`: brackets stand for their mirror images. */
  encode(text: string, mirrored?: boolean): EncodedText;
  /** Units per em of the font (mark shapes are drawn in font units). */
  unitsPerEm: number;
  /** The resource name of glyph `id`'s shape (a form XObject), added to the current page. */
  markShape(id: number): string;
}

/**
 * The fonts of one document: every file registered once under its key, and opened on first use
 * around the shared parsed font. Unused fonts are never embedded (pdfkit embeds a font only once
 * a page refers to it). Text is written with text/glyphs.ts rather than `doc.text()`, which costs a
 * Buffer per operator.
 */
export class DocumentFonts {
  private readonly opened = new Map<FontKey, { embedded: EmbeddedFont; font: PdfFont }>();
  /** Form XObjects of mark shapes by "font glyph": resource name and object. */
  private readonly shapes = new Map<string, { name: string; ref: PDFKit.PDFKitReference }>();

  constructor(private readonly doc: PDFKit.PDFDocument) {
    for (const key of FONT_KEYS) doc.registerFont(key, fontBytes(key));
  }

  /** The font `key`, added to the current page's resources (text on this page may use it). */
  onPage(key: FontKey): PdfFont {
    let opened = this.opened.get(key);
    if (!opened) {
      const embedded = install(this.doc, key);
      const font: PdfFont = {
        id: embedded.id,
        encode: (text, mirrored) => embedded.encode(text, mirrored),
        unitsPerEm: sharedFont(key).unitsPerEm,
        markShape: (id) => this.markShape(key, id),
      };
      opened = { embedded, font };
      this.opened.set(key, opened);
    }
    const resources = (this.doc.page as unknown as PageResources).fonts;
    if (resources[opened.font.id] == null) resources[opened.font.id] = opened.embedded.ref();
    return opened.font;
  }

  /**
   * Glyph `id` of font `key` as a shape: a form XObject with the glyph's outline in font units,
   * made once per document and named in the current page's resources.
   */
  private markShape(key: FontKey, id: number): string {
    const shapeKey = `${key} ${id}`;
    let shape = this.shapes.get(shapeKey);
    if (!shape) {
      const outline = markOutline(sharedFont(key), id);
      const ref = this.doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: outline.bbox, Resources: {} });
      ref.end(outline.operators);
      shape = { name: `Mk${this.shapes.size + 1}`, ref };
      this.shapes.set(shapeKey, shape);
    }
    const xobjects = this.doc.page.xobjects as Record<string, unknown>;
    if (xobjects[shape.name] == null) xobjects[shape.name] = shape.ref;
    return shape.name;
  }
}
