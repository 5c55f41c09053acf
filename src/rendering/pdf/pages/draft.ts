import type { LayoutDocument } from '../../layout/model';
import { plain } from './blocks';
import type { BookPage } from './book';
import { filledRectangle } from './paths';
import { drawTextLine, DrawContext, layoutText, TextFrame } from '../text/text';
import { COLORS } from './theme';

/** Draws the draft mark on one page of the book (`index`: its place in reading order). */
export type DraftMarker = (page: BookPage, index: number) => void;

/**
 * The mark of a draft preview: "Draft — not published" in the page's language, centred on a pale
 * band along the top edge of every page (blank ones too), above the running header, where no
 * content goes. It is laid out and drawn like all other text (bidi, a font per script, the marks
 * added for extraction), so Arabic and Persian read right in pdf.js, PDFium and poppler.
 *
 * On the cover it is real content, the first element of the structure tree, so that a screen
 * reader announces it once; on every other page it is a watermark artifact, which assistive
 * technology skips (text extraction and search still find it).
 */
export function draftMarker(ctx: DrawContext, main: LayoutDocument): DraftMarker {
  const { page: geometry, styles } = ctx.theme;
  const node = ctx.tags.node(ctx.tags.root, 'P');
  const band = (): void => {
    ctx.doc.addContent(filledRectangle(0, 0, geometry.width, geometry.draftBand, COLORS.draftBand));
  };
  return (page, index) => {
    // A bilingual edition marks each page in its own language; the cover and blank pages in the first.
    const doc = page.running ?? main;
    const frame: TextFrame = { dir: doc.dir, script: doc.script };
    const [line] = layoutText(plain(doc.labels.draftMark), frame, geometry.contentWidth, styles.draftMark, 'center');
    if (!line) return;
    const top = (geometry.draftBand - line.height) / 2;
    if (index === 0) {
      ctx.tags.artifact('Layout', band);
      drawTextLine(ctx, line, geometry.margin.left, top, node);
    } else {
      ctx.tags.artifact('Watermark', () => {
        band();
        drawTextLine(ctx, line, geometry.margin.left, top);
      });
    }
  };
}
