import { Block, spansText } from '../../../src/content/blocks';
import type { LayoutDocument } from '../../../src/rendering/layout/model';
import { renderPdf } from '../../../src/rendering/pdf';
import { CONTACT, FixtureLang, LABELS, layoutDocument, longDocument, paragraph, section, span, TEXT } from '../../factories/layout';
import {
  bodyOf,
  ExtractedPdf,
  extractPdf,
  footerItems,
  headerItems,
  itemsText,
  lines,
  normalizeSpace,
  pageText,
  PdfPage,
  visibleItems,
} from '../../helpers/pdf';
import { pdfSource } from '../../helpers/pdf-streams';

/** The text a reader copies from the body of the document (running headers and footers left out). */
function bodyText(pdf: ExtractedPdf): string {
  return normalizeSpace(pdf.pages.map((p) => pageText(bodyOf(p))).join('\n'));
}

/** The text of every block as a reader would copy it, list markers and contact labels included. */
function blockTexts(block: Block, lang: FixtureLang): string[] {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return [spansText(block.spans)];
    case 'list':
      return block.items.map((item) => spansText(item));
    case 'contact': {
      const l = LABELS[lang].contact;
      const f = block.fields;
      return [
        f.name,
        `${l.phone}: ${f.phone ?? ''}`,
        `${l.address}: ${f.address ?? ''}`,
        `${l.email}: ${f.email ?? ''}`,
        `${l.web}: ${f.web ?? ''}`,
      ];
    }
  }
}

/** A document in `lang` with styled spans, a link split inside a word and a contact block. */
function styledDocument(lang: FixtureLang): LayoutDocument {
  const doc = layoutDocument(lang);
  const t = TEXT[lang];
  const extra = section(lang, 'extra', `${t.sections[0] ?? ''} — ${t.title}`, [
    paragraph(
      span(t.items[0] ?? '', { bold: true }),
      ': ',
      span(t.paragraphs[1] ?? '', { italic: true }),
      ' ',
      span('e-qanun.az', { href: 'https://e-qanun.az/', bold: true }),
      span('/framework', { href: 'https://e-qanun.az/' }),
    ),
    CONTACT,
  ]);
  return { ...doc, sections: [...doc.sections, extra] };
}

const LTR_LANGS: FixtureLang[] = ['en', 'az', 'uk', 'ru'];

describe.each(LTR_LANGS)('a %s booklet as a PDF', (lang) => {
  const doc = styledDocument(lang);
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    pdf = await extractPdf(bytes);
  });

  it('is a PDF 1.7 file with its fonts embedded as TrueType subsets and no Helvetica', () => {
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const raw = pdfSource(bytes); // font dictionaries sit in compressed object streams
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Italic/);
    expect(raw).not.toContain('Helvetica');
    expect(raw).not.toContain('Vazirmatn'); // fonts that draw nothing are not embedded
  });

  it('gives back every title and every block exactly when its text is extracted', () => {
    const text = bodyText(pdf);
    expect(text).toContain(normalizeSpace(doc.title));
    for (const s of doc.sections) {
      expect(text).toContain(normalizeSpace(s.title));
      for (const block of s.blocks) {
        for (const expected of blockTexts(block, lang)) expect(text).toContain(normalizeSpace(expected));
      }
    }
  });

  it('keeps the letters that plain fonts lose (ə ğ ı İ ş, і ї є ґ ʼ), without hyphens or spaces added', () => {
    const text = bodyText(pdf);
    const first = TEXT[lang].paragraphs[0] ?? '';
    expect(text).toContain(first);
    expect(text).not.toContain('\u00AD');
  });

  it('carries the title, subject, author and language, and asks viewers to show the title', () => {
    expect(pdf.info).toMatchObject({ Title: doc.title, Subject: doc.subject, Author: doc.author, PDFFormatVersion: '1.7' });
    expect(pdf.lang).toBe(lang);
    expect(pdf.displayDocTitle).toBe(true);
    expect(pdf.direction).toBeNull(); // left to right, the default
  });

  it('has a bookmark per section, in order', () => {
    expect(pdf.outline.map((o) => o.title)).toEqual(doc.sections.map((s) => s.title));
  });

  it('makes links clickable: inline links and the contact phone, e-mail and website', () => {
    const urls = pdf.pages.flatMap((p) => p.links.map((l) => l.url));
    // pdf.js reports URLs normalized: "https://ombudsman.az" comes back with a trailing slash.
    expect(urls).toEqual(
      expect.arrayContaining(['https://e-qanun.az/', 'tel:+994124982378', 'mailto:ombudsman@ombudsman.az', 'https://ombudsman.az/']),
    );
  });

  it('draws bold spans in the bold font and leaves link text unbroken', () => {
    const items = pdf.pages.flatMap(visibleItems);
    const bold = items.find((i) => i.str === TEXT[lang].items[0]);
    const after = items.find((i) => i.str.startsWith(': '));
    expect(bold?.fontName).toBeDefined();
    expect(bold?.fontName).not.toBe(after?.fontName);
    expect(bodyText(pdf)).toContain('e-qanun.az/framework');
  });
});

