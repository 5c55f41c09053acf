/*
 * pdfkit turns every `addContent` call into its own Buffer (string + "\n", latin1) and joins them
 * when the page ends; a tagged page makes a few calls per line. Here content is kept as strings and
 * written once per page: before the next page is added and before the document ends. Reaches into
 * pdfkit 0.17's `addContent`, `addPage`, `end` and the page's `write`.
 */

interface ContentInternals {
  addContent(data: string): unknown;
  addPage(options?: unknown): unknown;
  end(): void;
  page: { write(chunk: string): void } | null;
}

/** Makes `doc` collect its content operators per page and write them in one piece. */
export function batchContent(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as ContentInternals;
  if (typeof d.addContent !== 'function' || typeof d.addPage !== 'function') {
    throw new Error('pdfkit internals changed: addContent not found (see src/rendering/pdf/pdfkit/content.ts)');
  }
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length > 0 && d.page) d.page.write(pending.join('\n'));
    pending = [];
  };
  d.addContent = (data: string): unknown => {
    pending.push(data);
    return doc;
  };
  const addPage = d.addPage.bind(d);
  d.addPage = (options?: unknown): unknown => {
    flush();
    return addPage(options);
  };
  const end = d.end.bind(d);
  d.end = (): void => {
    flush();
    end();
  };
}
