import { FlowBlock, paginate } from '../../../../src/rendering/pdf/pages/flow';

/** Blocks of fixed-height pieces, named so placements can be read back as [page, top]. */
function layout(blocks: [string, number[], Partial<FlowBlock>?][]) {
  const names = new Map<object, string>();
  const flowBlocks = blocks.map(([name, heights, extra]): FlowBlock => {
    const pieces = heights.map((height) => {
      const piece = { height, draw: () => undefined };
      names.set(piece, name);
      return piece;
    });
    return { pieces, spaceBefore: 0, spaceAfter: 0, ...extra };
  });
  const result = paginate(flowBlocks, { top: 0, bottom: 100 });
  const placed: Record<string, [number, number][]> = {};
  result.pages.forEach((page, i) => {
    for (const { piece, top } of page) (placed[names.get(piece) as string] ??= []).push([i + 1, top]);
  });
  return { placed, pages: result.pages.length, anchors: result.anchors };
}

describe('placing blocks on pages', () => {
  it('stacks lines and starts a new page when the next line does not fit', () => {
    const { placed, pages } = layout([['p', [30, 30, 30, 30]]]);
    expect(placed.p).toEqual([
      [1, 0],
      [1, 30],
      [1, 60],
      [2, 0],
    ]);
    expect(pages).toBe(2);
  });

  it('never leaves a heading alone at the bottom of a page: it moves to the next page with the text it introduces', () => {
    const { placed } = layout([
      ['before', [70]],
      ['heading', [20], { keepWithNext: true }],
      ['text', [20, 20]],
    ]);
    expect(placed.heading).toEqual([[2, 0]]);
    expect(placed.text?.[0]).toEqual([2, 20]);
  });

  it('keeps a chain of title, notice and sub-heading together with the first lines after them', () => {
    const { placed } = layout([
      ['before', [40]],
      ['title', [20], { keepWithNext: true }],
      ['notice', [10], { keepWithNext: true }],
      ['sub', [15], { keepWithNext: true }],
      ['text', [10, 10, 10]],
    ]);
    // 40 + 20 + 10 + 15 + two lines (20) = 105 > 100: the whole chain moves.
    expect(placed.title).toEqual([[2, 0]]);
    expect(placed.text?.[0]).toEqual([2, 45]);
  });

  it('keeps a heading on the page when it and two lines of its text fit', () => {
    const { placed } = layout([
      ['before', [40]],
      ['heading', [20], { keepWithNext: true }],
      ['text', [20, 20, 20]],
    ]);
    expect(placed.heading).toEqual([[1, 40]]);
    expect(placed.text).toEqual([
      [1, 60],
      [1, 80],
      [2, 0],
    ]);
  });

  it('never splits a block that must stay together, and drops spacing at the top of a page', () => {
    const { placed } = layout([
      ['before', [60]],
      ['box', [50], { keepTogether: true, spaceBefore: 8 }],
    ]);
    expect(placed.box).toEqual([[2, 0]]);
  });

  it('moves a list item of three lines whole to the next page rather than splitting it', () => {
    const { placed } = layout([
      ['before', [60]],
      ['item', [15, 15, 15], { keepTogether: true }],
    ]);
    expect(placed.item).toEqual([
      [2, 0],
      [2, 15],
      [2, 30],
    ]);
  });

  it('splits a kept block that is taller than a page, rather than losing lines', () => {
    const { placed } = layout([['tall', [40, 40, 40]]].map(([n, h]) => [n as string, h as number[], { keepTogether: true }]));
    expect(placed.tall).toEqual([
      [1, 0],
      [1, 40],
      [2, 0],
    ]);
  });

  it('adds the spacing between blocks on the same page', () => {
    const { placed } = layout([
      ['a', [10], { spaceAfter: 5 }],
      ['b', [10], { spaceBefore: 7 }],
    ]);
    expect(placed.b).toEqual([[1, 22]]);
  });

  it('records the page where an anchored block starts (for the table of contents)', () => {
    const { anchors } = layout([
      ['a', [60]],
      ['b', [60], { anchor: 'second' }],
    ]);
    expect(anchors.get('second')).toBe(1);
  });

  it('lays out nothing on no page', () => {
    expect(layout([]).pages).toBe(0);
  });
});