describe('a long booklet', () => {
  let pdf: ExtractedPdf;
  const doc = longDocument('en');

  beforeAll(async () => {
    pdf = await extractPdf(await renderPdf(doc));
  });

  it('runs over many A4 pages', () => {
    expect(pdf.numPages).toBeGreaterThan(8);
    for (const page of pdf.pages) {
      expect(page.width).toBeCloseTo(595.28, 1);
      expect(page.height).toBeCloseTo(841.89, 1);
    }
  });

  it('numbers every page but the cover "Page n of m", with the edition on the other side of the footer', () => {
    // The cover's foot says how to print, and carries no page number.
    expect(itemsText(footerItems(pdf.pages[0] as PdfPage))).toBe(doc.labels.cover.howToPrint.pages);
    pdf.pages.slice(1).forEach((page, i) => {
      const [edition, label] = footerItems(page).sort((a, b) => a.x - b.x);
      expect(edition?.str).toBe(doc.labels.cover.edition);
      expect(label?.str).toBe(`Page ${i + 2} of ${pdf.numPages}`);
      expect((label?.x ?? 0) + (label?.width ?? 0)).toBeCloseTo(595.28 - 62, 0); // against the right margin
    });
  });

  it('shows the booklet title as a running header on content pages, not on the cover or the closing page', () => {
    expect(headerItems(pdf.pages[0] as PdfPage)).toEqual([]);
    expect(headerItems(pdf.pages[pdf.numPages - 1] as PdfPage)).toEqual([]);
    for (const page of pdf.pages.slice(1, -1)) expect(itemsText(headerItems(page))).toBe(doc.title);
  });

  it('never ends a page with a heading', () => {
    const headingSizes = [16, 13, 11.5];
    pdf.pages.slice(2, -1).forEach((page: PdfPage) => {
      const body = lines(bodyOf(page));
      const last = body[body.length - 1] ?? [];
      expect(headingSizes).not.toContain(last[0]?.height);
    });
  });

  it('moves a list item to the next page rather than splitting its lines', async () => {
    // Sixty items of three lines each run over several pages; a split item would start a page
    // with a line that has no bullet.
    const item = [span(`${TEXT.en.paragraphs[0] ?? ''} ${TEXT.en.paragraphs[1] ?? ''}`)];
    const list: Block = { type: 'list', ordered: false, items: Array.from({ length: 60 }, () => item) };
    const listed = await extractPdf(await renderPdf(layoutDocument('en', { sections: [section('en', 'l', 'List', [list])] })));
    const contentPages = listed.pages.slice(1, -1);
    expect(contentPages.length).toBeGreaterThan(3);
    for (const page of contentPages.slice(1)) {
      const [first] = lines(bodyOf(page));
      expect(first?.[0]?.str).toBe('\u2022');
    }
  });

  it('keeps the text within the margins', () => {
    for (const page of pdf.pages) {
      for (const item of visibleItems(page)) {
        expect(item.x).toBeGreaterThanOrEqual(62 - 0.5);
        expect(item.x + item.width).toBeLessThanOrEqual(595.28 - 62 + 0.5);
      }
    }
  });
});

describe('Azerbaijani footers and contact labels', () => {
  it('are in Azerbaijani, with the phone number as written', async () => {
    const doc = layoutDocument('az', { sections: [section('az', 'c', 'Əlaqə', [CONTACT])] });
    const pdf = await extractPdf(await renderPdf(doc));
    // Cover, the one section, closing page: no contents for a single section.
    expect(pdf.numPages).toBe(3);
    const text = normalizeSpace(pageText(pdf.pages[1] as PdfPage));
    expect(text).toContain('Telefon: +994 12 498-23-78');
    expect(text).toContain('Səhifə 2 / 3');
  });
});
