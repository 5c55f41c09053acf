import type { LayoutDocument } from '../../layout/model';
import { plain, textBlock } from './blocks';
import type { FlowBlock } from './flow';
import { line } from './paths';
import { linkAnnotation } from '../pdfkit/structure';
import { endAlignedLeft } from './running';
import type { StructNode } from '../tagging/tagging';
import { drawTextLine, DrawContext, formatNumber, inkLeft, layoutText, TextFrame, TextLine } from '../text/text';
import { COLORS } from './theme';

/** Length of a leader's dash: next to nothing, so with round caps each dash is a dot. */
const DOT = 0.001;

/** One line of the contents: a section's title, where it goes, and (once paginated) its page. */
export interface TocEntry {
  title: string;
  /** The title's direction, script and language (a section shown in the source language has its own). */
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
 * Tagged as H1 + TOC › TOCI › Reference › Link (a title in another language in a Span with its
 * Lang); the leaders are decoration.
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
  // The contents run in the document's direction, whatever the language of a title: in a Persian
  // booklet, a section shown in English still has its page number on the left.
  const rtl = doc.dir === 'rtl';
  const docFrame: TextFrame = { dir: doc.dir, script: doc.script };
  const link = tags.node(reference, 'Link');
  // A title in another language (a section shown in the source language) is tagged with it.
  const titleNode = entry.frame.lang && entry.frame.lang !== doc.lang ? tags.node(link, 'Span', { lang: entry.frame.lang }) : link;
  const width = contentWidth - numberWidth - gap;
  // The title keeps its own direction inside (an English title reads left to right) ...
  const lines = layoutText(plain(entry.title), entry.frame, width, style);
  // ... and each of its lines starts at the start edge of the contents, the side away from the
  // number. A line laid out in the other direction starts at the other edge of its box (an English
  // title at the left, where the number of right-to-left contents is), so it moves across: its ink
  // against the right margin in right-to-left contents, against the left margin otherwise.
  const boxLeft = rtl ? margin.left + numberWidth + gap : margin.left;
  const lineLeft = (tl: TextLine): number => {
    if (tl.dir === doc.dir) return boxLeft;
    return rtl ? boxLeft + width - tl.line.width - inkLeft(tl) : boxLeft - inkLeft(tl);
  };
  const height = lines.reduce((h, l) => h + l.height, 0);

  const draw = (top: number): void => {
    let y = top;
    for (const tl of lines) {
      drawTextLine(ctx, tl, lineLeft(tl), y, titleNode);
      y += tl.height;
    }
    const last = lines[lines.length - 1];
    const [number] = layoutText(plain(formatNumber(entry.page(), doc.locale)), docFrame, numberWidth, style);
    if (!last || !number) return;
    const lastTop = y - last.height;
    const baseline = lastTop + last.baseline;
    drawTextLine(ctx, number, endAlignedLeft(ctx, number, docFrame), baseline - number.baseline, link);
    // Leaders run from just before the number to just after the title. Their dots sit on one grid
    // (the dash phase shifts each line onto it), so they line up from entry to entry.
    const lastInk = lineLeft(last) + inkLeft(last);
    const titleEnd = rtl ? lastInk - gap : lastInk + last.line.width + gap;
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
