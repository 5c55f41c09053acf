/*
 * The members of pdfkit 0.17 internals that tagging, navigation and imposition use (the version is
 * pinned; test/rendering/pdf/tagging/tagging.test.ts fails if they change). pdfkit's own
 * structure API (`doc.struct`) ties each element to closures drawn in tree order; a booklet imposed
 * for printing draws its pages in fold order and needs links tagged with object references, so the
 * renderer builds the tree itself (tagging/tagging.ts) on pdfkit's StructTreeRoot, parent tree and
 * page keys.
 */

/** A PDF indirect object as pdfkit holds it: its dictionary is filled in before `end()` writes it. */
export interface PdfRef {
  id: number;
  data: Record<string, unknown>;
  end(): void;
  /** "n 0 R". */
  toString(): string;
}

/** pdfkit's number tree (the parent tree): values by integer key. */
interface NumberTree {
  get(key: number): (PdfRef | null)[];
  add(key: number, value: unknown): void;
}

interface StructTreeRoot extends PdfRef {
  data: { ParentTreeNextKey: number; K?: unknown } & Record<string, unknown>;
}

/** What the renderer reads from pdfkit's document for tagging. */
export interface StructInternals {
  getStructTreeRoot(): StructTreeRoot;
  getStructParentTree(): NumberTree;
  /** The current transformation matrix [a b c d e f] (pdfkit tracks it for annotations). */
  _ctm: number[];
  /** The catalog, for viewer preferences. */
  _root: { data: { ViewerPreferences?: PdfRef } };
}

/** What the renderer reads from pdfkit's page. */
export interface PageInternals {
  dictionary: PdfRef;
  /** The page's key in the parent tree (created on first use). */
  structParentTreeKey: number;
  annotations: PdfRef[];
}

/** The document's tagging internals; throws if pdfkit no longer has them. */
export function structInternals(doc: PDFKit.PDFDocument): StructInternals {
  const d = doc as unknown as StructInternals;
  if (typeof d.getStructTreeRoot !== 'function' || !Array.isArray(d._ctm)) {
    throw new Error('pdfkit internals changed: structure tree not found (see src/rendering/pdf/pdfkit/structure.ts)');
  }
  return d;
}

/** The page's dictionary, parent-tree key and annotations. */
export function pageInternals(page: PDFKit.PDFPage): PageInternals {
  return page as unknown as PageInternals;
}

/**
 * A point in pdfkit's coordinates (origin top left, after the current transformation) in PDF user
 * space (origin bottom left), e.g. for a figure's bounding box on an imposed sheet.
 */
export function toUserSpace(doc: PDFKit.PDFDocument, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = structInternals(doc)._ctm as [number, number, number, number, number, number];
  return [a * x + c * y + e, b * x + d * y + f];
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '(': '\\(', ')': '\\)', '\r': '\\r', '\n': '\\n' };

/**
 * A text string for a content stream or a compressed object: printable ASCII as it is, anything
 * else UTF-16BE with a byte order mark, as a literal string (binary bytes compress better than hex
 * in a deflated stream). pdfkit writes content strings as latin1, byte for byte.
 */
export function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  const be = Buffer.allocUnsafe(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return `(${be.toString('latin1').replace(/[\\()\r\n]/g, (c) => ESCAPES[c] as string)})`;
}

/** Where a link goes: a web (or tel:, mailto:) address, or a named destination in the document. */
export type LinkTarget = { uri: string } | { dest: string };

/**
 * Adds a link annotation over the rectangle (pdfkit coordinates) to the current page, written as
 * one object with its action inline (pdfkit's `link()` makes two, and normalizes options per call).
 * `contents` describes it for assistive technology (PDF/UA); `structParent` ties it to its Link
 * element. Printable (F 4), as PDF/A requires.
 */
export function linkAnnotation(
  doc: PDFKit.PDFDocument,
  rect: { x: number; y: number; width: number; height: number },
  target: LinkTarget,
  contents: string,
  structParent?: number,
): void {
  const [ax, ay] = toUserSpace(doc, rect.x, rect.y);
  const [bx, by] = toUserSpace(doc, rect.x + rect.width, rect.y + rect.height);
  const data: Record<string, unknown> = {
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)],
    Border: [0, 0, 0],
    F: 4,
    Contents: new String(contents),
    A: 'uri' in target ? { S: 'URI', URI: new String(target.uri) } : { S: 'GoTo', D: new String(target.dest) },
  };
  if (structParent !== undefined) data.StructParent = structParent;
  const ref = doc.ref(data) as unknown as PdfRef;
  pageInternals(doc.page).annotations.push(ref);
  ref.end();
}
