import type { LayoutDocument } from '../../layout/model';
import { closingPage } from './closing';
import { coverPage } from './cover';
import { drawPlacements, FlowArea, paginate, Pagination } from './flow';
import { sectionBlocks, sectionDestination } from './sections';
import type { DrawContext } from '../text/text';
import type { PageLayout } from '../options';
import { TocEntry, tocBlocks } from './toc';

/** A page of the booklet in reading order (before imposition on sheets). */
export interface BookPage {
  /** Draws the page's content, its top left corner at the origin. */
  draw(): void;
  /** Language of the running header and footer; none on the cover and on blank pages. */
  running?: LayoutDocument;
  /** Whether the running header is shown (content pages; not the closing page). */
  header?: boolean;
}

/** An outline (bookmarks) entry pointing to a named destination, possibly with children. */
export interface OutlineEntry {
  title: string;
  dest: string;
  children?: OutlineEntry[];
}

/** A booklet ready to draw: its pages in reading order and its bookmarks. */
export interface Book {
  pages: BookPage[];
  outline: OutlineEntry[];
}

/** A blank page: padding in a folded booklet or facing a longer page in a bilingual edition. */
export const BLANK: BookPage = { draw: () => undefined };

/** The text area of every page. */
export function flowArea(ctx: DrawContext): FlowArea {
  const { page } = ctx.theme;
  return { top: page.margin.top, bottom: page.height - page.margin.bottom };
}

/** Pages of a pagination, with the running header and footer of `doc`. */
export function flowPages(pagination: Pagination, doc: LayoutDocument): BookPage[] {
  return pagination.pages.map((placements) => ({ draw: () => drawPlacements(placements), running: doc, header: true }));
}

/**
 * Adds blank pages before the closing page until the page count is a multiple of `multiple`
 * (4 for a folded booklet: the closing page stays the back cover).
 */
export function padBeforeLast(pages: BookPage[], multiple: number): BookPage[] {
  const blanks = (multiple - (pages.length % multiple)) % multiple;
  if (blanks === 0) return pages;
  return [...pages.slice(0, -1), ...Array.from({ length: blanks }, () => BLANK), ...pages.slice(-1)];
}

/** A table of contents is worth a page from two sections on (a one-section leaflet has none). */
export function wantsContents(doc: LayoutDocument): boolean {
  return doc.sections.length >= 2;
}

/** Pages a `layout` needs a multiple of: 4 for a folded booklet (each sheet carries four pages). */
export function pageMultiple(layout: PageLayout): number {
  return layout === 'booklet' ? 4 : 1;
}

/**
 * The pages of a booklet in one language, printed as `layout`: cover, contents, the sections in one
 * page flow (each section follows the previous one), and the closing page, padded for folding. Everything is laid out and paginated
 * first, so the contents can give each section's page and the footers the page count; the pages
 * draw themselves later.
 */
export function singleBook(ctx: DrawContext, doc: LayoutDocument, layout: PageLayout): Book {
  const area = flowArea(ctx);
  const cover = coverPage(ctx, [doc], layout);
  const dests = doc.sections.map((_, i) => sectionDestination(0, i));
  let pageOf: (dest: string) => number = () => 0;
  const entries: TocEntry[] = doc.sections.map((s, i) => ({
    title: s.title,
    frame: { dir: s.dir, script: s.script, lang: s.lang, locale: s.locale },
    dest: dests[i] as string,
    page: () => pageOf(dests[i] as string),
  }));
  const toc = paginate(wantsContents(doc) ? tocBlocks(ctx, doc, entries, doc.lang) : [], area);
  const content = paginate(
    doc.sections.flatMap((s, i) => sectionBlocks(ctx, doc, s, dests[i] as string, doc.lang)),
    area,
  );
  const firstContentPage = 2 + toc.pages.length;
  pageOf = (dest) => firstContentPage + (content.anchors.get(dest) ?? 0);
  const closing = closingPage(ctx, [doc]);
  const pages: BookPage[] = [
    { draw: cover },
    ...flowPages(toc, doc),
    ...flowPages(content, doc),
    { draw: closing, running: doc, header: false },
  ];
  return {
    pages: padBeforeLast(pages, pageMultiple(layout)),
    outline: doc.sections.map((s, i) => ({ title: s.title, dest: dests[i] as string })),
  };
}
