import { renderPdf } from '../../../../src/rendering/pdf';
import { FixtureLang, layoutDocument, longDocument, section, standardBlocks } from '../../../factories/layout';
import { bodyOf, ExtractedPdf, extractPdf, itemsText, lines, PdfPage, PdfTextItem, rightEdge } from '../../../helpers/pdf';
import { dotLeaders, DotLeader } from '../../../helpers/pdf-streams';

/** A number written in Western, Arabic-Indic or Persian digits (the contents use the language's digits). */
const westernNumber = (text: string): number =>
  Number(
    text
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
      .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0)),
  );

const LEFT_EDGE = 62;
const RIGHT_EDGE = 595.28 - 62;
const DIGITS = /^[0-9۰-۹٠-٩]+$/;

/** The entry lines of the contents page: its body lines after the heading. */
function entryLines(page: PdfPage): PdfTextItem[][] {
  return lines(bodyOf(page)).slice(1);
}

/**
 * The page (1-based) where a section heading (16 pt) with this text is. Characters are compared as
 * a multiset: a right-to-left line comes back as items in visual order ("من يمكنه …" before "1.").
 */
function headingPage(pdf: ExtractedPdf, title: string): number {
  const bare = (t: string): string => [...t.replace(/[\p{M}\p{Cf}\s()]/gu, '')].sort().join('');
  const index = pdf.pages.findIndex((p) =>
    lines(bodyOf(p)).some((l) => Math.round(l[0]?.height ?? 0) === 16 && bare(itemsText(l)) === bare(title)),
  );
  return index + 1;
}

describe.each<FixtureLang>(['en', 'ar'])('the contents of a long %s booklet', (lang) => {
  const doc = longDocument(lang);
  const rtl = lang === 'ar';
  let bytes: Buffer;
  let pdf: ExtractedPdf;
  let toc: PdfPage;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    pdf = await extractPdf(bytes);
    toc = pdf.pages[1] as PdfPage;
  });

  it('follows the cover under its heading, one entry per section', () => {
    const [heading] = lines(bodyOf(toc));
    expect(itemsText(heading ?? [])).toBe(doc.labels.contents);
    expect(entryLines(toc)).toHaveLength(doc.sections.length);
  });

  it('gives the page where each section starts', () => {
    entryLines(toc).forEach((line, i) => {
      const number = line.find((item) => DIGITS.test(item.str.trim()));
      const section = doc.sections[i];
      expect(section).toBeDefined();
      expect(westernNumber(number?.str ?? '')).toBe(headingPage(pdf, section?.title ?? ''));
    });
  });

  it(`puts the titles against the ${rtl ? 'right' : 'left'} margin and the page numbers against the other`, () => {
    for (const line of entryLines(toc)) {
      const number = line.find((item) => DIGITS.test(item.str.trim())) as PdfTextItem;
      const title = line.filter((item) => item !== number);
      if (rtl) {
        expect(number.x).toBeCloseTo(LEFT_EDGE, 0);
        expect(Math.max(...title.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
      } else {
        expect(rightEdge(number)).toBeCloseTo(RIGHT_EDGE, 0);
        expect(Math.min(...title.map((t) => t.x))).toBeCloseTo(LEFT_EDGE, 0);
      }
    }
  });

  it('fills the gap between each title and its number with dot leaders, mirrored in right-to-left', () => {
    const dots = dotLeaders(bytes);
    for (const line of entryLines(toc)) {
      const number = line.find((item) => DIGITS.test(item.str.trim())) as PdfTextItem;
      const title = line.filter((item) => item !== number);
      const leader = dots.find((d) => Math.abs(toc.height - d.y - number.y) < 0.5);
      expect(leader).toBeDefined();
      const { from, to } = leader as DotLeader;
      // Each leader runs from just beside the number towards the title.
      if (rtl) {
        expect(from).toBeGreaterThan(rightEdge(number));
        expect(from - rightEdge(number)).toBeLessThan(8);
        expect(to).toBeGreaterThan(from);
        expect(to).toBeLessThan(Math.min(...title.map((t) => t.x)));
      } else {
        expect(from).toBeLessThan(number.x);
        expect(number.x - from).toBeLessThan(8);
        expect(to).toBeLessThan(from);
        expect(to).toBeGreaterThan(Math.max(...title.map(rightEdge)));
      }
    }
    // The dots of all entries sit on one grid, so they line up in columns: every leader's first dot
    // is a whole number of dot periods away from the first leader's.
    const [reference] = dots as [DotLeader];
    for (const d of dots) {
      const offset = (d.firstDot - reference.firstDot) / d.period;
      expect(Math.abs(offset - Math.round(offset))).toBeLessThan(0.01);
    }
  });

  it('links every entry to its section, and bookmarks every section', () => {
    const pages = doc.sections.map((s) => headingPage(pdf, s.title));
    expect(toc.links.map((l) => l.destPage)).toEqual(pages);
    expect(toc.links.map((l) => l.contents)).toEqual(doc.sections.map((s) => s.title));
    expect(pdf.outline.map((o) => [o.title, o.page])).toEqual(doc.sections.map((s, i) => [s.title, pages[i]]));
  });
});

describe('a one-section leaflet', () => {
  it('has no contents page: cover, section, closing page', async () => {
    const doc = layoutDocument('en', { sections: [section('en', 'only', 'Contact us', standardBlocks('en'))] });
    const pdf = await extractPdf(await renderPdf(doc));
    expect(pdf.numPages).toBe(3);
    expect(itemsText(lines(bodyOf(pdf.pages[1] as PdfPage))[0] ?? [])).toBe('Contact us');
  });
});
