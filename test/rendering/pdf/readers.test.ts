import fs from 'node:fs';
import path from 'node:path';
import { importCatalog } from '../../../src/booklets/importer';
import { composeServices } from '../../../src/compose';
import { LANGUAGE_CODES } from '../../factories/languages';
import type { LayoutDocument } from '../../../src/rendering/layout/model';
import type { PdfRequest } from '../../../src/rendering/service';
import { openDatabase } from '../../../src/storage/db';
import { sectionParagraphs } from '../../helpers/booklet-text';
import { ExtractedPdf, extractPdf } from '../../helpers/pdf';
import { findWithPdfium } from '../../helpers/pdfium';
import { readWithPoppler } from '../../helpers/poppler';
import {
  coverage,
  Coverage,
  Engine,
  ENGINES,
  INVISIBLE,
  PageRegion,
  pageRegions,
  percent,
  readPages,
  wordsOf,
} from '../../helpers/reading';

// Every sample booklet, in every language and print variant, read back by the three engines
// readers' software uses: each section's words and the order of each paragraph's words must come
// back. Writes a table of the figures to test-artifacts/pdf-readers.md.

const deps = composeServices(openDatabase(':memory:'));
importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../booklets'));

const SLUGS = ['right-to-information', 'contact-the-ombudsman'];
/**
 * The second language of each bilingual edition: right to left with left to right, and ar with fa;
 * for the languages the sample catalog adds (booklets/languages.json), Dari and Pashto with English,
 * Sorani with Arabic, Turkish with Sorani, Georgian with Russian.
 */
const COMPANION: Record<string, string> = {
  en: 'ar',
  az: 'fa',
  uk: 'az',
  ru: 'uk',
  ar: 'en',
  fa: 'ar',
  prs: 'en',
  ps: 'en',
  ckb: 'ar',
  tr: 'ckb',
  ka: 'ru',
};
/** Each booklet in every language it has in the imported catalog: the leaflet in the five added ones too. */
const LANGUAGES_OF = (slug: string): string[] => [...deps.booklets.languagesOf(slug).languages];
const VARIANTS = ['a4', 'a5', 'letter', 'booklet', 'archive', 'bilingual', 'folded bilingual'] as const;
type Variant = (typeof VARIANTS)[number];

const BASE: PdfRequest = { size: 'a4', layout: 'pages', profile: 'accessible' };
function requestFor(variant: Variant, slug: string, lang: string): PdfRequest {
  switch (variant) {
    case 'a4':
      return BASE;
    case 'a5':
    case 'letter':
      return { ...BASE, size: variant };
    case 'booklet':
      return { ...BASE, layout: 'booklet' };
    case 'archive':
      return { ...BASE, profile: 'archive' };
    case 'bilingual':
      return { ...BASE, companion: deps.booklets.read(slug, COMPANION[lang] as string) };
    case 'folded bilingual':
      return { ...BASE, layout: 'booklet', companion: deps.booklets.read(slug, COMPANION[lang] as string) };
  }
}

/** A language of the PDF: its layout and, per section, the pages (in reading order) it may be on. */
interface LanguagePart {
  doc: LayoutDocument;
  sections: { paragraphs: string[]; pages: number[] }[];
}

/**
 * The languages of a PDF with the pages of each section: from the section's bookmark to the next
 * section's (a section may end on the page where the next begins). A bilingual edition has the
 * first language on even pages and the second on odd ones, each with its own group of bookmarks.
 * Bookmarks of a folded booklet point to sheets, so there every section may be on any page.
 */
function languageParts(pdf: ExtractedPdf, docs: LayoutDocument[], regions: PageRegion[], folded: boolean): LanguagePart[] {
  const all = regions.map((r) => r.page).sort((a, b) => a - b);
  return docs.map((doc, book) => {
    const pages = docs.length === 1 ? all : all.filter((p) => (book === 0 ? p % 2 === 0 : p % 2 === 1 && p > 1));
    const first = docs[0]?.sections.length ?? 0;
    const children = pdf.outline.filter((o) => o.depth === 1);
    const marks =
      docs.length === 1 ? pdf.outline.filter((o) => o.depth === 0) : book === 0 ? children.slice(0, first) : children.slice(first);
    return {
      doc,
      sections: doc.sections.map((section, i) => {
        const from = marks[i]?.page ?? 1;
        const to = marks[i + 1]?.page ?? Infinity;
        return { paragraphs: sectionParagraphs(section, doc), pages: folded ? pages : pages.filter((p) => p >= from && p <= to) };
      }),
    };
  });
}

