import fs from 'node:fs';
import path from 'node:path';
import { languages } from '../../../factories/languages';
import { createTranslator } from '../../../../src/i18n';
import { LOCALES_DIR } from '../../../../src/paths';
import { renderPdf } from '../../../../src/rendering/pdf';
import { themeFor } from '../../../../src/rendering/pdf/pages/theme';
import { FixtureLang, layoutDocument, section, standardBlocks, TEXT } from '../../../factories/layout';
import {
  bodyOf,
  ExtractedPdf,
  extractPdf,
  lines,
  normalizeSpace,
  PdfPage,
  PdfTextItem,
  rightEdge,
  structElements,
} from '../../../helpers/pdf';
import { dotLeaders } from '../../../helpers/pdf-streams';
import { readWithPdfium } from '../../../helpers/pdfium';
import { readWithPoppler } from '../../../helpers/poppler';
import { INVISIBLE, wordsOf } from '../../../helpers/reading';

// A section that is untranslated or outdated is shown in the source language (English), marked, and
// its title is an English entry of the contents. The contents keep the booklet's direction: in an
// Arabic or Persian booklet an English title starts at the right margin like the others, and the
// page number stays at the left, apart from it.

const { margin, contentWidth } = themeFor('a4').page;
const { numberWidth, gap } = themeFor('a4').toc;
const LEFT_EDGE = margin.left;
const RIGHT_EDGE = margin.left + contentWidth;
const DIGITS = /^[0-9۰-۹٠-٩]+$/;

const ENGLISH_TITLES = [
  'Fees',
  // Wraps onto a second line in the contents.
  'How to appeal a refusal to the Commissioner for Human Rights and then to an administrative court of first instance',
  // Ends with a bracket (a neutral character at the end of a left-to-right title).
  'Law No. 1071-IIQ (2024)',
];

const translator = createTranslator(LOCALES_DIR, languages);

/**
 * A booklet in `lang` whose second, fourth and fifth sections are shown in English with the notice
 * of an untranslated section, as the layout stage makes them. In the English booklet (the control)
 * the same titles are its own sections.
 */
function bookletWithEnglishSections(lang: FixtureLang) {
  const notice = lang === 'en' ? undefined : translator.t(lang)('booklet.untranslated', { language: 'English' });
  const own = (i: number) => section(lang, `s${i}`, TEXT[lang].sections[i] as string, standardBlocks(lang, i).slice(0, 2));
  const english = (i: number) => section('en', `e${i}`, ENGLISH_TITLES[i] as string, standardBlocks('en', i).slice(0, 2), notice);
  return layoutDocument(lang, { sections: [own(0), english(0), own(1), english(1), english(2), own(2)] });
}

/** Writes the PDF for a person to look at when PDF_DEBUG_DIR is set (e.g. to render it with pdftoppm). */
function keep(name: string, bytes: Buffer): void {
  const dir = process.env.PDF_DEBUG_DIR;
  if (dir) fs.writeFileSync(path.join(dir, `${name}.pdf`), bytes);
}

