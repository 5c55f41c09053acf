import fs from 'node:fs';
import path from 'node:path';
import { renderPdf } from '../../../src/rendering/pdf';
import { CONTACT, layoutDocument, longDocument, paragraph, section, span, standardBlocks, TEXT } from '../../factories/layout';
import {
  documentText,
  ExtractedPdf,
  extractPdf,
  footerItems,
  lines,
  normalizeSpace,
  PdfPage,
  PdfTextItem,
  rightEdge,
} from '../../helpers/pdf';
import { pdfSource } from '../../helpers/pdf-streams';
import { findWithPdfium, readWithPdfium } from '../../helpers/pdfium';
import { readWithPoppler } from '../../helpers/poppler';
import { INVISIBLE, pageRegions, readPages, wordsOf } from '../../helpers/reading';

// What pdf.js reports, and why the expectations look the way they do:
// - Each right-to-left item comes back in logical (reading) order: pdf.js reverses the glyphs it
//   finds in visual order. A reversed number therefore shows up as "619".
// - Brackets in right-to-left text are drawn with the mirrored glyph (the logical "(" is drawn as
//   the ")" glyph, which faces the word) but stand for the character of the source, so pdf.js,
//   which does not mirror, returns "(مجاناً)".
// - pdf.js drops format characters such as ZWNJ, so "می‌توانید" comes back as "میتوانید"; it
//   keeps the Arabic letter mark (U+061C) that comes with a space at the end of a run, which is
//   how the space survives (src/rendering/pdf/tagging/extraction.ts). Items are compared without it.

const RIGHT_EDGE = 595.28 - 62;
const LEFT_EDGE = 62;

const AR = 'اتصل بالرقم 916 (مجاناً) واقرأ Law on the Right to Obtain Information قبل الزيارة.';
const FA = 'می‌توانید با شماره 916 (رایگان) تماس بگیرید و Law on the Right to Obtain Information را بخوانید.';

/** Writes the PDF for a person to look at when PDF_DEBUG_DIR is set (e.g. to render it with pdftoppm). */
function keep(name: string, bytes: Buffer): void {
  const dir = process.env.PDF_DEBUG_DIR;
  if (dir) fs.writeFileSync(path.join(dir, `${name}.pdf`), bytes);
}

/** The first page with a line that has an item equal to `str`. */
function pageWith(pdf: ExtractedPdf, str: string): PdfPage {
  const page = pdf.pages.find((p) => lines(p).some((l) => l.some((i) => i.str === str)));
  if (!page) throw new Error(`no page with an item "${str}"`);
  return page;
}

/** The footer's page label ("page n of m"): the footer items on the left half (the end side in rtl), left to right. */
function footerLabel(page: PdfPage): PdfTextItem[] {
  return footerItems(page)
    .filter((i) => i.x < page.width / 2)
    .sort((a, b) => a.x - b.x);
}

function lineWith(pdf: ExtractedPdf, start: string): PdfTextItem[] {
  const found = pdf.pages.flatMap(lines).find((l) => l.some((i) => i.str.startsWith(start)));
  if (!found) throw new Error(`no line with an item starting "${start}"`);
  return found;
}

/** Item texts of a line, left to right, trimmed, without Arabic letter marks. */
function leftToRight(line: PdfTextItem[]): string[] {
  return line.map((i) => i.str.replace(/\u061C/g, '').trim());
}

