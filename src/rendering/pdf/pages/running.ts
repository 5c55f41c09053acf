import type { LayoutDocument } from '../../layout/model';
import { plain } from './blocks';
import { line } from './paths';
import { drawTextLine, DrawContext, formatNumber, inkLeft, layoutText, TextFrame, TextLine } from '../text/text';
import { COLORS } from './theme';

/** The footer text of page `n` of `m`, with numbers in the document language's digits. */
export function pageLabel(template: string, n: number, m: number, lang: string): string {
  return template.replace('{n}', formatNumber(n, lang)).replace('{m}', formatNumber(m, lang));
}

/** The box left that puts a single line's ink against the end edge of the text area (right for ltr). */
export function endAlignedLeft(ctx: DrawContext, tl: TextLine, frame: TextFrame): number {
  const { margin, contentWidth } = ctx.theme.page;
  return frame.dir === 'rtl' ? margin.left - inkLeft(tl) : margin.left + contentWidth - tl.line.width - inkLeft(tl);
}

/**
 * The running header (the booklet's title and a hairline) and footer (the edition on the start
 * side, "page n of m" on the end side) of a content page, in the page's language. Both are page
 * furniture: artifacts that assistive technology skips.
 */
export function drawRunning(ctx: DrawContext, doc: LayoutDocument, n: number, m: number, header: boolean): void {
  const { page, styles } = ctx.theme;
  const frame: TextFrame = { dir: doc.dir, script: doc.script };
  const left = page.margin.left;
  if (header) {
    const [title] = layoutText(plain(doc.title), frame, page.contentWidth, styles.header);
    ctx.tags.artifact('Header', () => {
      if (title) drawTextLine(ctx, title, left, page.headerBaseline - title.baseline);
      ctx.doc.addContent(line(left, page.headerRule, left + page.contentWidth, page.headerRule, { width: 0.4, color: COLORS.frame }));
    });
  }
  const [edition] = layoutText(plain(doc.labels.cover.edition), frame, page.contentWidth, styles.footer);
  const [label] = layoutText(plain(pageLabel(doc.labels.pageOf, n, m, doc.locale)), frame, page.contentWidth, styles.footer);
  ctx.tags.artifact('Footer', () => {
    if (edition) drawTextLine(ctx, edition, left, page.footerBaseline - edition.baseline);
    if (label) drawTextLine(ctx, label, endAlignedLeft(ctx, label, frame), page.footerBaseline - label.baseline);
  });
}
