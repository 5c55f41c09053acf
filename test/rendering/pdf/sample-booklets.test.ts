import path from 'node:path';
import { importCatalog } from '../../../src/booklets/importer';
import { composeServices } from '../../../src/compose';
import { LANGUAGE_CODES } from '../../factories/languages';
import { intlLocale } from '../../../src/i18n/languages';
import type { LayoutDocument } from '../../../src/rendering/layout/model';
import { openDatabase } from '../../../src/storage/db';
import { bodyOf, ExtractedPdf, extractPdf, lines, normalizeSpace, pageText } from '../../helpers/pdf';
import { pdfSource } from '../../helpers/pdf-streams';
import { drawnText } from '../../helpers/booklet-text';

const deps = composeServices(openDatabase(':memory:'));
importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../booklets'));

/**
 * The text a reader copies from the sections: the pages from the one that starts with the first
 * section's title up to the closing page, running headers and footers left out.
 */
function bodyText(pdf: ExtractedPdf, doc: LayoutDocument): string {
  const firstTitle = normalizeSpace(doc.sections[0]?.title ?? '');
  const bare = (t: string): string => t.replace(/[\p{M}\p{Cf}\s]/gu, '');
  const start = pdf.pages.findIndex((p, i) => {
    const first = lines(bodyOf(p))[0];
    return i > 0 && first !== undefined && bare(first.map((it) => it.str).join('')) === bare(firstTitle);
  });
  if (start < 0) throw new Error('first section not found');
  return normalizeSpace(
    pdf.pages
      .slice(start, -1)
      .map((p) => pageText(bodyOf(p)))
      .join('\n'),
  );
}

/** undefined when equal, else the first place where the texts differ, with some context. */
function firstDifference(got: string, want: string): { at: number; got: string; want: string } | undefined {
  if (got === want) return undefined;
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  return { at: i, got: got.slice(Math.max(0, i - 40), i + 40), want: want.slice(Math.max(0, i - 40), i + 40) };
}

const rendered = new Map<string, Promise<{ bytes: Buffer; pdf: ExtractedPdf; doc: LayoutDocument }>>();
function render(slug: string, lang: string): Promise<{ bytes: Buffer; pdf: ExtractedPdf; doc: LayoutDocument }> {
  const key = `${slug}/${lang}`;
  let r = rendered.get(key);
  if (!r) {
    r = (async () => {
      const content = deps.booklets.read(slug, lang);
      const bytes = (await deps.render.pdf(content)).body;
      return { bytes, pdf: await extractPdf(bytes), doc: deps.render.layout(content) };
    })();
    rendered.set(key, r);
  }
  return r;
}

