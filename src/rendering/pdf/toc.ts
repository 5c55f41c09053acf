import type { LayoutDocument } from '../layout/model';
import { plain, textBlock } from './blocks';
import type { FlowBlock } from './flow';
import { line } from './paths';
import { linkAnnotation } from './pdfkit-structure';
import { endAlignedLeft } from './running';
import type { StructNode } from './tagging';
import { drawTextLine, DrawContext, formatNumber, layoutText, TextFrame } from './text';
import { COLORS } from './theme';

/** Length of a leader's dash: next to nothing, so with round caps each dash is a dot. */
const DOT = 0.001;

/** One line of the contents: a section's title, where it goes, and (once paginated) its page. */
export interface TocEntry {
  title: string;
  frame: TextFrame;
  /** Named destination of the section's title. */
  dest: string;
  /** The printed page number; asked for only when drawing, after pagination. */
  page: () => number;
}

/**
 * The table of contents of `doc`: its heading, then per section the title on the start side, the
 * page number against the end side and dot leaders between them (all mirrored for right-to-left
 * languages). Entries are links to their sections. The layout does not depend on the numbers
 * (their width is reserved), so the contents can be paginated before the sections are.
 * Tagged as H1 + TOC › TOCI › Reference › Link; the leaders are decoration.
 */
export function tocBlocks(ctx: DrawContext, doc: LayoutDocument, entries: readonly TocEntry[], catalogLang: string): FlowBlock[] {
  if (entries.length === 0) return [];
  const { tags, theme } = ctx;
  const div = tags.node(tags.root, 'Div', doc.lang !== catalogLang ? { lang: doc.lang } : {});
  const docFrame: TextFrame = { dir: doc.dir, script: doc.script };
  const heading = textBlock(ctx, plain(doc.labels.contents), docFrame, theme.styles.section, tags.node(div, 'H1'), true);
  const toc = tags.node(div, 'TOC');
  return [heading, ...entries.map((entry) => tocEntry(ctx, doc, entry, tags.node(tags.node(toc, 'TOCI'), 'Reference')))];
}

function tocEntry(ctx: DrawContext, doc: LayoutDocument, entry: TocEntry, reference: StructNode): FlowBlock {
  const { tags, theme, doc: pdf } = ctx;
  const { margin, contentWidth } = theme.page;
  const { numberWidth, gap, dotPitch } = theme.toc;
  const style = theme.styles.tocEntry;
  const rtl = entry.frame.dir === 'rtl';
  const docFrame: TextFrame = { dir: doc.dir, script: doc.script };
  const link = tags.node(reference, 'Link');
  const width = contentWidth - numberWidth - gap;
  const lines = layoutText(plain(entry.title), entry.frame, width, style);
  const textLeft = rtl ? margin.left + numberWidth + gap : margin.left;
  const height = lines.reduce((h, l) => h + l.height, 0);

  const draw = (top: number): void => {
    let y = top;
    for (const tl of lines) {
      drawTextLine(ctx, tl, textLeft, y, link);
      y += tl.height;
    }
    const last = lines[lines.length - 1];
    const [number] = layoutText(plain(formatNumber(entry.page(), doc.lang)), docFrame, numberWidth, style);
    if (!last || !number) return;
    const lastTop = y - last.height;
    const baseline = lastTop + last.baseline;
    drawTextLine(ctx, number, endAlignedLeft(ctx, number, docFrame), baseline - number.baseline, link);
    // Leaders run from just before the number to just after the title. Their dots sit on one grid
    // (the dash phase shifts each line onto it), so they line up from entry to entry.
    const titleEnd = rtl ? textLeft + (last.line.runs[0]?.x ?? 0) - gap : textLeft + last.line.width + gap;
    const numberEdge = rtl ? margin.left + number.line.width + gap : margin.left + contentWidth - number.line.width - gap;
    if (Math.abs(numberEdge - titleEnd) > 2 * dotPitch && (rtl ? titleEnd > numberEdge : titleEnd < numberEdge)) {
      // A dot falls where the distance along the line is -phase (mod period): with the phase set to
      // the distance from the text area's end edge, every dot is a whole number of periods from it.
      const period = dotPitch + DOT;
      const fromEdge = rtl ? numberEdge - margin.left : margin.left + contentWidth - numberEdge;
      const dots = { width: style.size * 0.09, color: COLORS.muted, round: true, dash: [DOT, dotPitch] as const, phase: fromEdge % period };
      tags.artifact('Layout', () => pdf.addContent(line(numberEdge, baseline, titleEnd, baseline, dots)));
    }
    tags.annotation(link, (structParent) => {
      const rect = { x: margin.left, y: top, width: contentWidth, height };
      linkAnnotation(pdf, rect, { dest: entry.dest }, entry.title, structParent);
    });
  };
  return { pieces: [{ height, draw }], spaceBefore: 0, spaceAfter: style.spaceAfter, keepTogether: true };
}
