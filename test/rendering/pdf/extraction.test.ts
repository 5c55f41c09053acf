import type { Span } from '../../../src/content/blocks';
import { lineExtraction } from '../../../src/rendering/pdf/extraction';
import { pdfiumReading, pdfiumRtlShortfall } from '../../../src/rendering/pdf/pdfium-order';
import { layoutText, TextLine } from '../../../src/rendering/pdf/text';
import { themeFor } from '../../../src/rendering/pdf/theme';
import { span } from '../../factories/layout';

// What a line carries for readers' text extraction (src/rendering/pdf/extraction.ts). The reading
// tests check what PDFium, poppler and pdf.js then give back; these check the line itself.

const RLM = '\u200F';
const ALM = '\u061C';
const body = themeFor('a4').styles.body;

function line(lang: 'ar' | 'fa' | 'en', ...spans: Span[]): TextLine {
  const frame = { dir: lang === 'en' ? ('ltr' as const) : ('rtl' as const), script: lang === 'en' ? ('latin' as const) : ('arabic' as const) };
  const [first] = layoutText(spans, frame, 10_000, body);
  return first as TextLine;
}

/**
 * The text each run hands to the shaper, runs in logical order, with the marks added to it written
 * out (right-to-left runs have their brackets mirrored, as they are drawn).
 */
function drawn(tl: TextLine, rtlPageOrder = true): string[] {
  return lineExtraction(tl, rtlPageOrder).drawTexts.map((t) =>
    t.replaceAll(RLM, '<RLM>').replaceAll(ALM, '<ALM>').replaceAll('\u200B', '<ZWSP>'),
  );
}

describe('a right-to-left line, for poppler', () => {
  it('puts a right-to-left mark after a number followed by a space and Arabic text', () => {
    const texts = drawn(line('fa', span('با شمارهٔ 916 رایگان تماس بگیرید')));
    expect(texts[1]).toBe('916');
    expect(texts[2]).toMatch(/^<RLM> /);
  });

  it('puts a right-to-left mark after sentence punctuation followed by a space', () => {
    expect(drawn(line('fa', span('این نمونه است. این متن'))).join('')).toContain('است.<RLM> این');
  });

  it('puts one after a Latin phrase and between a number and the punctuation after it', () => {
    const texts = drawn(line('ar', span('قانون (Law on the Right) مهلاً، شارع بيلي 40، باكو'))).join('|');
    expect(texts).toContain('|Law on the Right|<RLM>( مهلاً');
    expect(texts).toContain('|40|<RLM>،<RLM> باكو');
  });

  it('adds nothing to a line of Arabic words', () => {
    expect(drawn(line('ar', span('حق الحصول على المعلومات')))).toEqual(['حق الحصول على المعلومات']);
  });
});

describe('a right-to-left line, for pdf.js', () => {
  it('gives a space at either end of a run next to another run an Arabic letter mark', () => {
    const tl = line('fa', span('حداکثر '), span('ظرف روز', { bold: true }), span(' به درخواست'));
    expect(drawn(tl)).toEqual(['حداکثر <ALM>', 'ظرف روز', ` <ALM>به درخواست`]);
  });

  it('keeps spans that draw alike in one run (Arabic has no italic)', () => {
    expect(line('ar', span('يحدد '), span('قانون', { italic: true })).logical).toHaveLength(1);
  });
});

describe('a line, for PDFium', () => {
  it('gives the run of a Latin phrase in right-to-left text replacement text with its words from the right end', () => {
    const tl = line('ar', span('اقرأ Law on the Right قبل الزيارة'));
    const latin = tl.logical.findIndex((r) => r.text.startsWith('Law'));
    expect(lineExtraction(tl, true).pdfium[latin]).toBe('Right the on Law');
  });

  it('gives none where PDFium reads the glyphs right: Arabic-script words in one style', () => {
    for (const text of ['حق الحصول على المعلومات', 'دربارهٔ این کتابچه']) {
      expect(lineExtraction(line('ar', span(text)), true).pdfium.every((t) => t === undefined)).toBe(true);
    }
  });

  it('gives brackets in right-to-left text replacement text: PDFium would turn them around', () => {
    const tl = line('fa', span('با شمارهٔ (رایگان) تماس'));
    const replacement = lineExtraction(tl, true).pdfium[0] as string;
    expect(replacement).toBe('سامت (ناگیار) ٔهرامش اب'); // page order, brackets as PDFium will turn them
    expect(pdfiumReading(replacement, true)).toBe('با شمارهٔ (رایگان) تماس');
  });

  it('leaves out the Arabic letter marks for pdf.js from what PDFium reads', () => {
    const tl = line('fa', span('حداکثر '), span('ظرف روز', { bold: true }), span(' به درخواست'));
    for (const text of lineExtraction(tl, true).pdfium) if (text !== undefined) expect(text).not.toContain(ALM);
  });

  it('adds invisible right-to-left segments to a line PDFium would take for left to right (a bilingual edition)', () => {
    const tl = line('fa', span('رایانامه: '), span('ombudsman@ombudsman.gov.az'));
    const padded = lineExtraction(tl, false).drawTexts.join('').replaceAll(ALM, '');
    expect(drawn(tl, false)[0]).toMatch(/^(<RLM><ZWSP>)+رایانامه/);
    expect(pdfiumRtlShortfall(padded)).toBe(0);
    expect(drawn(tl, true)[0]).toMatch(/^رایانامه/); // the document's right-to-left page order decides it
  });

  it('leaves left-to-right lines of a left-to-right document alone', () => {
    const tl = line('en', span('Everyone has the right to obtain information: '), span('ombudsman@ombudsman.gov.az'));
    const ex = lineExtraction(tl, false);
    expect(ex.drawTexts).toEqual(tl.logical.map((r) => r.drawText));
    expect(ex.pdfium.every((t) => t === undefined)).toBe(true);
  });
});
