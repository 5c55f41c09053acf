import type { LayoutDocument } from '../../layout/model';
import { plain } from './blocks';
import { line } from './paths';
import { drawStack, StackItem, stackHeight, stackItem } from './stack';
import type { DrawContext, TextFrame } from '../text/text';
import { COLORS } from './theme';

/**
 * The closing page (the back of a printed booklet): per language, "About this edition" and who
 * translated it, which source edition it follows, its review status and publication date, set
 * from the start side at the foot of the page under a hairline (a draft has neither the date nor
 * the published status). Returns the function that draws it.
 */
export function closingPage(ctx: DrawContext, docs: readonly LayoutDocument[]): () => void {
  const { tags, theme } = ctx;
  const { styles, page } = theme;
  const main = docs[0] as LayoutDocument;
  const items: StackItem[] = [];
  for (const d of docs) {
    const div = tags.node(tags.root, 'Div', d.lang !== main.lang ? { lang: d.lang } : {});
    const frame: TextFrame = { dir: d.dir, script: d.script };
    const c = d.labels.closing;
    items.push(stackItem(ctx, div, 'H1', plain(c.title), frame, styles.closingTitle, { align: 'start' }));
    // A draft has no publication date, and is not reviewed and published (a sample still says it is one).
    const lines = (
      ctx.draft ? [c.translation, c.source, d.sample ? c.status : undefined] : [c.translation, c.source, c.status, c.published]
    ).filter((l): l is string => l !== undefined && l !== '');
    for (const line of lines) items.push(stackItem(ctx, div, 'P', plain(line), frame, styles.closingLine, { align: 'start' }));
    const last = items[items.length - 1];
    // A gap between the two languages of a bilingual edition.
    if (last && d !== docs[docs.length - 1]) items[items.length - 1] = { ...last, style: { ...last.style, spaceAfter: 18 } };
  }
  return () => {
    const top = page.height - page.margin.bottom - stackHeight(items);
    const rule = top - 14;
    const { left } = page.margin;
    tags.artifact('Layout', () =>
      ctx.doc.addContent(line(left, rule, left + page.contentWidth, rule, { width: 0.6, color: COLORS.frame })),
    );
    drawStack(ctx, items, top);
  };
}
