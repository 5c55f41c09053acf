import type { LayoutDocument, LayoutSection } from '../../layout/model';
import { contentBlocks, plain, textBlock } from './blocks';
import type { FlowBlock } from './flow';
import type { StructNode } from '../tagging/tagging';
import type { DrawContext, TextFrame } from '../text/text';

/** The name of the destination a section's title is linked to (from the outline and the contents). */
export function sectionDestination(book: number, index: number): string {
  return `b${book}s${index}`;
}

/**
 * The flow of one section: its title (H1, anchored for the table of contents and the outline),
 * the notice of a section shown in the source language, and its blocks, all inside a Sect element.
 * `catalogLang` is the document's language: a section in any other language gets its own /Lang.
 */
export function sectionBlocks(
  ctx: DrawContext,
  doc: LayoutDocument,
  section: LayoutSection,
  dest: string,
  catalogLang: string,
  parent: StructNode = ctx.tags.root,
): FlowBlock[] {
  const { tags, theme } = ctx;
  const sect = tags.node(parent, 'Sect', section.lang !== catalogLang ? { lang: section.lang } : {});
  // A section shown in the source language is laid out in that language's direction and script.
  const frame: TextFrame = {
    dir: section.dir,
    script: section.script,
    lang: section.lang,
    locale: section.locale,
    listItem: section.listItem,
  };
  const title = textBlock(ctx, plain(section.title), frame, theme.styles.section, tags.node(sect, 'H1'), true);
  title.anchor = dest;
  const first = title.pieces[0];
  if (first) {
    // A new first piece that draws the destination, then the line (the piece itself is left as it was).
    title.pieces[0] = {
      ...first,
      draw: (top) => {
        ctx.doc.addNamedDestination(dest, 'XYZ', null, top, null);
        first.draw(top);
      },
    };
  }
  const blocks: FlowBlock[] = [title];
  if (section.notice) {
    // The notice is an interface string, so it is in the reader's language and direction.
    const docFrame: TextFrame = { dir: doc.dir, script: doc.script };
    const note = tags.node(sect, 'P', doc.lang !== section.lang ? { lang: doc.lang } : {});
    blocks.push(textBlock(ctx, plain(section.notice), docFrame, theme.styles.notice, note, true));
  }
  for (const block of section.blocks) blocks.push(...contentBlocks(ctx, block, frame, doc.labels, sect));
  return blocks;
}