// Exact comparisons leave out the invisible marks engines get besides the text.
const visible = (text: string): string => text.replace(INVISIBLE, '').replace(/\s+/g, ' ');

/**
 * What must come back exactly inside right-to-left text: numbers, times, phone numbers, e-mail
 * and web addresses, Latin words and phrases ("Law on the Right to Obtain Information").
 */
function latinAndNumbers(paragraph: string): string[] {
  const found = paragraph.match(/[A-Za-z0-9+][A-Za-z0-9@.:/_+-]*(?: [A-Za-z0-9+][A-Za-z0-9@.:/_+-]*)*/g) ?? [];
  return found.map((t) => t.replace(/[.,:;]+$/, '')).filter((t) => t !== '');
}

/** Words with ZWNJ (می‌توانید) or the Persian ezafe (دربارهٔ): they must come back whole. */
function joinedWords(paragraph: string): string[] {
  return wordsOf(paragraph, 'pdfium').filter((w) => /[\u200C\u0654]/.test(w));
}

interface Row {
  lang: string;
  engine: Engine;
  variant: string;
  /** Lowest share of a section. */
  words: number;
  pairs: number;
  /** Share over the whole booklet (its words counted once). */
  allWords: number;
  allPairs: number;
}
const rows: Row[] = [];

afterAll(() => {
  const dir = path.join(__dirname, '../../../test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const lines = [
    '| language | engine | distinct words (whole booklet) | word pairs in order (whole booklet) | lowest section: words | lowest section: pairs | where |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const lang of deps.languages.codes()) {
    for (const engine of ENGINES) {
      const mine = rows.filter((r) => r.lang === lang && r.engine === engine);
      if (mine.length === 0) continue;
      const worst = mine.reduce((a, b) => (b.words + b.pairs < a.words + a.pairs ? b : a));
      const min = (f: (r: Row) => number): string => `${Math.min(...mine.map(f))} %`;
      lines.push(
        `| ${lang} | ${engine} | ${min((r) => r.allWords)} | ${min((r) => r.allPairs)} | ${min((r) => r.words)} | ${min((r) => r.pairs)} | ${worst.variant} |`,
      );
    }
  }
  fs.writeFileSync(path.join(dir, 'pdf-readers.md'), `${lines.join('\n')}\n`);
});

it('the leaflet is read back in the languages the sample catalog adds as well as in the six', () => {
  expect(LANGUAGES_OF('right-to-information').sort()).toEqual([...LANGUAGE_CODES].sort());
  expect(LANGUAGES_OF('contact-the-ombudsman')).toEqual(expect.arrayContaining([...LANGUAGE_CODES, 'prs', 'ps', 'ckb', 'tr', 'ka']));
  for (const lang of deps.languages.codes())
    expect({ lang, companion: deps.languages.find(COMPANION[lang] ?? '')?.code }).toEqual({ lang, companion: COMPANION[lang] });
});

