import type { Span } from '../../../content/blocks';
import type { LayoutDocument } from '../../layout/model';
import { plain } from './blocks';
import { toUserSpace } from '../pdfkit/structure';
import { qrPath, qrSymbol } from './qr';
import { drawStack, StackItem, stackHeight, stackItem } from './stack';
import type { StructNode, StructOptions } from '../tagging/tagging';
import type { DrawContext, TextFrame } from '../text/text';
import type { PageLayout } from '../options';

/**
 * The cover: the institution, then per language (one, or two for a bilingual edition) the title,
 * the language's own name and the edition, a sample notice if any, and at the foot "read online"
 * with a QR code that opens `docs[0].onlineUrl` and the address in print for those who cannot
 * scan. Everything is centred, which suits both directions. Under them, in the bottom margin, how to
 * print this `layout` (double-sided and which edge to flip on), for the caseworker who prints it.
 * Returns the function that draws it.
 */
export function coverPage(ctx: DrawContext, docs: readonly LayoutDocument[], layout: PageLayout): () => void {
  const { tags, theme } = ctx;
  const { styles, page } = theme;
  const main = docs[0] as LayoutDocument;
  const div = tags.node(tags.root, 'Div');
  const frameOf = (d: LayoutDocument): TextFrame => ({ dir: d.dir, script: d.script });
  const langOf = (d: LayoutDocument): StructOptions => (d.lang !== main.lang ? { lang: d.lang } : {});

  const top = [stackItem(ctx, div, 'P', plain(main.labels.cover.institution), frameOf(main), styles.coverLine)];
  const middle: StackItem[] = [];
  for (const d of docs) {
    middle.push(stackItem(ctx, div, 'H1', plain(d.title), frameOf(d), styles.coverTitle, langOf(d)));
    middle.push(stackItem(ctx, div, 'P', plain(d.languageName), frameOf(d), styles.coverLanguage, langOf(d)));
  }
  middle.push(stackItem(ctx, div, 'P', plain(main.labels.cover.edition), frameOf(main), styles.coverLine));
  if (main.sample) middle.push(stackItem(ctx, div, 'P', plain(main.labels.sampleNotice), frameOf(main), styles.sample));

  const read = stackItem(ctx, div, 'P', plain(main.labels.cover.readOnline), frameOf(main), styles.coverStrong);
  const figure = tags.node(div, 'Figure', { alt: main.labels.cover.qrAlt });
  // The address reads left to right in every language: isolated, so bidi keeps it whole.
  const urlSpan: Span = { text: `\u2066${main.onlineUrl}\u2069`, bold: false, italic: false, href: main.onlineUrl };
  const url = stackItem(ctx, div, 'P', [urlSpan], frameOf(main), styles.coverLine);
  const howToPrint = stackItem(ctx, div, 'P', plain(main.labels.cover.howToPrint[layout]), frameOf(main), styles.footer);

  return () => {
    drawStack(ctx, top, page.margin.top);
    drawStack(ctx, middle, page.height * 0.25);
    // How to print sits in the bottom margin (the cover has no footer), its last line on the footer's
    // baseline; the address and the QR code move up if it needs more room than the margin gives.
    const lines = howToPrint.lines;
    const last = lines[lines.length - 1];
    const howTop = page.footerBaseline - stackHeight([howToPrint]) + (last ? last.height - last.baseline : 0);
    const urlTop = Math.min(page.height - page.margin.bottom, howTop - 4) - stackHeight([url]);
    const qrTop = urlTop - theme.qrSize;
    drawStack(ctx, [read], qrTop - stackHeight([read]));
    drawQr(ctx, figure, main.onlineUrl, page.margin.left + (page.contentWidth - theme.qrSize) / 2, qrTop);
    drawStack(ctx, [url], urlTop);
    drawStack(ctx, [howToPrint], howTop);
  };
}

/** Draws the QR code as the content of a Figure, with the figure's bounding box for its tag. */
function drawQr(ctx: DrawContext, figure: StructNode, text: string, x: number, y: number): void {
  const side = ctx.theme.qrSize;
  const { ops, inset } = qrPath(qrSymbol(text), x, y, side);
  const [x1, y1] = toUserSpace(ctx.doc, x + inset, y + side - inset);
  const [x2, y2] = toUserSpace(ctx.doc, x + side - inset, y + inset);
  figure.bbox = [x1, y1, x2, y2];
  ctx.tags.content(figure);
  ctx.doc.addContent(`q\n0 g\n${ops}\nQ`);
}