describe('an Arabic booklet', () => {
  const doc = layoutDocument('ar', {
    sections: [
      section('ar', 's1', TEXT.ar.sections[0] ?? '', [paragraph(AR), ...standardBlocks('ar'), CONTACT]),
      section(
        'en',
        's2',
        'How to send a request',
        [
          paragraph(TEXT.en.paragraphs[0] ?? ''),
          // List items whose last run is only punctuation in another font than the words before it
          // (italic: a font the document uses for nothing else).
          {
            type: 'list',
            ordered: false,
            items: [
              [span('your name', { bold: true }), span(';')],
              [span('your address', { bold: true }), span(';', { italic: true })],
              [span('the information you ask for', { bold: true }), span('.')],
            ],
          },
        ],
        'لم يُترجم بعد. يُعرض هذا القسم باللغة: English.',
      ),
    ],
  });
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    keep('rtl-arabic', bytes);
    pdf = await extractPdf(bytes);
  });

  it('gives PDFium the English section in reading order, although the document asks for right-to-left page order', async () => {
    const text = normalizeSpace(
      (await readWithPdfium(bytes))
        .map((p) => p.text)
        .join(' ')
        .replace(INVISIBLE, ''),
    );
    for (const expected of [TEXT.en.paragraphs[0] ?? '', 'your name;', 'your address;', 'the information you ask for.'])
      expect(text).toContain(expected);
  });

  it('draws the runs of a mixed line right to left, the first Arabic word rightmost', () => {
    const line = lineWith(pdf, 'اتصل');
    expect(leftToRight(line)).toEqual(['قبل الزيارة.', 'Law on the Right to Obtain Information', '(مجاناً) واقرأ', '916', 'اتصل بالرقم']);
  });

  it('keeps 916 and the Latin phrase left to right inside the Arabic line', () => {
    const line = lineWith(pdf, 'اتصل');
    expect(line.find((i) => i.str === '916')?.dir).toBe('ltr');
    expect(line.find((i) => i.str.startsWith('Law'))?.dir).toBe('ltr');
    expect(documentText(pdf)).not.toContain('619');
    expect(documentText(pdf)).not.toContain('noitamrofnI');
  });

  it('right-aligns Arabic lines on the right margin', () => {
    // A one-line paragraph, the first line of a long one, and its last, shorter line.
    for (const start of ['اتصل', 'لكل شخص', 'مجاني.']) {
      const line = lineWith(pdf, start);
      expect(Math.max(...line.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
    }
  });

  it('gives back the right Arabic letters, including lam-alef ligatures', () => {
    const text = documentText(pdf);
    for (const words of ['اتصل بالرقم', 'مجاناً', 'لا تحتاج إلى شرح سبب طلبك', 'بالبريد الإلكتروني', 'خلال سبعة أيام عمل']) {
      expect(text).toContain(words);
    }
  });

  it('puts bullets and list numbers on the right, next to the text', () => {
    const arabic = (l: PdfTextItem[]): boolean => l.some((i) => /\p{Script=Arabic}/u.test(i.str));
    const bullets = lines(pageWith(pdf, '•')).filter((l) => l.some((i) => i.str === '•') && arabic(l));
    expect(bullets.length).toBeGreaterThanOrEqual(3);
    for (const line of bullets) {
      const bullet = line.find((i) => i.str === '•') as PdfTextItem;
      const text = line.filter((i) => i !== bullet);
      expect(bullet.x).toBeGreaterThan(Math.max(...text.map(rightEdge)));
      expect(rightEdge(bullet)).toBeLessThanOrEqual(RIGHT_EDGE + 0.5);
      expect(rightEdge(bullet)).toBeGreaterThan(RIGHT_EDGE - 20);
    }
    const first = lineWith(pdf, TEXT.ar.items[0] ?? '');
    // Arabic-Indic digits and a dash, not a full stop that reads as the zero (٠).
    const isMarker = (i: PdfTextItem): boolean => /^١-?$/.test(i.str.replace(/\p{Cf}/gu, ''));
    const numbered = lines(pageWith(pdf, '•')).find((l) => l.some(isMarker));
    expect(numbered?.find(isMarker)?.x).toBeGreaterThan(Math.max(...first.map((i) => i.x)));
  });

  it('keeps an isolated phone number in its written order in the contact box', () => {
    const line = lineWith(pdf, '+994');
    expect(leftToRight(line)).toEqual(['+994 12 498-23-78', 'الهاتف:']);
  });

  it('lays out a section shown in English from the left, with its notice in Arabic on the right', () => {
    const english = lineWith(pdf, 'Everyone has');
    expect(english[0]?.x).toBeCloseTo(LEFT_EDGE, 0);
    expect(normalizeSpace(documentText(pdf))).toContain(TEXT.en.paragraphs[0]);
    const notice = lineWith(pdf, 'لم');
    expect(Math.max(...notice.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
  });

  it('asks viewers to show facing pages right to left, as an Arabic booklet opens', () => {
    expect(pdf.direction).toBe('R2L');
  });

  it('embeds Vazirmatn for Arabic and Noto Sans for the Latin runs, and no Helvetica', () => {
    const raw = pdfSource(bytes);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Vazirmatn-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).not.toContain('Helvetica');
    expect(pdf.lang).toBe('ar');
  });

  it('writes the footer in Arabic, mirrored: the edition on the right, "page n of m" on the left', () => {
    const page = pdf.pages[2] as PdfPage; // cover, contents, then the first section
    const label = footerLabel(page);
    // Read right to left: each item is already in logical order.
    const read = [...label].sort((a, b) => b.x - a.x).map((i) => i.str.replace(/\u061C/g, '').trim());
    expect(read.join(' ')).toBe(`الصفحة ٣ من ${new Intl.NumberFormat('ar-u-nu-arab').format(pdf.numPages)}`);
    expect(Math.min(...label.map((i) => i.x))).toBeCloseTo(LEFT_EDGE, 0);
    const edition = footerItems(page).filter((i) => !label.includes(i));
    expect(Math.max(...edition.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
  });
});

describe('a Persian booklet', () => {
  const doc = layoutDocument('fa', {
    sections: [
      section('fa', 's1', TEXT.fa.sections[0] ?? '', [paragraph(FA), paragraph(span(TEXT.fa.paragraphs[1] ?? '', { bold: true }))]),
    ],
  });
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    const bytes = await renderPdf(doc);
    keep('rtl-persian', bytes);
    pdf = await extractPdf(bytes);
  });

  it('draws the runs right to left with 916 and the Latin phrase in their own order', () => {
    const line = lineWith(pdf, 'میتوانید');
    expect(leftToRight(line)).toEqual([
      'را بخوانید.',
      'Law on the Right to Obtain Information',
      '(رایگان) تماس بگیرید و',
      '916',
      'میتوانید با شماره',
    ]);
    expect(Math.max(...line.map(rightEdge))).toBeCloseTo(RIGHT_EDGE, 0);
  });

  it('keeps the letters joined by words (pdf.js drops the ZWNJ, never splits the word with a space)', () => {
    const text = documentText(pdf);
    expect(text).toContain('میتوانید با شماره');
    expect(text).not.toContain('می توانید');
    expect(text).toContain('هر کسی حق دارد اطلاعاتی را که نهادهای دولتی');
  });

  it('numbers pages with Persian digits', () => {
    // Cover, the one section (no contents for one section), closing page.
    const digits = footerLabel(pdf.pages[1] as PdfPage)
      .map((i) => i.str.trim())
      .filter((s) => /^[۰-۹]+$/.test(s));
    expect(digits).toEqual(['۳', '۲']);
  });

  it('writes two-digit Persian page numbers in reading order (fontkit would reverse them)', async () => {
    const long = await extractPdf(await renderPdf(longDocument('fa')));
    expect(long.numPages).toBeGreaterThanOrEqual(12);
    const digits = footerLabel(long.pages[11] as PdfPage)
      .map((i) => i.str.trim())
      .filter((s) => /^[۰-۹]+$/.test(s));
    const total = new Intl.NumberFormat('fa').format(long.numPages);
    expect(digits).toEqual([total, '۱۲']); // left to right: "… ۱۲ از <total>" read from the right
  });
});

// Read back as Chrome's and Android's viewers (PDFium) and Evince or Okular (poppler) read it,
// without the invisible marks they get besides the text.
const visible = (text: string): string => normalizeSpace(text.replace(INVISIBLE, ''));

describe.each([
  ['ar', AR, 'اتصل بالرقم'],
  ['fa', FA, 'می‌توانید'],
] as const)('a %s line with a number, brackets and a Latin law title', (lang, line, search) => {
  const doc = layoutDocument(lang, {
    sections: [section(lang, 's1', TEXT[lang].sections[0] ?? '', [paragraph(line), ...standardBlocks(lang), CONTACT])],
  });
  let bytes: Buffer;
  let pdfium: string[];
  let poppler: string[];

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    pdfium = (await readWithPdfium(bytes)).map((p) => visible(p.text));
    poppler = readWithPoppler(bytes).map(visible);
  });

  it.each(['pdfium', 'poppler'] as const)('comes back from %s exactly as written, in reading order', (engine) => {
    const text = (engine === 'pdfium' ? pdfium : poppler).join(' ');
    expect(text).toContain(line);
  });

  it.each(['pdfium', 'poppler'] as const)(
    'gives %s the phone number, e-mail address and web address of the contact box exactly',
    (engine) => {
      const text = (engine === 'pdfium' ? pdfium : poppler).join(' ');
      for (const value of ['+994 12 498-23-78', 'ombudsman@ombudsman.az', 'https://ombudsman.az']) expect(text).toContain(value);
    },
  );

  it("is found by PDFium's own search (Ctrl+F in Chrome) on the page where it is printed", async () => {
    const printedOn = poppler.flatMap((text, i) => (text.includes(search) ? [i + 1] : []));
    expect(printedOn.length).toBeGreaterThan(0);
    expect([...new Set(await findWithPdfium(bytes, search))]).toEqual(printedOn);
  });
});