describe.each(SLUGS)('the sample booklet %s', (slug) => {
  describe.each(LANGUAGES_OF(slug))('in %s', (lang) => {
    describe.each(VARIANTS)('as the %s edition', (variant) => {
      const content = deps.booklets.read(slug, lang);
      const request = requestFor(variant, slug, lang);
      const docs = [deps.render.layout(content), ...(request.companion ? [deps.render.layout(request.companion)] : [])];
      const folded = request.layout === 'booklet';
      let bytes: Buffer;
      let parts: LanguagePart[];
      const readings = new Map<Engine, Map<number, string>>();

      beforeAll(async () => {
        bytes = (await deps.render.pdf(content, request)).body;
        const pdf = await extractPdf(bytes);
        // A bilingual edition binds on the left; a right-to-left booklet (Arabic script) on the right.
        const binding = deps.languages.get(lang).dir === 'rtl' && !request.companion ? 'right' : 'left';
        const regions = pageRegions(pdf, folded ? binding : undefined);
        parts = languageParts(pdf, docs, regions, folded);
        for (const engine of ENGINES) readings.set(engine, await readPages(engine, bytes, pdf, regions));
      });

      const rtl = docs.some((d) => d.dir === 'rtl');

      if (rtl) {
        const exactly =
          'gives %s the numbers, addresses and Latin phrases inside right-to-left text exactly, and words with ZWNJ or ezafe whole';
        it.each(['pdfium', 'poppler'] as const)(exactly, (engine) => {
          const pages = readings.get(engine) as Map<number, string>;
          const problems: string[] = [];
          for (const part of parts.filter((pt) => pt.doc.dir === 'rtl')) {
            for (const section of part.sections) {
              const reading = visible(section.pages.map((p) => pages.get(p) ?? '').join('\n'));
              const words = new Set(wordsOf(reading, engine));
              for (const paragraph of section.paragraphs) {
                for (const exact of latinAndNumbers(paragraph)) if (!reading.includes(exact)) problems.push(exact);
                for (const word of joinedWords(paragraph)) if (!words.has(word)) problems.push(word);
              }
            }
          }
          expect(problems).toEqual([]);
        });

        it("is found by PDFium's search (Ctrl+F in Chrome) on the pages it is printed on: an Arabic-script phrase, a word with ZWNJ", async () => {
          const poppler = readWithPoppler(bytes).map(visible);
          const queries = parts
            .filter((pt) => pt.doc.dir === 'rtl')
            .flatMap((pt) => {
              const paragraphs = pt.sections.flatMap((sec) => sec.paragraphs);
              const phrase = paragraphs.find((para) => /^[\p{Script=Arabic} ]+$/u.test(para) && para.includes(' '));
              const zwnj = paragraphs.flatMap(joinedWords).find((w) => w.includes('\u200C'));
              return [phrase, zwnj].filter((q): q is string => q !== undefined);
            });
          expect(queries.length).toBeGreaterThan(0);
          for (const query of queries) {
            const printedOn = poppler.flatMap((text, i) => (text.includes(query) ? [i + 1] : []));
            expect(printedOn.length).toBeGreaterThan(0);
            expect([...new Set(await findWithPdfium(bytes, query))]).toEqual(printedOn);
          }
        });
      }

      it.each(ENGINES)("reads back in %s: at least 99 % of each section's words, and of its word pairs in order", (engine) => {
        const pages = readings.get(engine) as Map<number, string>;
        const failures: string[] = [];
        for (const part of parts) {
          let worstWords = 100;
          let worstPairs = 100;
          const whole = coverage(
            part.sections.flatMap((sec) => sec.paragraphs),
            [...new Set(part.sections.flatMap((sec) => sec.pages))]
              .sort((a, b) => a - b)
              .map((p) => pages.get(p) ?? '')
              .join('\n'),
            engine,
          );
          for (const section of part.sections) {
            const reading = section.pages.map((p) => pages.get(p) ?? '').join('\n');
            const c: Coverage = coverage(section.paragraphs, reading, engine);
            const w = percent(c.wordsFound, c.words);
            const p = percent(c.pairsFound, c.pairs);
            worstWords = Math.min(worstWords, w);
            worstPairs = Math.min(worstPairs, p);
            if (w < 99 || p < 99) {
              failures.push(
                `${engine}, ${variant}, ${part.doc.lang} "${section.paragraphs[0]}": words ${w} %, pairs ${p} %; missing ${c.missingWords.slice(0, 5).join(' | ')} ‖ ${c.missingPairs.slice(0, 3).join(' | ')}`,
              );
            }
          }
          rows.push({
            lang: part.doc.lang,
            engine,
            variant: `${slug} ${lang} ${variant}`,
            words: worstWords,
            pairs: worstPairs,
            allWords: percent(whole.wordsFound, whole.words),
            allPairs: percent(whole.pairsFound, whole.pairs),
          });
        }
        expect(failures).toEqual([]);
      });
    });
  });
});
