import type { Block, ContactFields, Span } from '../../content/blocks';
import type { LayoutLabels } from '../layout/model';
import type { FlowBlock, Piece } from './flow';
import { drawTextLine, DrawContext, layoutText, TextFrame, TextLine } from './text';
import { CONTACT_BOX, CONTENT_WIDTH, COLORS, LIST, PAGE, STYLES, TextStyle } from './theme';

const LEFT = PAGE.margin.left;

function linePieces(ctx: DrawContext, lines: readonly TextLine[], left: number): Piece[] {
  return lines.map((tl) => ({ height: tl.height, draw: (top: number) => drawTextLine(ctx, tl, left, top) }));
}

/** A run of text across the full text width: paragraphs, titles, headings, notices. */
export function textBlock(
  ctx: DrawContext,
  spans: readonly Span[],
  frame: TextFrame,
  style: TextStyle,
  keepWithNext = false,
): FlowBlock {
  const lines = layoutText(spans, frame, CONTENT_WIDTH, style);
  return { pieces: linePieces(ctx, lines, LEFT), spaceBefore: style.spaceBefore, spaceAfter: style.spaceAfter, keepWithNext };
}

/**
 * One list item: text indented on the start side (left for ltr, right for rtl) and the marker in
 * that indent, next to the text, on the first line. Numbers go through the bidi layout like the
 * text, so "1." reads correctly in right-to-left lists.
 */
function listItem(ctx: DrawContext, spans: readonly Span[], marker: string, frame: TextFrame, last: boolean): FlowBlock {
  const style = STYLES.listItem;
  const width = CONTENT_WIDTH - LIST.indent;
  const rtl = frame.dir === 'rtl';
  const textLeft = rtl ? LEFT : LEFT + LIST.indent;
  const lines = layoutText(spans, frame, width, style);
  const [markerLine] = layoutText([{ text: marker, bold: false, italic: false }], frame, LIST.indent, style);
  const pieces = linePieces(ctx, lines, textLeft);
  const first = pieces[0];
  if (first && markerLine) {
    const markerLeft = rtl
      ? LEFT + CONTENT_WIDTH - LIST.indent + LIST.gap - markerLine.line.runs.reduce((x, r) => Math.min(x, r.x), Infinity)
      : LEFT + LIST.indent - LIST.gap - markerLine.line.width;
    // Align the marker to the first text line's baseline.
    const shift = (lines[0]?.baseline ?? 0) - markerLine.baseline;
    const drawText = first.draw;
    first.draw = (top) => {
      drawTextLine(ctx, markerLine, markerLeft, top + shift);
      drawText(top);
    };
  }
  return { pieces, spaceBefore: 0, spaceAfter: last ? STYLES.body.spaceAfter : style.spaceAfter };
}

function listBlocks(ctx: DrawContext, block: Extract<Block, { type: 'list' }>, frame: TextFrame): FlowBlock[] {
  return block.items.map((item, i) =>
    listItem(ctx, item, block.ordered ? `${i + 1}.` : '\u2022', frame, i === block.items.length - 1),
  );
}

/** Wraps a value that must read left to right (phone, e-mail, website) in an isolate (LRI … PDI). */
function ltrValue(text: string, href: string): Span {
  return { text: `\u2066${text}\u2069`, bold: false, italic: false, href };
}

/** The lines of a contact block: the name in bold, then "Label: value" per field present. */
function contactSpans(fields: ContactFields, labels: LayoutLabels['contact']): Span[][] {
  const plain = (text: string): Span => ({ text, bold: false, italic: false });
  const label = (text: string): Span => ({ text: `${text}: `, bold: true, italic: false });
  const rows: Span[][] = [[{ text: fields.name, bold: true, italic: false }]];
  if (fields.phone) rows.push([label(labels.phone), ltrValue(fields.phone, `tel:${fields.phone.replace(/[^+0-9]/g, '')}`)]);
  if (fields.address) rows.push([label(labels.address), plain(fields.address)]);
  if (fields.hours) rows.push([label(labels.hours), plain(fields.hours)]);
  if (fields.email) rows.push([label(labels.email), ltrValue(fields.email, `mailto:${fields.email}`)]);
  if (fields.web) rows.push([label(labels.web), ltrValue(fields.web, fields.web)]);
  return rows;
}

/** A contact block: its lines in a framed box that is never split across pages. */
function contactBlock(ctx: DrawContext, fields: ContactFields, frame: TextFrame, labels: LayoutLabels['contact']): FlowBlock {
  const style = STYLES.contact;
  const pad = CONTACT_BOX.padding;
  const lines = contactSpans(fields, labels).flatMap((spans) => layoutText(spans, frame, CONTENT_WIDTH - 2 * pad, style));
  const height = lines.reduce((h, l) => h + l.height, 0) + 2 * pad;
  const draw = (top: number): void => {
    ctx.doc
      .save()
      .lineWidth(CONTACT_BOX.lineWidth)
      .strokeColor(COLORS.frame)
      .rect(LEFT, top, CONTENT_WIDTH, height)
      .stroke()
      .restore();
    let y = top + pad;
    for (const tl of lines) {
      drawTextLine(ctx, tl, LEFT + pad, y);
      y += tl.height;
    }
  };
  return { pieces: [{ height, draw }], spaceBefore: style.spaceBefore, spaceAfter: style.spaceAfter, keepTogether: true };
}

/** The flow blocks of one content block, in the frame (language and direction) of its section. */
export function contentBlocks(ctx: DrawContext, block: Block, frame: TextFrame, labels: LayoutLabels): FlowBlock[] {
  switch (block.type) {
    case 'paragraph':
      return [textBlock(ctx, block.spans, frame, STYLES.body)];
    case 'heading':
      return [textBlock(ctx, block.spans, frame, block.level === 2 ? STYLES.h2 : STYLES.h3, true)];
    case 'list':
      return listBlocks(ctx, block, frame);
    case 'contact':
      return [contactBlock(ctx, block.fields, frame, labels.contact)];
  }
}
