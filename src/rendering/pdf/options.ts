import type { LayoutDocument } from '../layout/model';

/** Paper sizes caseworkers print on. */
export const PAPER_SIZES = ['a4', 'a5', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** `pages`: one page per sheet side; `booklet`: A5 pages two-up on A4 landscape in fold order. */
export const PAGE_LAYOUTS = ['pages', 'booklet'] as const;
export type PageLayout = (typeof PAGE_LAYOUTS)[number];

/**
 * The one sheet a folded booklet is printed on, and the size of its pages (half the sheet). A5
 * sheets would make A6 pages, whose type is too small for people reading in a second language, so
 * `size` names no other sheet for a folded booklet.
 */
export const BOOKLET_SHEET: PaperSize = 'a4';
export const BOOKLET_PAGE: PaperSize = 'a5';

/** `accessible`: tagged PDF/UA-1 (the default); `archive`: PDF/A-2 for long-term keeping. */
export const PDF_PROFILES = ['accessible', 'archive'] as const;
export type PdfProfile = (typeof PDF_PROFILES)[number];

/** Page sizes in PDF points (portrait). */
export const PAPER_POINTS: Record<PaperSize, readonly [number, number]> = {
  a4: [595.28, 841.89],
  a5: [419.53, 595.28],
  letter: [612, 792],
};

/** How to print a booklet: everything that makes one PDF variant differ from another. */
export interface PdfOptions {
  /** The paper: each page's size, or for a folded booklet the sheet's (always BOOKLET_SHEET). */
  size: PaperSize;
  layout: PageLayout;
  profile: PdfProfile;
  /** The same booklet in a second language, for a bilingual edition on facing pages. */
  companion?: LayoutDocument;
  /**
   * A preview of unpublished text: every page is marked "Draft — not published" (in the page's
   * language) and no publication date or published status is printed.
   */
  draft?: boolean;
}

export const DEFAULT_PDF_OPTIONS: PdfOptions = { size: 'a4', layout: 'pages', profile: 'accessible' };
