import { FlowArea, FlowBlock, paginate, Pagination, Placement } from './flow';

/** One section in both languages; a side is absent when the section exists in one language only. */
export interface FacingSection {
  left?: { blocks: readonly FlowBlock[]; anchor: string };
  right?: { blocks: readonly FlowBlock[]; anchor: string };
}

/** The two flows of a bilingual body, page by page: left pages, right pages, and the spread each section starts on. */
export interface FacingFlow {
  left: Placement[][];
  right: Placement[][];
  /** Spread index (0-based, within this flow) where each anchor's section starts. */
  anchors: Map<string, number>;
}

/** One side's flow: its pages so far and where the next block would go on the last one. */
interface Side {
  pages: Placement[][];
  y: number;
}

/** Appends a pagination that continued the side's last page. */
function append(side: Side, p: Pagination): void {
  const [first, ...rest] = p.pages;
  if (!first) return;
  const last = side.pages[side.pages.length - 1];
  if (last) last.push(...first);
  else side.pages.push(first);
  side.pages.push(...rest);
  side.y = p.end;
}

/**
 * The sections of a bilingual edition on facing pages, one language on the left pages and the other
 * on the right: each section follows the previous one on the same page, and starts on the same spread
 * in both languages, so the two texts of a section always face each other. When one language needs
 * more pages for a section, the other's next section waits for it: it starts at the top of the spread
 * where the longer one ended. A heading that does not fit under the previous section, with the start
 * of its text (the keep rules of the page flow), takes both languages to the next spread.
 */
export function facingFlow(sections: readonly FacingSection[], area: FlowArea): FacingFlow {
  const left: Side = { pages: [], y: area.top };
  const right: Side = { pages: [], y: area.top };
  const anchors = new Map<string, number>();
  // With no page yet, a side starts on a new page: `area.bottom` would add an empty one.
  const startOf = (side: Side): number => (side.pages.length === 0 ? area.top : side.y);
  for (const { left: a, right: b } of sections) {
    const spread = Math.max(left.pages.length - 1, 0);
    let pa = a ? paginate(a.blocks, area, startOf(left)) : undefined;
    let pb = b ? paginate(b.blocks, area, startOf(right)) : undefined;
    const startA = pa && a ? (pa.anchors.get(a.anchor) ?? 0) : 0;
    const startB = pb && b ? (pb.anchors.get(b.anchor) ?? 0) : 0;
    // One side's heading had to go to the next page: the other's goes with it.
    if (a && b && startA !== startB) {
      if (startA < startB) pa = paginate(a.blocks, area, area.bottom);
      else pb = paginate(b.blocks, area, area.bottom);
    }
    const offset = left.pages.length === 0 ? 0 : spread;
    if (a && pa) anchors.set(a.anchor, offset + (pa.anchors.get(a.anchor) ?? 0));
    if (b && pb) anchors.set(b.anchor, offset + (pb.anchors.get(b.anchor) ?? 0));
    if (pa) append(left, pa);
    if (pb) append(right, pb);
    // The shorter side waits on a fresh page of the spread where the longer one ended.
    const spreads = Math.max(left.pages.length, right.pages.length);
    for (const side of [left, right]) {
      if (side.pages.length < spreads) {
        while (side.pages.length < spreads) side.pages.push([]);
        side.y = area.top;
      }
    }
  }
  return { left: left.pages, right: right.pages, anchors };
}
