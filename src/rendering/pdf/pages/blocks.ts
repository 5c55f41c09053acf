import type { Block, ContactFields, Span } from '../../../content/blocks';
import type { LayoutLabels } from '../../layout/model';
import type { FlowBlock, Piece } from './flow';
import { rectangle } from './paths';
import type { StructNode } from '../tagging/tagging';
import { listMarker } from '../../../i18n/format';
import { drawTextLine, DrawContext, inkLeft, layoutText, TextFrame, TextLine } from '../text/text';
import { COLORS, TextStyle } from './theme';

/** Pieces that draw lines at `left`, each as content of `node`. */
export function linePieces(ctx: DrawContext, lines: readonly TextLine[], left: number, node: StructNode): Piece[] {
  return lines.map((tl) => ({ height: tl.height, draw: (top: number) => drawTextLine(ctx, tl, left, top, node) }));
}

/** Plain text as one unstyled span. */
export function plain(text: string): Span[] {
  return [{ text, bold: false, italic: false }];
}

/** A run of text across the full text width (paragraphs, titles, headings, notices), tagged as `node`. */
export function textBlock(
  ctx: DrawContext,
  spans: readonly Span[],
  frame: TextFrame,
  style: TextStyle,
  node: StructNode,
  keepWithNext = false,
): FlowBlock {
  const { page } = ctx.theme;
  const lines = layoutText(spans, frame, page.contentWidth, style);
  return {
    pieces: linePieces(ctx, lines, page.margin.left, node),
    spaceBefore: style.spaceBefore,
    spaceAfter: style.spaceAfter,
    keepWithNext,
  };
}

/**
 * One list item: text indented on the start side (left for ltr, right for rtl) and the marker in
 * that indent, next to the text, on the first line. Numbers go through the bidi layout like the
 * text, so "1." reads correctly in right-to-left lists; they are the item's label (Lbl), while a
 * bullet is decoration (an artifact). A short item is kept on one page.
 */
function listItem(ctx: DrawContext, spans: readonly Span[], marker: string, frame: TextFrame, li: StructNode, last: boolean): FlowBlock {
  const { theme, tags } = ctx;
  const style = theme.styles.listItem;
  const { indent, gap } = theme.list;
  const left = theme.page.margin.left;
  const width = theme.page.contentWidth - indent;
  const rtl = frame.dir === 'rtl';
  const textLeft = rtl ? left : left + indent;
  const ordered = marker !== '\u2022';
  const label = ordered ? tags.node(li, 'Lbl') : undefined;
  const lines = layoutText(spans, frame, width, style);
  const [markerLine] = layoutText(plain(marker), frame, indent, style);
  const pieces = linePieces(ctx, lines, textLeft, tags.node(li, 'LBody'));
  const first = pieces[0];
  if (first && markerLine) {
    const markerLeft = rtl
      ? left + theme.page.contentWidth - indent + gap - inkLeft(markerLine)
      : left + indent - gap - markerLine.line.width;
    // Align the marker to the first text line's baseline.
    const shift = (lines[0]?.baseline ?? 0) - markerLine.baseline;
    // A new first piece that draws the marker, then the line (the piece itself is left as it was).
    pieces[0] = {
      ...first,
      draw: (top) => {
        if (label) drawTextLine(ctx, markerLine, markerLeft, top + shift, label);
        else tags.artifact('Layout', () => drawTextLine(ctx, markerLine, markerLeft, top + shift));
        first.draw(top);
      },
    };
  }
  const height = pieces.reduce((h, p) => h + p.height, 0);
  const area = theme.page.height - theme.page.margin.top - theme.page.margin.bottom;
  return {
    pieces,
    spaceBefore: 0,
    spaceAfter: last ? theme.styles.body.spaceAfter : style.spaceAfter,
    // Where possible an item's lines stay together; one longer than a third of a page may split
    // (keeping it whole would leave a large gap).
    keepTogether: height <= area / 3,
  };
}

