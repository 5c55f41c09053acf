import { pageInternals, structInternals } from '../pdfkit/structure';
import { isNode, StructNode, StructOptions, StructRole, writeStructTree } from './structure-tree';

export type { StructNode, StructOptions, StructRole } from './structure-tree';

/** Artifact kinds: page furniture (running header and footer, a draft's watermark) and layout decoration. */
export type ArtifactKind = 'Header' | 'Footer' | 'Watermark' | 'Layout';

/**
 * Tags a PDF as it is drawn: every piece of content is either marked as belonging to a structure
 * element (with an MCID) or marked as an artifact. Consecutive content of one element on one page
 * shares one marked-content sequence, which keeps the file small.
 *
 * Reading order is logical, not drawing order: a booklet imposed for printing draws its pages in
 * fold order, so each page gets a sequence base (`beginPage`) and the tree is sorted by it when
 * written.
 */
export class Tagger {
  readonly root: StructNode = { role: 'Document', kids: [] };
  private seq = 0;
  private open: { node: StructNode; page: unknown } | null = null;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** A new element under `parent`. */
  node(parent: StructNode, role: StructRole, options: StructOptions = {}): StructNode {
    const node: StructNode = { role, kids: [], ...options };
    parent.kids.push(node);
    return node;
  }

  /** Starts drawing the page that is `index`-th in reading order (not necessarily in the file). */
  beginPage(index: number): void {
    this.close();
    this.seq = index * 1_000_000;
  }

  /** Closes any open marked content: call before leaving a page or restoring graphics state. */
  endPage(): void {
    this.close();
  }

  /** Marks what is drawn next as content of `node`, until another node or an artifact comes. */
  content(node: StructNode): void {
    const page = this.doc.page;
    if (this.open && this.open.node === node && this.open.page === page) return;
    this.close();
    const p = pageInternals(page);
    const slot = structInternals(this.doc).getStructParentTree().get(p.structParentTreeKey);
    const mcid = slot.length;
    slot.push(null);
    node.kids.push({ kind: 'mcid', seq: this.seq++, page: p.dictionary, mcid, slot });
    this.doc.addContent(`/${node.role} <</MCID ${mcid}>> BDC`);
    this.open = { node, page };
  }

  /** Draws decoration or page furniture that assistive technology should skip. */
  artifact(kind: ArtifactKind, draw: () => void): void {
    this.close();
    const dict = kind === 'Layout' ? '/Type /Layout' : `/Type /Pagination /Subtype /${kind}`;
    this.doc.addContent(`/Artifact <<${dict}>> BDC`);
    draw();
    this.doc.addContent('EMC');
  }

  /** The Link child of `node` for `href`: the last one if it has the same target, else a new one. */
  link(node: StructNode, href: string): StructNode {
    const last = node.kids[node.kids.length - 1];
    if (last && isNode(last) && last.role === 'Link' && last.href === href) return last;
    const link = this.node(node, 'Link');
    link.href = href;
    return link;
  }

  /**
   * Adds an annotation made by `annotate` (which receives its StructParent key) to `node`: the
   * annotation points to its element through StructParent, the element to it through an OBJR.
   */
  annotation(node: StructNode, annotate: (structParent: number) => void): void {
    const root = structInternals(this.doc).getStructTreeRoot();
    const key = root.data.ParentTreeNextKey++;
    annotate(key);
    const p = pageInternals(this.doc.page);
    const annot = p.annotations[p.annotations.length - 1];
    if (!annot) throw new Error('annotation not found on the page');
    node.kids.push({ kind: 'annot', seq: this.seq++, page: p.dictionary, annot, key });
  }

  private close(): void {
    if (!this.open) return;
    this.doc.addContent('EMC');
    this.open = null;
  }

  /** Writes the structure tree (call once everything is drawn, before the document ends). */
  finish(): void {
    this.close();
    writeStructTree(this.doc, this.root);
  }
}
