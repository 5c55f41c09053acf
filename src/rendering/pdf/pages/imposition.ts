import { BOOKLET_PAGE, BOOKLET_SHEET, PAPER_POINTS } from '../options';

/** The sheet a booklet is printed on: A4 landscape, two A5 pages side by side. */
export const SHEET_SIZE: readonly [number, number] = [PAPER_POINTS[BOOKLET_SHEET][1], PAPER_POINTS[BOOKLET_SHEET][0]];

/** Which side of the fold the spine is on: left for left-to-right booklets, right for right-to-left ones. */
export type Binding = 'left' | 'right';

/**
 * Saddle-stitch imposition: for a booklet of `n` pages (a multiple of 4), the page numbers
 * (1-based) on the left and right halves of each sheet side, in print order (side 0 is the front
 * of the first sheet, side 1 its back, …). Printed double-sided (flip on the short edge), stacked
 * and folded in the middle, the pages read in order. With the binding on the right (Arabic,
 * Persian) the halves swap, so the booklet opens from the other side.
 *
 * Side k carries pages n − k and k + 1 when k is even, k + 1 and n − k when k is odd.
 */
export function foldOrder(n: number, binding: Binding): [number, number][] {
  if (n % 4 !== 0) throw new Error(`a folded booklet needs a multiple of 4 pages, got ${n}`);
  const sides: [number, number][] = [];
  for (let k = 0; k < n / 2; k++) {
    const outer = n - k;
    const inner = k + 1;
    const ltr: [number, number] = k % 2 === 0 ? [outer, inner] : [inner, outer];
    sides.push(binding === 'left' ? ltr : [ltr[1], ltr[0]]);
  }
  return sides;
}

/**
 * Draws a booklet's pages imposed on sheets: per sheet side a new A4 landscape page, and on each
 * half one A5 page drawn in place, shifted and clipped to its half (pdfkit cannot place one PDF
 * page on another, so each page's content is drawn again at an offset). Each page touches the
 * fold, so the spine margin is the page's own. Blank pages draw nothing.
 *
 * `drawPage(i)` draws page index i (0-based) with its top left corner at the origin.
 */
export function drawImposed(
  doc: PDFKit.PDFDocument,
  count: number,
  binding: Binding,
  isBlank: (index: number) => boolean,
  drawPage: (index: number) => void,
): void {
  const [sheetWidth, sheetHeight] = SHEET_SIZE;
  const [pageWidth, pageHeight] = PAPER_POINTS[BOOKLET_PAGE];
  const fold = sheetWidth / 2;
  for (const [left, right] of foldOrder(count, binding)) {
    doc.addPage({ size: [sheetWidth, sheetHeight], margin: 0 });
    const halves: [number, number][] = [
      [left - 1, fold - pageWidth],
      [right - 1, fold],
    ];
    for (const [index, x] of halves) {
      if (isBlank(index)) continue;
      doc.save();
      doc.rect(x, 0, pageWidth, pageHeight).clip();
      doc.translate(x, 0);
      drawPage(index);
      doc.restore();
    }
  }
}
