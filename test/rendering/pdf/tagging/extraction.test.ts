import path from 'node:path';
import { importCatalog } from '../../../../src/booklets/importer';
import { composeServices } from '../../../../src/compose';
import type { Block, Span } from '../../../../src/content/blocks';
import type { LayoutSection } from '../../../../src/rendering/layout/model';
import { lineExtraction } from '../../../../src/rendering/pdf/tagging/extraction';
import { pdfiumReading, pdfiumRtlShortfall } from '../../../../src/rendering/pdf/tagging/pdfium-order';
import { layoutText, TextLine } from '../../../../src/rendering/pdf/text/text';
import { themeFor } from '../../../../src/rendering/pdf/pages/theme';
import { span } from '../../../factories/layout';
import { openDatabase } from '../../../../src/storage/db';

// What a line carries for readers' text extraction (src/rendering/pdf/tagging/extraction.ts). The reading
// tests check what PDFium, poppler and pdf.js then give back; these check the line itself.

const RLM = '\u200F';
const ALM = '\u061C';
const body = themeFor('a4').styles.body;

function line(lang: 'ar' | 'fa' | 'en', ...spans: Span[]): TextLine {
  const frame = { dir: lang === 'en' ? ('ltr' as const) : ('rtl' as const), script: lang === 'en' ? 'Latn' : 'Arab' };
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

  it('gives a run that is only a space one Arabic letter mark', () => {
    const tl = line('ar', span('طلب', { bold: true }), span(' '), span('معلومات', { bold: true }));
    expect(drawn(tl)).toEqual(['طلب', ' <ALM>', 'معلومات']);
  });

  it('keeps spans that draw alike in one run (Arabic has no italic)', () => {
    expect(line('ar', span('يحدد '), span('قانون', { italic: true })).logical).toHaveLength(1);
  });
});

describe('a left-to-right line with a right-to-left phrase', () => {
  it('puts a left-to-right mark after the phrase where a space or punctuation other than number punctuation follows (poppler)', () => {
    expect(drawn(line('en', span('Called قانون المعلومات (in Arabic)')), false)).toEqual([
      'Called ',
      'قانون المعلومات',
      '\u200E (in Arabic)',
    ]);
    expect(drawn(line('en', span('Ask for طلب معلومات, then')), false)).toEqual(['Ask for ', 'طلب معلومات', ', then']);
  });

  it('gives a space at an end of a run of the phrase next to another run an Arabic letter mark (pdf.js)', () => {
    const tl = line('en', span('Ask for '), span('طلب معلومات', { bold: true }), span(' المعلومات, then'));
    expect(drawn(tl, false)).toEqual(['Ask for ', 'طلب معلومات', ' <ALM>المعلومات', ', then']);
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

/**
 * What PDFium reads of a line: the characters of each run as it finds them in page order (its
 * replacement text, or its glyphs' text: a right-to-left run's characters reversed), put back
 * together by its own reordering.
 */
function pdfiumReads(tl: TextLine, rtlPageOrder: boolean): string {
  const ex = lineExtraction(tl, rtlPageOrder);
  const onPage = tl.line.runs.map((run) => {
    const k = tl.logical.indexOf(run);
    const replacement = ex.pdfium[k];
    if (replacement !== undefined) return replacement;
    const text = ex.texts[k] as string;
    return (run.level & 1) === 1 ? Array.from(text).reverse().join('') : text;
  });
  return pdfiumReading(onPage.join(''), rtlPageOrder);
}

describe('every line of the sample booklets, for PDFium', () => {
  const deps = composeServices(openDatabase(':memory:'));
  importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../../booklets'));
  const paragraphs = (lang: string): Span[][] =>
    ['right-to-information', 'contact-the-ombudsman'].flatMap((slug) =>
      deps.render
        .layout(deps.booklets.read(slug, lang))
        .sections.flatMap((sec: LayoutSection) =>
          sec.blocks.flatMap((b: Block) => (b.type === 'paragraph' || b.type === 'heading' ? [b.spans] : b.type === 'list' ? b.items : [])),
        ),
    );

  it.each(['ar', 'fa', 'en'] as const)("reads back as the line's text in %s, in single and bilingual editions, at two widths", (lang) => {
    const frame = { dir: lang === 'en' ? ('ltr' as const) : ('rtl' as const), script: lang === 'en' ? 'Latn' : 'Arab' };
    const problems: string[] = [];
    let lines = 0;
    let replaced = 0;
    for (const spans of paragraphs(lang)) {
      for (const width of [380, 260]) {
        for (const tl of layoutText(spans, frame, width, body)) {
          for (const rtlPageOrder of [true, false]) {
            lines++;
            const text = lineExtraction(tl, rtlPageOrder).texts.join('');
            const expected = text.replace(/[\u061C\u200E]/g, '').replace(/ {2,}/g, ' ');
            if (lineExtraction(tl, rtlPageOrder).pdfium.some((t) => t !== undefined)) replaced++;
            const got = pdfiumReads(tl, rtlPageOrder).replaceAll('\u200E', '');
            if (got !== expected) problems.push(`${JSON.stringify(expected)} read as ${JSON.stringify(got)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(lines).toBeGreaterThan(200);
    // Right-to-left lines with numbers, brackets and Latin phrases need replacement text; a
    // left-to-right booklet needs it only where the page order is right to left.
    expect(replaced).toBeGreaterThan(lang === 'en' ? lines / 4 : 20);
  });
});
