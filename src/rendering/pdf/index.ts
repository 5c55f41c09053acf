import type { LayoutDocument } from '../layout/model';
import { contentBlocks, textBlock } from './blocks';
import { createPdfDocument, finish } from './document';
import { FlowBlock, PageFlow } from './flow';
import { writeFooters } from './footer';
import { FONT_KEYS } from './fonts';
import { DocumentFonts } from './pdfkit-fonts';
import { textWidth } from './shaping';
import type { DrawContext, TextFrame } from './text';
import { PAGE, STYLES } from './theme';

/** The flow of a whole booklet: title, then per section its title, notice and blocks. */
function bookletBlocks(ctx: DrawContext, doc: LayoutDocument): FlowBlock[] {
  const docFrame: TextFrame = { dir: doc.dir, script: doc.script };
  const plain = (text: string) => [{ text, bold: false, italic: false }];
  const blocks: FlowBlock[] = [textBlock(ctx, plain(doc.title), docFrame, STYLES.title, true)];
  if (doc.sample) blocks.push(textBlock(ctx, plain(doc.labels.sampleNotice), docFrame, STYLES.sample, true));
  for (const section of doc.sections) {
    // A section shown in the source language is laid out in that language's direction and script.
    const frame: TextFrame = { dir: section.dir, script: section.script };
    const title = textBlock(ctx, plain(section.title), frame, STYLES.section, true);
    const first = title.pieces[0];
    if (first) {
      const drawLine = first.draw;
      first.draw = (top) => {
        ctx.doc.outline.addItem(section.title); // bookmark to the page where the title lands
        drawLine(top);
      };
    }
    blocks.push(title);
    // The notice is an interface string, so it is in the reader's language.
    if (section.notice) blocks.push(textBlock(ctx, plain(section.notice), docFrame, STYLES.notice, true));
    for (const block of section.blocks) blocks.push(...contentBlocks(ctx, block, frame, doc.labels));
  }
  return blocks;
}

/**
 * Renders a booklet's layout model as an A4 PDF: embedded subset fonts (Noto Sans, Vazirmatn),
 * right-to-left text laid out with the Unicode bidi algorithm, links, bookmarks per section,
 * "page n of m" footers and document metadata. Resolves with the PDF bytes.
 */
export async function renderPdf(doc: LayoutDocument): Promise<Buffer> {
  const pdf = createPdfDocument(doc);
  const ctx: DrawContext = { doc: pdf, fonts: new DocumentFonts(pdf) };
  const flow = new PageFlow(() => pdf.addPage(), { top: PAGE.margin.top, bottom: PAGE.height - PAGE.margin.bottom });
  flow.place(bookletBlocks(ctx, doc));
  writeFooters(ctx, doc);
  return finish(pdf);
}

/**
 * Parses the fonts and decodes their layout tables ahead of the first request: about 0.4 s per
 * process or worker thread that the first render would otherwise pay. Optional.
 */
export function warmUpPdfRenderer(): void {
  for (const key of FONT_KEYS) textWidth(key, key.startsWith('arabic') ? 'اتصل بالرقم 916' : 'Law Кожен İş 916');
}
