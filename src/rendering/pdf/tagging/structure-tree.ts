import { num } from '../text/glyphs';
import { writeSerialized } from '../pdfkit/objstm';
import { PdfRef, structInternals, textString } from '../pdfkit/structure';

/*
 * The structure tree as the renderer collects it while drawing (tagging.ts), and how it is written:
 * elements in reading order, each serialized straight into the object streams, with the parent
 * tree that maps every page's MCIDs and every link annotation back to its element.
 */

/** Standard structure types the booklet uses (PDF 1.7, 14.8.4). */
export type StructRole =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Figure'
  | 'TOC'
  | 'TOCI'
  | 'Reference'
  | 'Link'
  | 'Span';

/** Optional properties of a structure element. */
export interface StructOptions {
  /** Language of the element's text, when it differs from its parent's. */
  lang?: string;
  /** Alternative text (figures). */
  alt?: string;
  /** List numbering (L elements), for assistive technology announcing items. */
  listNumbering?: 'Disc' | 'Decimal';
}

/** A marked-content sequence on a page: `seq` orders it in reading order. */
export interface MarkedContent {
  kind: 'mcid';
  seq: number;
  page: PdfRef;
  mcid: number;
  /** The page's entry in the parent tree, to be filled with the element that owns the MCID. */
  slot: (PdfRef | null)[];
}

/** An annotation (a link) that belongs to an element. */
export interface AnnotationKid {
  kind: 'annot';
  seq: number;
  page: PdfRef;
  annot: PdfRef;
  key: number;
}

/** A structure element, collected while drawing and written as PDF objects by `Tagger.finish`. */
export interface StructNode extends StructOptions {
  readonly role: StructRole;
  readonly kids: (StructNode | MarkedContent | AnnotationKid)[];
  /** The link target of a Link element (so a link broken over two lines stays one element). */
  href?: string;
  /** Layout bounding box in PDF user space (figures). */
  bbox?: [number, number, number, number];
}

export type Kid = StructNode['kids'][number];

/** True for a child that is an element (not content or an annotation). */
export function isNode(kid: Kid): kid is StructNode {
  return 'role' in kid;
}

/** Writes the tree under `root` (the Document element) into pdfkit's StructTreeRoot. */
export function writeStructTree(doc: PDFKit.PDFDocument, root: StructNode): void {
  sortKids(root);
  const treeRoot = structInternals(doc).getStructTreeRoot();
  const ref = write(doc, root, treeRoot);
  if (ref) treeRoot.data.K = [ref];
}

/**
 * Writes `node` and its subtree; returns its reference, or null when it has no content. A tree
 * has hundreds of elements, so each is serialized here, straight into the object streams.
 */
function write(doc: PDFKit.PDFDocument, node: StructNode, parent: PdfRef): PdfRef | null {
  if (keyOf(node) === Infinity) return null;
  const ref = doc.ref({}) as unknown as PdfRef;
  const pg = firstPage(node);
  const kids: string[] = [];
  for (const kid of node.kids) {
    if (isNode(kid)) {
      const child = write(doc, kid, ref);
      if (child) kids.push(child.toString());
    } else if (kid.kind === 'mcid') {
      kid.slot[kid.mcid] = ref;
      kids.push(kid.page === pg ? String(kid.mcid) : `<</Type /MCR /Pg ${kid.page.toString()} /MCID ${kid.mcid}>>`);
    } else {
      structInternals(doc).getStructParentTree().add(kid.key, ref);
      kids.push(`<</Type /OBJR /Pg ${kid.page.toString()} /Obj ${kid.annot.toString()}>>`);
    }
  }
  let body = `<</S /${node.role} /P ${parent.toString()}`;
  if (pg) body += ` /Pg ${pg.toString()}`;
  body += kids.length === 1 ? ` /K ${kids[0] as string}` : ` /K [${kids.join(' ')}]`;
  if (node.lang !== undefined) body += ` /Lang ${textString(node.lang)}`;
  if (node.alt !== undefined) body += ` /Alt ${textString(node.alt)}`;
  if (node.listNumbering !== undefined) body += ` /A <</O /List /ListNumbering /${node.listNumbering}>>`;
  if (node.bbox !== undefined) body += ` /A <</O /Layout /BBox [${node.bbox.map(num).join(' ')}]>>`;
  writeSerialized(doc, ref, `${body}>>`);
  return ref;
}

function kidKey(kid: Kid): number {
  return isNode(kid) ? keyOf(kid) : kid.seq;
}

const keys = new WeakMap<StructNode, number>();

/** The reading-order position of an element: that of its first content (Infinity when empty). */
function keyOf(node: StructNode): number {
  let k = keys.get(node);
  if (k === undefined) {
    k = Infinity;
    for (const kid of node.kids) k = Math.min(k, kidKey(kid));
    keys.set(node, k);
  }
  return k;
}

/** Puts every element's children in reading order (stable: equal keys keep their order). */
function sortKids(node: StructNode): void {
  node.kids.sort((a, b) => {
    const ka = kidKey(a);
    const kb = kidKey(b);
    return ka === kb ? 0 : ka < kb ? -1 : 1;
  });
  for (const kid of node.kids) if (isNode(kid)) sortKids(kid);
}

function firstPage(node: StructNode): PdfRef | undefined {
  for (const kid of node.kids) if (!isNode(kid)) return kid.page;
  return undefined;
}
