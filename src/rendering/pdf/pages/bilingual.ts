import type { LayoutDocument, LayoutSection } from '../../layout/model';
import { BLANK, Book, BookPage, flowArea, flowPages, OutlineEntry, padBeforeLast, pageMultiple, wantsContents } from './book';
import type { PageLayout } from '../options';
import { closingPage } from './closing';
import { coverPage } from './cover';
import { facingFlow } from './facing';
import { drawPlacements, paginate, Placement } from './flow';
import { sectionBlocks, sectionDestination } from './sections';
import type { DrawContext } from '../text/text';
import { TocEntry, tocBlocks } from './toc';

/** Left and right pages of spreads; the shorter side is padded with blank pages. */
function spreads(left: readonly BookPage[], right: readonly BookPage[]): BookPage[] {
  const pages: BookPage[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) pages.push(left[i] ?? BLANK, right[i] ?? BLANK);
  return pages;
}

/** Sections of the two languages side by side, matched by id (a section missing on one side faces a blank page). */
function pairSections(doc: LayoutDocument, companion: LayoutDocument): [LayoutSection | undefined, LayoutSection | undefined][] {
  const others = new Map(companion.sections.map((s) => [s.id, s]));
  const pairs: [LayoutSection | undefined, LayoutSection | undefined][] = doc.sections.map((s) => {
    const other = others.get(s.id);
    others.delete(s.id);
    return [s, other];
  });
  for (const s of others.values()) pairs.push([undefined, s]);
  return pairs;
}

/**
 * A bilingual edition on facing pages: a cover with both titles, then spreads — the contents in
 * each language, then each section in `doc`'s language on the left page and in the companion's
 * on the facing right page, each in its own script, direction and fonts. Sections follow one another
 * on the page and start on the same spread in both languages (pages/facing.ts); the contents and
 * the body each start on a new spread. Page 1 is the cover (a right page), so every spread starts on
 * an even page. The structure tree reads each section in `doc`'s
 * language, then the same section in the companion's (each with its /Lang).
 */
export function bilingualBook(ctx: DrawContext, doc: LayoutDocument, companion: LayoutDocument, layout: PageLayout): Book {
  const area = flowArea(ctx);
  const cover = coverPage(ctx, [doc, companion], layout);
  const pairs = pairSections(doc, companion);
  const dest = (book: number, i: number): string => sectionDestination(book, i);
  const pageNumbers = new Map<string, number>();
  const entries = (d: LayoutDocument, book: number): TocEntry[] =>
    pairs.flatMap(([a, b], i) => {
      const s = book === 0 ? a : b;
      if (!s) return [];
      return [
        {
          title: s.title,
          frame: { dir: s.dir, script: s.script, lang: s.lang, locale: s.locale },
          dest: dest(book, i),
          page: () => pageNumbers.get(dest(book, i)) ?? 0,
        },
      ];
    });
  const both = wantsContents(doc) || wantsContents(companion);
  const tocLeft = paginate(both ? tocBlocks(ctx, doc, entries(doc, 0), doc.lang) : [], area);
  const tocRight = paginate(both ? tocBlocks(ctx, companion, entries(companion, 1), doc.lang) : [], area);
  const pages: BookPage[] = [{ draw: cover }, ...spreads(flowPages(tocLeft, doc), flowPages(tocRight, companion))];
  const body = facingFlow(
    pairs.map(([a, b], i) => ({
      ...(a ? { left: { blocks: sectionBlocks(ctx, doc, a, dest(0, i), doc.lang), anchor: dest(0, i) } } : {}),
      ...(b ? { right: { blocks: sectionBlocks(ctx, companion, b, dest(1, i), doc.lang), anchor: dest(1, i) } } : {}),
    })),
    area,
  );
  // Printed page numbers: spread k of the body is pages (before + 2k + 1, before + 2k + 2).
  const before = pages.length;
  pairs.forEach((_, i) => {
    for (const book of [0, 1]) {
      const spread = body.anchors.get(dest(book, i));
      if (spread !== undefined) pageNumbers.set(dest(book, i), before + 2 * spread + 1 + book);
    }
  });
  const page = (placements: Placement[] | undefined, d: LayoutDocument): BookPage =>
    placements && placements.length > 0 ? { draw: () => drawPlacements(placements), running: d, header: true } : BLANK;
  body.left.forEach((placements, k) => pages.push(page(placements, doc), page(body.right[k], companion)));
  pages.push({ draw: closingPage(ctx, [doc, companion]), running: doc, header: false });
  const group = (d: LayoutDocument, book: number): OutlineEntry[] => {
    const children = pairs.flatMap(([a, b], i) => {
      const s = book === 0 ? a : b;
      return s ? [{ title: s.title, dest: dest(book, i) }] : [];
    });
    const first = children[0];
    return first ? [{ title: d.languageName, dest: first.dest, children }] : [];
  };
  return { pages: padBeforeLast(pages, pageMultiple(layout)), outline: [...group(doc, 0), ...group(companion, 1)] };
}
