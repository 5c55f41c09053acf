import PDFDocument from 'pdfkit';
import type { LayoutDocument } from '../layout/model';
import type { PdfProfile } from './options';
import { batchContent } from './pdfkit/content';
import { isSharedSubset } from './pdfkit/fonts';
import { useObjectStreams } from './pdfkit/objstm';
import { escapeXmpInfo, setRightToLeftBinding } from './pdfkit/metadata';

/**
 * The XMP identification of each profile: PDF/UA-1 (pdfuaid:part 1) or PDF/A-2b (pdfaid:part 2,
 * conformance B). pdfkit 0.17 supports 'PDF/UA'; @types/pdfkit 0.17.3 only lists the PDF/A names.
 */
type Subset = PDFKit.Mixins.PDFSubsets | 'PDF/UA';
const SUBSETS: Record<PdfProfile, Subset> = { accessible: 'PDF/UA', archive: 'PDF/A-2b' };

/**
 * A new PDF document for a booklet: tagged (a structure tree, MarkInfo), PDF 1.7, the document
 * language, the title shown by viewers instead of the file name, metadata from the layout model,
 * and the profile's identification (PDF/UA-1 or PDF/A-2b; pdfkit adds the sRGB output intent for
 * PDF/A). Small objects go into compressed object streams (see pdfkit/objstm.ts). Pages are added
 * by the caller (`pageSize` is their default size).
 */
export function createPdfDocument(
  doc: LayoutDocument,
  profile: PdfProfile,
  pageSize: readonly [number, number],
  rtlBinding: boolean,
): PDFKit.PDFDocument {
  const options: Omit<PDFKit.PDFDocumentOptions, 'subset'> & { subset: Subset } = {
    size: [pageSize[0], pageSize[1]],
    margin: 0,
    pdfVersion: '1.7',
    lang: doc.lang,
    displayTitle: true,
    tagged: true,
    subset: SUBSETS[profile],
    autoFirstPage: false,
    // Everything is laid out before drawing, so pages are written as soon as they are done.
    bufferPages: false,
    // Dated by the publication, not the render: a PDF made again is the same file.
    info: { Title: doc.title, Subject: doc.subject, Author: doc.author, CreationDate: new Date(doc.publishedAt) },
  };
  // `font: null`, not a font name: otherwise pdfkit parses Helvetica for every document, a font
  // that cannot show Cyrillic or ə and is never used here. @types/pdfkit only allows a string.
  const pdf = new PDFDocument({ ...options, font: null } as unknown as PDFKit.PDFDocumentOptions);
  escapeXmpInfo(pdf);
  useObjectStreams(pdf, isSharedSubset);
  batchContent(pdf);
  if (rtlBinding) {
    // Two-page views put page 2 to the right of page 3, as an Arabic or Persian booklet opens.
    setRightToLeftBinding(pdf);
  }
  return pdf;
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
