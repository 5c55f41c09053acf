import type { LayoutDocument } from '../layout/model';
import { bilingualBook } from './pages/bilingual';
import { Book, BLANK, singleBook } from './pages/book';
import { createPdfDocument, finish } from './document';
import { DraftMarker, draftMarker } from './pages/draft';
import { FONT_FAMILIES } from '../fonts/families';
import { familyOfKey, FONT_KEYS } from './text/fonts';
import { drawImposed, SHEET_SIZE } from './pages/imposition';
import { BOOKLET_PAGE, DEFAULT_PDF_OPTIONS, PAPER_POINTS, PdfOptions } from './options';
import { writeOutline } from './pdfkit/outline';
import { DocumentFonts } from './pdfkit/fonts';
import { drawRunning } from './pages/running';
import { pdfiumReading } from './tagging/pdfium-order';
import { forgetShapedText, textWidth } from './text/shaping';
import { Tagger } from './tagging/tagging';
import { type DrawContext, forgetTextLayouts } from './text/text';
import { themeFor } from './pages/theme';

/**
 * Draws page `index` of the book: a draft's mark, the content, then running header and footer
 * ("page n of m").
 */
function drawBookPage(ctx: DrawContext, book: Book, index: number, mark?: DraftMarker): void {
  const page = book.pages[index];
  if (!page) return;
  ctx.tags.beginPage(index);
  mark?.(page, index);
  page.draw();
  if (page.running) drawRunning(ctx, page.running, index + 1, book.pages.length, page.header === true);
  ctx.tags.endPage();
}

/**
 * Renders a booklet's layout model as a print-ready, accessible PDF: a cover with a QR code to
 * the online version, a table of contents with page numbers, the sections (right-to-left text laid
 * out with the Unicode bidi algorithm, embedded Noto Sans and Vazirmatn subsets), running headers,
 * "page n of m" footers and a closing page; bookmarks per section; tagged for assistive technology.
 *
 * Options: `size` (a4, a5, letter) for page-by-page printing; `layout: 'booklet'` prints A5 pages
 * two-up on A4 landscape sheets in saddle-stitch order (its only sheet, BOOKLET_SHEET);
 * `profile` accessible (PDF/UA-1) or archive (PDF/A-2b); `companion` makes a bilingual edition on
 * facing pages; `draft` marks every page as a draft and leaves out the publication date
 * (pages/draft.ts).
 * Resolves with the PDF bytes.
 */
export async function renderPdf(doc: LayoutDocument, options: PdfOptions = DEFAULT_PDF_OPTIONS): Promise<Buffer> {
  const booklet = options.layout === 'booklet';
  const theme = themeFor(booklet ? BOOKLET_PAGE : options.size);
  // A bilingual edition faces left-to-right; otherwise an Arabic or Persian booklet binds on the right.
  const rtlBinding = !options.companion && doc.dir === 'rtl';
  const pdf = createPdfDocument(doc, options.profile, booklet ? SHEET_SIZE : PAPER_POINTS[theme.size], rtlBinding);
  const draft = options.draft === true;
  const ctx: DrawContext = { doc: pdf, fonts: new DocumentFonts(pdf), tags: new Tagger(pdf), theme, rtlPageOrder: rtlBinding, draft };
  const mark = draft ? draftMarker(ctx, doc) : undefined;
  const book = options.companion ? bilingualBook(ctx, doc, options.companion, options.layout) : singleBook(ctx, doc, options.layout);
  if (booklet) {
    // A draft marks blank pages too: every page of it says it is a draft.
    const blank = (i: number): boolean => !draft && book.pages[i] === BLANK;
    drawImposed(pdf, book.pages.length, rtlBinding ? 'right' : 'left', blank, (i) => drawBookPage(ctx, book, i, mark));
  } else {
    book.pages.forEach((_, i) => {
      pdf.addPage();
      drawBookPage(ctx, book, i, mark);
    });
  }
  ctx.tags.finish();
  writeOutline(pdf, book.outline);
  return finish(pdf);
}

/**
 * Drops what this process keeps of text it has drawn, to draw it again faster: shaped words and
 * runs, paragraph layouts. Those memos are bounded by numbers of entries, sized for the documents
 * readers ask for again, and an entry takes 1–3 KB: a catalog with more words than they hold keeps
 * hundreds of MB (a 40-booklet catalog whose words differ from booklet to booklet: 350 MB after 900
 * files). The static export, which draws each booklet once, drops them between booklets.
 */
export function forgetDrawnText(): void {
  forgetShapedText();
  forgetTextLayouts();
}

/**
 * Parses the fonts and decodes their layout tables ahead of the first request: about 0.4 s per
 * process or worker thread that the first render would otherwise pay. Optional.
 */
export function warmUpPdfRenderer(): void {
  for (const key of FONT_KEYS) textWidth(key, FONT_FAMILIES[familyOfKey(key)].sample);
  pdfiumReading('اتصل (916) Law', true); // loads the Unicode data of the text-extraction model
}
