import { renderPdf } from '../../../../src/rendering/pdf';
import type { LayoutDocument } from '../../../../src/rendering/layout/model';
import type { PdfOptions } from '../../../../src/rendering/pdf/options';
import { layoutDocument, paragraph, section, standardBlocks, TEXT } from '../../../factories/layout';
import {
  bodyOf,
  documentText,
  ExtractedPdf,
  extractPdf,
  headerItems,
  itemsText,
  lines,
  normalizeSpace,
  pageText,
  PdfPage,
  PdfTextItem,
  rightEdge,
  structElements,
  visibleItems,
} from '../../../helpers/pdf';

const pages = (companion: LayoutDocument): PdfOptions => ({ size: 'a4', layout: 'pages', profile: 'accessible', companion });

/** Compared without spaces, marks, joiners and brackets (pdf.js detaches, drops and mirrors them in Arabic). */
const bare = (t: string): string => t.replace(/[\p{M}\p{Cf}\s()]/gu, '');

/** The page (1-based) whose first body line is this title. */
function pageStarting(pdf: ExtractedPdf, title: string): number {
  return pdf.pages.findIndex((p) => bare(itemsText(lines(bodyOf(p))[0] ?? [])) === bare(title)) + 1;
}

/** The line of a page's body that is this title, if any. */
function titleLine(page: PdfPage, title: string): PdfTextItem[] | undefined {
  return lines(bodyOf(page)).find((l) => bare(itemsText(l)) === bare(title));
}

/** The page (1-based) with a body line that is this title, wherever on the page. */
function pageWith(pdf: ExtractedPdf, title: string): number {
  return pdf.pages.findIndex((p) => titleLine(p, title) !== undefined) + 1;
}

describe('a bilingual Ukrainian and Azerbaijani edition', () => {
  const uk = layoutDocument('uk');
  const az = layoutDocument('az');
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    pdf = await extractPdf(await renderPdf(uk, pages(az)));
  });

  it('contains the text of both languages', () => {
    const text = documentText(pdf);
    for (const p of [...TEXT.uk.paragraphs, ...TEXT.az.paragraphs]) expect(text).toContain(normalizeSpace(p));
  });

  it('shows both titles and both language names on the cover', () => {
    const cover = normalizeSpace(pageText(pdf.pages[0] as PdfPage));
    for (const line of [uk.title, uk.languageName, az.title, az.languageName]) expect(cover).toContain(line);
  });

  it('faces the contents in each language, then each section: Ukrainian on the left page, Azerbaijani on the right', () => {
    expect(pageStarting(pdf, uk.labels.contents)).toBe(2);
    expect(pageStarting(pdf, az.labels.contents)).toBe(3);
    // The body starts on a new spread; the next sections follow on the page, on the same spread in both languages.
    expect(pageStarting(pdf, uk.sections[0]?.title ?? '')).toBe(4);
    uk.sections.forEach((s, i) => {
      const left = pageWith(pdf, s.title);
      expect(left % 2).toBe(0); // even pages are left pages (page 1, the cover, is a right page)
      expect(pageWith(pdf, az.sections[i]?.title ?? '')).toBe(left + 1);
      expect(itemsText(headerItems(pdf.pages[left - 1] as PdfPage))).toBe(uk.title);
      expect(itemsText(headerItems(pdf.pages[left] as PdfPage))).toBe(az.title);
    });
  });

  it('bookmarks the sections of both languages, each group under its language name', () => {
    expect(pdf.outline.map((o) => [o.depth, o.title])).toEqual([
      [0, uk.languageName],
      ...uk.sections.map((s) => [1, s.title]),
      [0, az.languageName],
      ...az.sections.map((s) => [1, s.title]),
    ]);
    const ukPages = pdf.outline.filter((o) => uk.sections.some((s) => s.title === o.title)).map((o) => o.page ?? 0);
    const azPages = pdf.outline.filter((o) => az.sections.some((s) => s.title === o.title)).map((o) => o.page ?? 0);
    expect(azPages).toEqual(ukPages.map((p) => p + 1));
  });

  it('tags the Azerbaijani sections with their own language', () => {
    const sects = pdf.pages.flatMap((p) => structElements(p.structTree)).filter((e) => e.role === 'Sect');
    expect(sects.some((s) => s.lang === 'az')).toBe(true);
    expect(pdf.lang).toBe('uk');
  });
});

describe('a bilingual edition where one language needs more pages', () => {
  it('lets the shorter side wait: its next section starts at the top of the spread where the longer one ended', async () => {
    const long = Array.from({ length: 12 }, () => standardBlocks('uk')).flat();
    const uk = layoutDocument('uk', {
      sections: [section('uk', 'a', 'Розділ А', long), section('uk', 'b', 'Розділ Б', standardBlocks('uk'))],
    });
    const az = layoutDocument('az', {
      sections: [
        section('az', 'a', 'Bölmə A', [paragraph(TEXT.az.paragraphs[0] ?? '')]),
        section('az', 'b', 'Bölmə B', standardBlocks('az')),
      ],
    });
    const pdf = await extractPdf(await renderPdf(uk, pages(az)));
    const first = pageStarting(pdf, uk.sections[0]?.title ?? '');
    const second = pageWith(pdf, uk.sections[1]?.title ?? '');
    expect(second - first).toBeGreaterThanOrEqual(6); // the long section takes three spreads or more
    expect(second % 2).toBe(0);
    // Section B follows section A on its last page in Ukrainian, and faces it in Azerbaijani.
    expect(pageStarting(pdf, uk.sections[1]?.title ?? '')).toBe(0);
    expect(pageStarting(pdf, az.sections[1]?.title ?? '')).toBe(second + 1);
    // The right pages facing the long section's continuation are blank.
    for (let p = first + 2; p < second; p += 2) expect(visibleItems(pdf.pages[p] as PdfPage)).toEqual([]);
  });
});

describe('a bilingual English and Arabic edition', () => {
  it('sets the Arabic right pages right to left, in the Arabic font', async () => {
    const en = layoutDocument('en');
    const ar = layoutDocument('ar');
    const bytes = await renderPdf(en, pages(ar));
    const pdf = await extractPdf(bytes);
    const right = pageWith(pdf, ar.sections[1]?.title ?? '');
    expect(right % 2).toBe(1);
    expect(pageWith(pdf, en.sections[1]?.title ?? '')).toBe(right - 1);
    const title = titleLine(pdf.pages[right - 1] as PdfPage, ar.sections[1]?.title ?? '');
    expect(Math.max(...(title ?? []).map(rightEdge))).toBeCloseTo(595.28 - 62, 0);
    expect((title ?? []).some((i) => /Vazirmatn/.test(i.fontName) || i.dir === 'rtl')).toBe(true);
  });
});
