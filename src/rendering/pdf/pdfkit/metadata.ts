import { structInternals } from './structure';

// pdfkit internals for the document's metadata and viewer preferences: this file and the other
// adapters in this folder are the only ones that reach into pdfkit or fontkit
// (test/architecture/no-patching.test.ts; test/rendering/pdf/pdfkit/internals.test.ts checks
// that what they rely on is there in the installed versions).

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

interface MetadataInternals {
  info: Record<string, unknown>;
  _addInfo(): void;
}

/**
 * pdfkit copies Title, Author and Subject into the XMP metadata without XML escaping, so a title
 * like "Rights & duties" would make the XMP (which PDF/UA and PDF/A validators read) malformed.
 * The Info dictionary is already written when `_addInfo` runs, so the values are escaped for the
 * XMP only.
 */
export function escapeXmpInfo(pdf: PDFKit.PDFDocument): void {
  const m = pdf as unknown as MetadataInternals;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- pdfkit's own method, called again with .call(this)
  const addInfo = m._addInfo;
  if (typeof addInfo !== 'function')
    throw new Error('pdfkit internals changed: _addInfo not found (see src/rendering/pdf/pdfkit/metadata.ts)');
  m._addInfo = function escaped(this: MetadataInternals): void {
    const original = this.info;
    const info: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(original))
      info[k] = typeof v === 'string' ? v.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] as string) : v;
    this.info = info;
    try {
      addInfo.call(this);
    } finally {
      this.info = original;
    }
  };
}

/** Two-page views put page 2 to the right of page 3, as an Arabic or Persian booklet opens. */
export function setRightToLeftBinding(pdf: PDFKit.PDFDocument): void {
  const prefs = structInternals(pdf)._root.data.ViewerPreferences;
  if (prefs) prefs.data.Direction = 'R2L';
}
