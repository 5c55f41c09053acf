/** An unbreakable slice of a block (a line, or a whole contact box) that draws itself at a given top. */
export interface Piece {
  height: number;
  draw(top: number): void;
}

/** A block of the page flow: pieces stacked vertically, with spacing and keep rules. */
export interface FlowBlock {
  pieces: Piece[];
  spaceBefore: number;
  spaceAfter: number;
  /** Never end a page after this block (headings, notices under a title). */
  keepWithNext?: boolean;
  /** Do not split this block across pages unless it is taller than a page (contact boxes, list items). */
  keepTogether?: boolean;
  /** A name for the page where this block starts (the table of contents asks for it). */
  anchor?: string;
}

/** Vertical bounds of the text area on every page, from the top of the page. */
export interface FlowArea {
  top: number;
  bottom: number;
}

/** A piece with the top it gets on its page. */
export interface Placement {
  piece: Piece;
  top: number;
}

/** Blocks laid out on pages, before anything is drawn. */
export interface Pagination {
  /** Per page, its pieces in reading order. */
  pages: Placement[][];
  /** Page index (0-based, within this pagination) where each anchored block starts. */
  anchors: Map<string, number>;
  /** Where the flow ends on its last page: the top of whatever would follow it. */
  end: number;
}

function sum(pieces: readonly Piece[]): number {
  return pieces.reduce((h, p) => h + p.height, 0);
}

/** Height a block needs on the current page before it starts there: at least two lines, if it has them. */
function startHeight(block: FlowBlock): number {
  return block.keepTogether ? sum(block.pieces) : sum(block.pieces.slice(0, 2));
}

/**
 * Height the block at `i` needs on the current page: itself, and if it keeps with the next one,
 * the whole chain of kept blocks plus the start of the first block that follows them — so a title,
 * its notice and a sub-heading are never left alone at the bottom of a page.
 */
function neededHeight(blocks: readonly FlowBlock[], i: number): number {
  const first = blocks[i] as FlowBlock;
  if (!first.keepWithNext) return startHeight(first);
  let height = 0;
  let j = i;
  for (; j < blocks.length && (blocks[j] as FlowBlock).keepWithNext; j++) {
    const b = blocks[j] as FlowBlock;
    height += (j > i ? b.spaceBefore : 0) + sum(b.pieces) + b.spaceAfter;
  }
  const next = blocks[j];
  return next ? height + next.spaceBefore + startHeight(next) : height;
}

/**
 * Places blocks on pages top to bottom, starting a new page when the next piece does not fit,
 * and only records where everything goes: the caller draws afterwards, once it knows how many
 * pages there are and where each section starts (for the table of contents and "page n of m").
 * Spacing before a block is dropped at the top of a page.
 *
 * `start` continues a page already begun: the first page of the result is that page, from `start`
 * down (an empty first page when the first block must go to the next page; `area.bottom` always
 * starts on the next page).
 */
export function paginate(blocks: readonly FlowBlock[], area: FlowArea, start: number = area.top): Pagination {
  const pages: Placement[][] = [];
  const anchors = new Map<string, number>();
  let page: Placement[] = [];
  let y = start;
  const atTop = (): boolean => y <= area.top + 0.01;
  const breakPage = (): void => {
    pages.push(page);
    page = [];
    y = area.top;
  };
  const visible = blocks.filter((b) => b.pieces.length > 0);
  visible.forEach((block, i) => {
    const before = atTop() ? 0 : block.spaceBefore;
    if (!atTop() && y + before + neededHeight(visible, i) > area.bottom) breakPage();
    else y += before;
    block.pieces.forEach((piece, k) => {
      if (!atTop() && y + piece.height > area.bottom) breakPage();
      if (k === 0 && block.anchor !== undefined) anchors.set(block.anchor, pages.length);
      page.push({ piece, top: y });
      y += piece.height;
    });
    y += block.spaceAfter;
  });
  if (page.length > 0) pages.push(page);
  return { pages, anchors, end: y };
}

/** Draws the pieces of one page at their tops. */
export function drawPlacements(placements: readonly Placement[]): void {
  for (const { piece, top } of placements) piece.draw(top);
}
