import { FlowBlock, PageFlow } from '../../../src/rendering/pdf/flow';

/** Blocks of fixed-height pieces that record where they were drawn: [page, top]. */
function recorder() {
  let page = 1;
  const placed: Record<string, [number, number][]> = {};
  const block = (name: string, pieces: number[], extra: Partial<FlowBlock> = {}): FlowBlock => ({
    pieces: pieces.map((height) => ({
      height,
      draw: (top: number) => (placed[name] ??= []).push([page, top]),
    })),
    spaceBefore: 0,
    spaceAfter: 0,
    ...extra,
  });
  const flow = new PageFlow(() => page++, { top: 0, bottom: 100 });
  return { block, flow, placed, pages: () => page };
}

describe('placing blocks on pages', () => {
  it('stacks lines and starts a new page when the next line does not fit', () => {
    const { block, flow, placed } = recorder();
    flow.place([block('p', [30, 30, 30, 30])]);
    expect(placed.p).toEqual([[1, 0], [1, 30], [1, 60], [2, 0]]);
  });

  it('never leaves a heading alone at the bottom of a page: it moves to the next page with the text it introduces', () => {
    const { block, flow, placed } = recorder();
    flow.place([block('before', [70]), block('heading', [20], { keepWithNext: true }), block('text', [20, 20])]);
    expect(placed.heading).toEqual([[2, 0]]);
    expect(placed.text?.[0]).toEqual([2, 20]);
  });

  it('keeps a chain of title, notice and sub-heading together with the first lines after them', () => {
    const { block, flow, placed } = recorder();
    flow.place([
      block('before', [40]),
      block('title', [20], { keepWithNext: true }),
      block('notice', [10], { keepWithNext: true }),
      block('sub', [15], { keepWithNext: true }),
      block('text', [10, 10, 10]),
    ]);
    // 40 + 20 + 10 + 15 + two lines (20) = 105 > 100: the whole chain moves.
    expect(placed.title).toEqual([[2, 0]]);
    expect(placed.text?.[0]).toEqual([2, 45]);
  });

  it('keeps a heading on the page when it and two lines of its text fit', () => {
    const { block, flow, placed } = recorder();
    flow.place([block('before', [40]), block('heading', [20], { keepWithNext: true }), block('text', [20, 20, 20])]);
    expect(placed.heading).toEqual([[1, 40]]);
    expect(placed.text).toEqual([[1, 60], [1, 80], [2, 0]]);
  });

  it('never splits a block that must stay together, and drops spacing at the top of a page', () => {
    const { block, flow, placed } = recorder();
    flow.place([block('before', [60]), block('box', [50], { keepTogether: true, spaceBefore: 8 })]);
    expect(placed.box).toEqual([[2, 0]]);
  });

  it('adds the spacing between blocks on the same page', () => {
    const { block, flow, placed } = recorder();
    flow.place([block('a', [10], { spaceAfter: 5 }), block('b', [10], { spaceBefore: 7 })]);
    expect(placed.b).toEqual([[1, 22]]);
  });
});
