import fs from 'node:fs';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';

/**
 * Reading PDFs in tests as Chrome's viewer, Edge and Android's viewers do: PDFium, compiled to
 * WebAssembly (npm @embedpdf/pdfium; the .wasm ships in the package, nothing is downloaded).
 * Text comes from PDFium's text page (`FPDFText_*`), which is what copying, Ctrl+F and screen
 * readers get in those viewers.
 */

/** One character of a page as PDFium orders it, with its origin in PDF points (y up). */
export interface PdfiumChar {
  char: string;
  x: number;
  y: number;
  /** A space or line break PDFium added between pieces of text (not in the file). */
  generated: boolean;
}

export interface PdfiumPage {
  width: number;
  height: number;
  /** The page's text as copying all of it gives it (`FPDFText_GetText`). */
  text: string;
  chars: PdfiumChar[];
}

let loading: Promise<WrappedPdfiumModule> | undefined;

function pdfium(): Promise<WrappedPdfiumModule> {
  loading ??= (async () => {
    const wasmBinary = fs.readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const m = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
    m.PDFiumExt_Init();
    return m;
  })();
  return loading;
}

/** Opens `pdf`, calls `use` with each page's text page handle, closes everything. */
async function eachTextPage<T>(pdf: Buffer, use: (m: WrappedPdfiumModule, textPage: number, page: number) => T): Promise<T[]> {
  const m = await pdfium();
  const heap = m.pdfium.wasmExports;
  const data = heap.malloc(pdf.length);
  m.pdfium.HEAPU8.set(pdf, data);
  const doc = m.FPDF_LoadMemDocument(data, pdf.length, '');
  try {
    if (!doc) throw new Error(`PDFium could not open the PDF (error ${m.FPDF_GetLastError()})`);
    const out: T[] = [];
    const count = m.FPDF_GetPageCount(doc);
    for (let i = 0; i < count; i++) {
      const page = m.FPDF_LoadPage(doc, i);
      const textPage = m.FPDFText_LoadPage(page);
      try {
        out.push(use(m, textPage, page));
      } finally {
        m.FPDFText_ClosePage(textPage);
        m.FPDF_ClosePage(page);
      }
    }
    return out;
  } finally {
    if (doc) m.FPDF_CloseDocument(doc);
    heap.free(data);
  }
}

/** Every page's text and characters, as PDFium reads them. */
export function readWithPdfium(pdf: Buffer): Promise<PdfiumPage[]> {
  return eachTextPage(pdf, (m, textPage, page) => {
    const heap = m.pdfium.wasmExports;
    const count = m.FPDFText_CountChars(textPage);
    const buffer = heap.malloc((count + 1) * 2);
    const point = heap.malloc(16);
    try {
      m.FPDFText_GetText(textPage, 0, count, buffer);
      const text = m.pdfium.UTF16ToString(buffer);
      const chars: PdfiumChar[] = [];
      for (let i = 0; i < count; i++) {
        m.FPDFText_GetCharOrigin(textPage, i, point, point + 8);
        chars.push({
          char: String.fromCodePoint(m.FPDFText_GetUnicode(textPage, i)),
          x: m.pdfium.getValue(point, 'double'),
          y: m.pdfium.getValue(point + 8, 'double'),
          generated: m.FPDFText_IsGenerated(textPage, i) === 1,
        });
      }
      return { width: m.FPDF_GetPageWidthF(page), height: m.FPDF_GetPageHeightF(page), text, chars };
    } finally {
      heap.free(buffer);
      heap.free(point);
    }
  });
}

/**
 * The 1-based pages on which PDFium's own search (`FPDFText_FindStart`, what Ctrl+F in Chrome's
 * viewer uses) finds `query`, once per match.
 */
export function findWithPdfium(pdf: Buffer, query: string): Promise<number[]> {
  return eachTextPage(pdf, (m, textPage) => {
    const heap = m.pdfium.wasmExports;
    const bytes = (query.length + 1) * 2;
    const what = heap.malloc(bytes);
    let matches = 0;
    try {
      m.pdfium.stringToUTF16(query, what, bytes);
      const search = m.FPDFText_FindStart(textPage, what, 0, 0);
      while (m.FPDFText_FindNext(search)) matches++;
      m.FPDFText_FindClose(search);
    } finally {
      heap.free(what);
    }
    return matches;
  }).then((perPage) => perPage.flatMap((n, i) => Array<number>(n).fill(i + 1)));
}
