import type { OutlineEntry } from '../pages/book';

/** pdfkit's outline item (PDFOutline): its dictionary entries and its children. */
interface OutlineItem {
  outlineData: Record<string, unknown>;
  addItem(title: string): OutlineItem;
}

/**
 * Writes the bookmarks. Entries point to named destinations (set where each section's title is
 * drawn), not to pdfkit's "current page": an imposed booklet draws its pages in fold order, and
 * the outline must still list the sections in reading order.
 */
export function writeOutline(pdf: PDFKit.PDFDocument, entries: readonly OutlineEntry[]): void {
  const root = (pdf as unknown as { outline: OutlineItem }).outline;
  if (typeof root?.addItem !== 'function')
    throw new Error('pdfkit internals changed: outline not found (see src/rendering/pdf/pdfkit/outline.ts)');
  const add = (parent: OutlineItem, list: readonly OutlineEntry[]): void => {
    for (const entry of list) {
      const item = parent.addItem(entry.title);
      item.outlineData.Dest = new String(entry.dest);
      if (entry.children) add(item, entry.children);
    }
  };
  add(root, entries);
}