/** The PDF checks of a booklet, in each of its languages. */
function describePdfs(name: string, slug: string, langs: readonly string[]): void {
  describe.each(langs)(`${name} in %s as a PDF`, (lang) => {
    const language = deps.languages.get(lang);
    it('is a PDF of several pages with embedded fonts and its metadata', async () => {
      const { bytes, pdf, doc } = await render(slug, lang);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.numPages).toBeGreaterThan(1);
      const raw = pdfSource(bytes);
      expect(raw).toMatch(/\/FontFile2/);
      expect(raw).not.toMatch(/Helvetica/);
      expect(pdf.title).toBe(doc.title);
      expect(pdf.lang).toBe(lang);
      expect(pdf.info).toMatchObject({ Title: doc.title, Subject: doc.subject, Author: doc.author });
      expect(pdf.outline.map((o) => o.title)).toEqual(doc.sections.map((s) => s.title));
    });

    it('numbers its pages "n of m" in its language', async () => {
      const { pdf, doc } = await render(slug, lang);
      const n = new Intl.NumberFormat(intlLocale(language));
      const last = normalizeSpace(pageText(pdf.pages[pdf.numPages - 1]!));
      const expected = doc.labels.pageOf.replace('{n}', n.format(pdf.numPages)).replace('{m}', n.format(pdf.numPages));
      if (doc.dir === 'ltr') expect(last).toContain(expected);
      // Right to left: the number of pages, in the language's digits, twice (combining marks such as
      // the Persian ezafe may come back detached from their letter, and ZWNJ is dropped, so words are not compared).
      else expect(last.split(n.format(pdf.numPages)).length - 1).toBeGreaterThanOrEqual(2);
    });

    it('numbers its lists in the digits of its language, like its pages', async () => {
      const { pdf, doc } = await render(slug, lang);
      const lists = doc.sections.flatMap((sec) => sec.blocks).filter((b) => b.type === 'list' && b.ordered);
      expect(lists.length).toBeGreaterThan(0);
      const n = new Intl.NumberFormat(intlLocale(language), { useGrouping: false });
      // Each item's marker is its own text, written as the language's locale says ("2." or "۲-"):
      // "2." left to right; "۲" and then its sign, to its left, right to left.
      const markers = pdf.pages.flatMap((p) =>
        p.items.flatMap((it, i) => {
          if (/^\p{Nd}+[.-]$/u.test(it.str)) return [it.str.slice(0, -1)];
          const sign = p.items[i + 1]?.str ?? '';
          return /^\p{Nd}+$/u.test(it.str) && /^[.-]$/.test(sign) && (p.items[i + 1]?.x ?? Infinity) < it.x ? [it.str] : [];
        }),
      );
      expect(markers).toContain(n.format(2));
      // No list is numbered in Western digits (a number in the text, such as the phone number 916
      // before a full stop, is not a list number: it is larger than any list is long).
      const longest = Math.max(...lists.map((b) => (b.type === 'list' ? b.items.length : 0)));
      if (n.format(2) !== '2') expect(markers.filter((m) => /^[0-9]+$/.test(m) && Number(m) <= longest)).toEqual([]);
    });

    // Latin, Cyrillic and Georgian text comes back character for character; Arabic-script text is
    // shaped (contextual forms, ligatures, marks), so its letters are counted instead.
    if (language.script !== 'Arab') {
      it('gives back exactly the stored text: every character of every section, in order', async () => {
        const { pdf, doc } = await render(slug, lang);
        // Whitespace is compared separately: line ends stand where spaces were.
        const squeeze = (t: string): string => t.replace(/\s+/g, '');
        const got = squeeze(bodyText(pdf, doc));
        const want = squeeze(drawnText(doc));
        expect(firstDifference(got, want)).toBeUndefined();
        for (const section of doc.sections) expect(normalizeSpace(bodyText(pdf, doc))).toContain(normalizeSpace(section.title));
      });
    } else {
      it('contains the right Arabic-script letters of every section', async () => {
        const { pdf, doc } = await render(slug, lang);
        const counts = (s: string): Record<string, number> => {
          const c: Record<string, number> = {};
          for (const ch of s) if (/\p{Script=Arabic}/u.test(ch) && /\p{L}/u.test(ch)) c[ch] = (c[ch] ?? 0) + 1;
          return c;
        };
        const source = drawnText(doc);
        // Same letters, same counts: no letter lost, none confused with another (e.g. ب/ت/ث/ن/ي).
        expect(counts(bodyText(pdf, doc))).toEqual(counts(source));
        // Combining marks (the Persian ezafe ٔ, tanwin) may come back detached from their letter, and ZWNJ is dropped,
        // with a space before them: titles are compared without marks and spaces.
        const bare = (t: string): string => t.replace(/[\p{M}\p{Cf}\s]/gu, '');
        const body = bare(bodyText(pdf, doc));
        const missing = doc.sections.map((s) => s.title).filter((title) => !body.includes(bare(title)));
        expect(missing).toEqual([]);
      });
    }
  });
}

describePdfs('the right-to-information booklet', 'right-to-information', LANGUAGE_CODES);

/** Every language of the service once the sample catalog is imported: the six and those of booklets/languages.json. */
const CATALOG_LANGUAGES = deps.languages.codes();

describe('the leaflet', () => {
  it('is in every language of the sample catalog, the five its languages.json adds included', () => {
    expect(CATALOG_LANGUAGES).toEqual(expect.arrayContaining([...LANGUAGE_CODES, 'prs', 'ps', 'ckb', 'tr', 'ka']));
    expect([...deps.booklets.languagesOf('contact-the-ombudsman').languages].sort()).toEqual([...CATALOG_LANGUAGES].sort());
  });
});

describePdfs('the leaflet', 'contact-the-ombudsman', CATALOG_LANGUAGES);
