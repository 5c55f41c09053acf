import PDFDocument from 'pdfkit';
import type { LayoutDocument } from '../layout/model';
import { PAGE } from './theme';

/**
 * A new A4 PDF document for a booklet: metadata from the layout model, the document language,
 * the title shown by viewers instead of the file name, PDF 1.7, and buffered pages (footers are
 * written once the page count is known).
 */
export function createPdfDocument(doc: LayoutDocument): PDFKit.PDFDocument {
  const options: PDFKit.PDFDocumentOptions = {
    size: [PAGE.width, PAGE.height],
    margins: PAGE.margin,
    pdfVersion: '1.7',
    lang: doc.lang,
    displayTitle: true,
    bufferPages: true,
    info: { Title: doc.title, Subject: doc.subject, Author: doc.author },
  };
  // `font: null`, not a font name: otherwise pdfkit parses Helvetica for every document, a font
  // that cannot show Cyrillic or ə and is never used here. @types/pdfkit only allows a string.
  return new PDFDocument({ ...options, font: null } as unknown as PDFKit.PDFDocumentOptions);
}

/** Ends the document and resolves with its bytes (rendered in memory, never to disk). */
export function finish(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