describe.each<FixtureLang>(['fa', 'ar', 'en'])('the contents of a booklet in %s with English section titles', (lang) => {
  const doc = bookletWithEnglishSections(lang);
  const rtl = doc.dir === 'rtl';
  let bytes: Buffer;
  let pdf: ExtractedPdf;
  let toc: PdfPage;
  /** The contents' lines after the heading: an entry's title may take two, its number is on the last. */
  let entryLines: PdfTextItem[][];

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    keep(`toc-fallback-${lang}`, bytes);
    pdf = await extractPdf(bytes);
    toc = pdf.pages[1] as PdfPage;
    entryLines = lines(bodyOf(toc)).slice(1);
  });

  const numberOf = (line: PdfTextItem[]): PdfTextItem | undefined => line.find((i) => DIGITS.test(i.str.trim()));
  const titleOf = (line: PdfTextItem[]): PdfTextItem[] => line.filter((i) => i !== numberOf(line));

  it('has a line with a number for every entry, and the long English title on two lines', () => {
    expect(entryLines.filter((l) => numberOf(l) !== undefined)).toHaveLength(doc.sections.length);
    expect(entryLines).toHaveLength(doc.sections.length + 1);
  });

  it(`starts every title line at the ${rtl ? 'right' : 'left'} margin, English or not`, () => {
    for (const line of entryLines) {
      const title = titleOf(line);
      if (rtl) expect(Math.max(...title.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
      else expect(Math.min(...title.map((i) => i.x))).toBeCloseTo(LEFT_EDGE, 0);
    }
  });

  it(`keeps every title clear of the column of page numbers on the ${rtl ? 'left' : 'right'}`, () => {
    for (const line of entryLines) {
      const title = titleOf(line);
      const number = numberOf(line);
      if (rtl) {
        expect(Math.min(...title.map((i) => i.x))).toBeGreaterThanOrEqual(LEFT_EDGE + numberWidth + gap - 0.5);
        if (number) {
          expect(number.x).toBeCloseTo(LEFT_EDGE, 0);
          expect(Math.min(...title.map((i) => i.x)) - rightEdge(number)).toBeGreaterThan(gap);
        }
      } else {
        expect(Math.max(...title.map(rightEdge))).toBeLessThanOrEqual(RIGHT_EDGE - numberWidth - gap + 0.5);
        if (number) {
          expect(rightEdge(number)).toBeCloseTo(RIGHT_EDGE, 0);
          expect(number.x - Math.max(...title.map(rightEdge))).toBeGreaterThan(gap);
        }
      }
    }
  });

  it('puts a dot leader between each title and its number, touching neither', () => {
    const dots = dotLeaders(bytes);
    for (const line of entryLines) {
      const number = numberOf(line);
      if (!number) continue;
      const titleLeft = Math.min(...titleOf(line).map((i) => i.x));
      const titleRight = Math.max(...titleOf(line).map(rightEdge));
      const leader = dots.find((d) => Math.abs(toc.height - d.y - number.y) < 0.5);
      expect(leader).toBeDefined();
      const [from, to] = [Math.min(leader?.from ?? 0, leader?.to ?? 0), Math.max(leader?.from ?? 0, leader?.to ?? 0)];
      if (rtl) {
        expect(from).toBeGreaterThan(rightEdge(number));
        expect(to).toBeLessThan(titleLeft);
      } else {
        expect(from).toBeGreaterThan(titleRight);
        expect(to).toBeLessThan(number.x);
      }
    }
  });

  it('reads each English title whole, then its page number, in PDFium; its words in order in poppler and pdf.js', async () => {
    const pdfium = normalizeSpace(((await readWithPdfium(bytes))[1]?.text ?? '').replace(INVISIBLE, ''));
    const poppler = wordsOf(readWithPoppler(bytes)[1] ?? '', 'poppler').join(' ');
    const pdfjs = entryLines.flatMap(titleOf).map((i) => i.str.trim());
    const numbers = entryLines.flatMap((l) => numberOf(l)?.str.trim() ?? []);
    ENGLISH_TITLES.forEach((title, i) => {
      const number = numbers[doc.sections.findIndex((s) => s.title === title)];
      expect(pdfium).toContain(`${title} ${number ?? '?'}`);
      expect(poppler).toContain(wordsOf(title, 'poppler').join(' '));
      if (i !== 1) expect(pdfjs).toContain(title);
    });
    expect(normalizeSpace(pdfjs.join(' '))).toContain(ENGLISH_TITLES[1]);
  });

  it(rtl ? "tags each English title with its language inside the entry's link" : 'needs no language tag on its titles', () => {
    const links = structElements(toc.structTree).filter((e) => e.role === 'Link');
    expect(links).toHaveLength(doc.sections.length);
    const tagged = links.flatMap((l) => l.children.filter((c) => 'role' in c && c.role === 'Span' && c.lang === 'en'));
    expect(tagged).toHaveLength(rtl ? ENGLISH_TITLES.length : 0);
  });
});

describe('the contents of an English booklet whose source is Arabic, with a section shown in Arabic', () => {
  const arabicTitle = TEXT.ar.sections[1] as string;
  const doc = layoutDocument('en', {
    sections: [
      section('en', 's0', TEXT.en.sections[0] as string, standardBlocks('en').slice(0, 2)),
      section(
        'ar',
        's1',
        arabicTitle,
        standardBlocks('ar').slice(0, 2),
        translator.t('en')('booklet.untranslated', { language: 'العربية' }),
      ),
      section('en', 's2', TEXT.en.sections[2] as string, standardBlocks('en', 2).slice(0, 2)),
    ],
  });

  it('starts the Arabic title at the left margin, clear of its page number on the right', async () => {
    const bytes = await renderPdf(doc);
    keep('toc-fallback-en-from-ar', bytes);
    const pdf = await extractPdf(bytes);
    const entries = lines(bodyOf(pdf.pages[1] as PdfPage)).slice(1);
    expect(entries).toHaveLength(3);
    for (const line of entries) {
      const number = line.find((i) => DIGITS.test(i.str.trim())) as PdfTextItem;
      const title = line.filter((i) => i !== number);
      expect(Math.min(...title.map((i) => i.x))).toBeCloseTo(LEFT_EDGE, 0);
      expect(rightEdge(number)).toBeCloseTo(RIGHT_EDGE, 0);
      expect(number.x - Math.max(...title.map(rightEdge))).toBeGreaterThan(gap);
    }
  });
});
