import type { LayoutDocument } from '../layout/model';
import { drawTextLine, DrawContext, layoutText } from './text';
import { CONTENT_WIDTH, PAGE, STYLES } from './theme';

const formats = new Map<string, Intl.NumberFormat>();

/** The footer text of page `n` of `m`, with numbers in the document language's digits. */
export function pageLabel(template: string, n: number, m: number, lang: string): string {
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang); // costly to create; one per language per process
    formats.set(lang, format);
  }
  return template.replace('{n}', format.format(n)).replace('{m}', format.format(m));
}

/**
 * Writes "Page n of m" at the foot of every page. Pages are buffered (`bufferPages: true`), so this
 * runs once the total is known, revisiting each page.
 */
export function writeFooters(ctx: DrawContext, doc: LayoutDocument): void {
  const { start, count } = ctx.doc.bufferedPageRange();
  const frame = { dir: doc.dir, script: doc.script };
  for (let i = 0; i < count; i++) {
    ctx.doc.switchToPage(start + i);
    const text = pageLabel(doc.labels.pageOf, i + 1, count, doc.lang);
    const [line] = layoutText([{ text, bold: false, italic: false }], frame, CONTENT_WIDTH, STYLES.footer, 'center');
    if (line) drawTextLine(ctx, line, PAGE.margin.left, PAGE.footerBaseline - line.baseline);
  }
}
