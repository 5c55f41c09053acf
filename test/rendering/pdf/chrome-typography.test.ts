import path from 'node:path';
import { importCatalog } from '../../../src/booklets/importer';
import { composeServices } from '../../../src/compose';
import type { LayoutDocument } from '../../../src/rendering/layout/model';
import { openDatabase } from '../../../src/storage/db';
import { extractPdf, footerItems, itemsText } from '../../helpers/pdf';
import { readWithPdfium } from '../../helpers/pdfium';
import { readWithPoppler } from '../../helpers/poppler';
import { misreadable } from '../../helpers/typography';

const deps = composeServices(openDatabase(':memory:'));
importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../booklets'));

const words = (text: string): string[] =>
  text
    .replace(/\p{Cf}/gu, '')
    .split(/\s+/u)
    .filter(Boolean);

/** Every word of the booklet's own text that the cover, contents, footers and closing page show. */
function bookletWords(doc: LayoutDocument): Set<string> {
  const own = [doc.title, doc.subject, doc.translator ?? '', doc.onlineUrl, ...doc.sections.map((s) => s.title)];
  return new Set(own.flatMap(words));
}

/** Arabic-Indic or Persian digits, the only ones the markers and page numbers may have. */
const DIGIT = '[\u0660-\u0669\u06F0-\u06F9]';

describe('the words around a booklet in its PDF, in Arabic script', () => {
  for (const lang of ['fa', 'ar']) {
    describe(lang, () => {
      const rendered = (async () => {
        const content = deps.booklets.read('right-to-information', lang);
        const bytes = (await deps.render.pdf(content)).body;
        return { bytes, doc: deps.render.layout(content) };
      })();

      it('cover, contents and closing page: no Latin letter (but "PDF"), no ASCII digit, nothing like a zero, in poppler and PDFium', async () => {
        const { bytes, doc } = await rendered;
        const own = bookletWords(doc);
        const poppler = readWithPoppler(bytes);
        const pdfium = (await readWithPdfium(bytes)).map((p) => p.text);
        for (const [engine, pages] of [
          ['poppler', poppler],
          ['pdfium', pdfium],
        ] as const) {
          const chromePages = [pages[0], pages[1], pages[pages.length - 1]].map((p) => p ?? '');
          const chrome = chromePages.flatMap(words).filter((w) => !own.has(w));
          expect({ engine, found: misreadable(chrome.join(' ')) }).toEqual({ engine, found: [] });
          // The edition reads like the publication date: month before year, as the closing page's date.
          expect(chromePages.join(' ')).toContain(doc.labels.cover.edition.replace(/\p{Cf}/gu, '').split(' ')[0] as string);
        }
      });

      it('every page footer: the edition and "page n of m" in the language’s words and digits', async () => {
        const { bytes } = await rendered;
        const pdf = await extractPdf(bytes);
        for (const page of pdf.pages) expect(misreadable(itemsText(footerItems(page)))).toEqual([]);
      });

      it('numbered lists: the language’s digits and a dash, never a dot after a digit (read as ۰/٠)', async () => {
        const { bytes } = await rendered;
        for (const pages of [readWithPoppler(bytes), (await readWithPdfium(bytes)).map((p) => p.text)]) {
          const all = pages.flatMap(words);
          expect(all.filter((w) => new RegExp(`^${DIGIT}+-$`).test(w)).length).toBeGreaterThan(3);
          expect(all.filter((w) => new RegExp(`${DIGIT}\\.`).test(w))).toEqual([]);
        }
      });
    });
  }
});