function listBlocks(ctx: DrawContext, block: Extract<Block, { type: 'list' }>, frame: TextFrame, parent: StructNode): FlowBlock[] {
  const list = ctx.tags.node(parent, 'L', { listNumbering: block.ordered ? 'Decimal' : 'Disc' });
  return block.items.map((item, i) =>
    // Numbers in the digits and the marker of the section's language, as on the page ("۱-" in Persian).
    listItem(
      ctx,
      item,
      block.ordered ? listMarker(frame.listItem ?? '{n}.', i + 1, frame.locale ?? 'und') : '\u2022',
      frame,
      ctx.tags.node(list, 'LI'),
      i === block.items.length - 1,
    ),
  );
}

/** Wraps a value that must read left to right (phone, e-mail, website) in an isolate (LRI … PDI). */
function ltrValue(text: string, href: string): Span {
  return { text: `\u2066${text}\u2069`, bold: false, italic: false, href };
}

/** The lines of a contact block: the name in bold, then "Label: value" per field present. */
function contactSpans(fields: ContactFields, labels: LayoutLabels['contact']): Span[][] {
  const label = (text: string): Span => ({ text: `${text}: `, bold: true, italic: false });
  const rows: Span[][] = [[{ text: fields.name, bold: true, italic: false }]];
  if (fields.phone) rows.push([label(labels.phone), ltrValue(fields.phone, `tel:${fields.phone.replace(/[^+0-9]/g, '')}`)]);
  if (fields.address) rows.push([label(labels.address), ...plain(fields.address)]);
  if (fields.hours) rows.push([label(labels.hours), ...plain(fields.hours)]);
  if (fields.email) rows.push([label(labels.email), ltrValue(fields.email, `mailto:${fields.email}`)]);
  if (fields.web) rows.push([label(labels.web), ltrValue(fields.web, fields.web)]);
  return rows;
}

/**
 * A contact block: its rows (a paragraph each, grouped in a Div) in a framed box that is never
 * split across pages. The frame is decoration.
 */
function contactBlock(
  ctx: DrawContext,
  fields: ContactFields,
  frame: TextFrame,
  labels: LayoutLabels['contact'],
  parent: StructNode,
): FlowBlock {
  const { theme, tags } = ctx;
  const style = theme.styles.contact;
  const { padding, lineWidth } = theme.contactBox;
  const { left } = theme.page.margin;
  const width = theme.page.contentWidth;
  const div = tags.node(parent, 'Div');
  const rows = contactSpans(fields, labels).map((spans) => ({
    node: tags.node(div, 'P'),
    lines: layoutText(spans, frame, width - 2 * padding, style),
  }));
  const height = rows.reduce((h, r) => h + r.lines.reduce((s, l) => s + l.height, 0), 0) + 2 * padding;
  const draw = (top: number): void => {
    tags.artifact('Layout', () => ctx.doc.addContent(rectangle(left, top, width, height, { width: lineWidth, color: COLORS.frame })));
    let y = top + padding;
    for (const row of rows) {
      for (const tl of row.lines) {
        drawTextLine(ctx, tl, left + padding, y, row.node);
        y += tl.height;
      }
    }
  };
  return { pieces: [{ height, draw }], spaceBefore: style.spaceBefore, spaceAfter: style.spaceAfter, keepTogether: true };
}

/** The flow blocks of one content block, in the frame (language and direction) of its section. */
export function contentBlocks(ctx: DrawContext, block: Block, frame: TextFrame, labels: LayoutLabels, parent: StructNode): FlowBlock[] {
  const { styles } = ctx.theme;
  const { tags } = ctx;
  switch (block.type) {
    case 'paragraph':
      return [textBlock(ctx, block.spans, frame, styles.body, tags.node(parent, 'P'))];
    case 'heading':
      return [
        block.level === 2
          ? textBlock(ctx, block.spans, frame, styles.h2, tags.node(parent, 'H2'), true)
          : textBlock(ctx, block.spans, frame, styles.h3, tags.node(parent, 'H3'), true),
      ];
    case 'list':
      return listBlocks(ctx, block, frame, parent);
    case 'contact':
      return [contactBlock(ctx, block.fields, frame, labels.contact, parent)];
  }
}