// An English booklet quoting Arabic: the name of a law, a phrase partly in bold, a quoted name.
// Each phrase is followed by a space and a bracket, a comma or a quotation mark, which poppler
// would reverse into the phrase, and the bold part ends next to a space pdf.js would drop.
describe('an English line with Arabic phrases', () => {
  const PARAGRAPHS = [
    'The law is called قانون حق الحصول على المعلومات (in Arabic) and applies to everyone.',
    'Ask for طلب معلومات المعلومات, then wait: 15 days.',
    'Write to the ombudsman, "مكتب أمين المظالم", today.',
  ];
  const doc = layoutDocument('en', {
    sections: [
      section('en', 's1', 'Arabic names', [
        paragraph(PARAGRAPHS[0] as string),
        paragraph('Ask for ', span('طلب معلومات', { bold: true }), ' المعلومات, then wait: 15 days.'),
        paragraph(PARAGRAPHS[2] as string),
      ]),
    ],
  });
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    keep('rtl-in-english', bytes);
    pdf = await extractPdf(bytes);
  });

  it.each(['pdfium', 'poppler'] as const)('comes back from %s exactly as written', async (engine) => {
    const pages = engine === 'pdfium' ? (await readWithPdfium(bytes)).map((p) => p.text) : readWithPoppler(bytes);
    const text = normalizeSpace(pages.join(' ').replace(INVISIBLE, ''));
    for (const p of PARAGRAPHS) expect(text).toContain(p);
  });

  it('comes back from pdf.js with every word in its order, the space after the bold part kept', async () => {
    const reading = [...(await readPages('pdfjs', bytes, pdf, pageRegions(pdf))).values()].join('\n');
    const words = wordsOf(reading, 'pdfjs').join(' ');
    for (const p of PARAGRAPHS) expect(words).toContain(wordsOf(p, 'pdfjs').join(' '));
  });

  it("is found by PDFium's own search across the change to bold", async () => {
    const phrase = 'طلب معلومات المعلومات';
    const printedOn = readWithPoppler(bytes).flatMap((text, i) => (text.replace(INVISIBLE, '').includes(phrase) ? [i + 1] : []));
    expect(printedOn.length).toBe(1);
    expect(await findWithPdfium(bytes, phrase)).toEqual(printedOn);
  });
});
