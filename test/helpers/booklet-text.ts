import { Block, spansText } from '../../src/content/blocks';
import type { LayoutDocument, LayoutSection } from '../../src/rendering/layout/model';
import { normalizeSpace } from './pdf';

/**
 * What a section says, as a reader would copy it from any rendering of it: the source text the
 * PDF and HTML renderers draw, paragraph by paragraph, without markers (bullets and list numbers).
 */

/** What each block says, in reading order: one string per paragraph, heading, list item or contact line. */
export function blockTexts(block: Block, doc: LayoutDocument): string[] {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return [spansText(block.spans)];
    case 'list':
      return block.items.map(spansText);
    case 'contact': {
      const l = doc.labels.contact;
      const f = block.fields;
      return [
        f.name,
        ...(f.phone ? [`${l.phone}: ${f.phone}`] : []),
        ...(f.address ? [`${l.address}: ${f.address}`] : []),
        ...(f.hours ? [`${l.hours}: ${f.hours}`] : []),
        ...(f.email ? [`${l.email}: ${f.email}`] : []),
        ...(f.web ? [`${l.web}: ${f.web}`] : []),
      ];
    }
  }
}

/** The paragraphs of a section in reading order: its title, its notice, then each block's text. */
export function sectionParagraphs(section: LayoutSection, doc: LayoutDocument): string[] {
  const parts = [section.title, section.notice ?? '', ...section.blocks.flatMap((b) => blockTexts(b, doc))];
  return parts.map(normalizeSpace).filter((p) => p !== '');
}

/** Everything the renderer draws on the section pages, in reading order, with list markers. */
export function drawnText(doc: LayoutDocument): string {
  const parts: string[] = [];
  for (const section of doc.sections) {
    parts.push(section.title, section.notice ?? '');
    for (const block of section.blocks) {
      const texts = blockTexts(block, doc);
      if (block.type === 'list') texts.forEach((t, i) => parts.push(`${block.ordered ? `${i + 1}.` : '•'} ${t}`));
      else parts.push(...texts);
    }
  }
  return normalizeSpace(parts.join(' '));
}
