import type { Span } from '../../../content/blocks';
import type { StructNode, StructOptions } from '../tagging/tagging';
import { drawTextLine, DrawContext, layoutText, TextFrame, TextLine } from '../text/text';
import type { TextStyle } from './theme';

/**
 * Paragraphs placed by hand rather than by the page flow (cover, closing page): each has its lines
 * and the element they belong to.
 */
export interface StackItem {
  lines: readonly TextLine[];
  style: TextStyle;
  node: StructNode;
}

/** Lays out `spans` across the text width (centred, or from the start side) as a new element under `parent`. */
export function stackItem(
  ctx: DrawContext,
  parent: StructNode,
  role: 'H1' | 'P',
  spans: readonly Span[],
  frame: TextFrame,
  style: TextStyle,
  options: StructOptions & { align?: 'start' | 'center' } = {},
): StackItem {
  const { align = 'center', ...structOptions } = options;
  const lines = layoutText(spans, frame, ctx.theme.page.contentWidth, style, align);
  return { lines, style, node: ctx.tags.node(parent, role, structOptions) };
}

/** Height of a stack of paragraphs, the spacing after each included. */
export function stackHeight(items: readonly StackItem[]): number {
  return items.reduce((h, it) => h + it.lines.reduce((s, l) => s + l.height, 0) + it.style.spaceAfter, 0);
}

/** Draws a stack of paragraphs from `top` down; returns the y under the last one. */
export function drawStack(ctx: DrawContext, items: readonly StackItem[], top: number): number {
  let y = top;
  for (const it of items) {
    for (const tl of it.lines) {
      drawTextLine(ctx, tl, ctx.theme.page.margin.left, y, it.node);
      y += tl.height;
    }
    y += it.style.spaceAfter;
  }
  return y;
}
