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
  /** Never split this block across pages (contact boxes). */
  keepTogether?: boolean;
}

/** Vertical bounds of the text area on every page, from the top of the page. */
export interface FlowArea {
  top: number;
  bottom: number;
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
 * Places blocks on pages top to bottom, starting a new page when the next piece does not fit.
 * Spacing before a block is dropped at the top of a page.
 */
export class PageFlow {
  private y: number;

  constructor(
    private readonly newPage: () => void,
    private readonly area: FlowArea,
  ) {
    this.y = area.top;
  }

  private get atTop(): boolean {
    return this.y <= this.area.top + 0.01;
  }

  private breakPage(): void {
    this.newPage();
    this.y = this.area.top;
  }

  /** Places all blocks in order. */
  place(blocks: readonly FlowBlock[]): void {
    const visible = blocks.filter((b) => b.pieces.length > 0);
    visible.forEach((block, i) => {
      const before = this.atTop ? 0 : block.spaceBefore;
      if (!this.atTop && this.y + before + neededHeight(visible, i) > this.area.bottom) this.breakPage();
      else this.y += before;
      for (const piece of block.pieces) {
        if (!this.atTop && this.y + piece.height > this.area.bottom) this.breakPage();
        piece.draw(this.y);
        this.y += piece.height;
      }
      this.y += block.spaceAfter;
    });
  }
}
