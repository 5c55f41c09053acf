import fs from 'node:fs';
import * as fontkit from 'fontkit';
import { FONT_FILES, FontKey } from '../../../../src/rendering/pdf/text/fonts';
import { shapeForPdf, textWidth } from '../../../../src/rendering/pdf/text/shaping';

// The renderer draws glyphs from a word-level cache instead of calling fontkit for every run. These
// tests compare it with fontkit itself on whole strings, as pdfkit would have drawn them: the same
// glyphs, except that a combining mark is drawn as a shape and an invisible glyph (the font's zero
// width space) stands in its place for its character.

function freshFont(key: FontKey): fontkit.Font {
  return fontkit.create(fs.readFileSync(require.resolve(FONT_FILES[key])));
}

const cases: [FontKey, string][] = [
  ['latin-regular', 'Everyone has the right to obtain information, free of charge.'],
  ['latin-bold', 'Məlumat əldə etmək hüququ: İstənilən şəxs sorğu göndərə bilər'],
  ['latin-italic', 'Кожен має право на доступ до інформації; ґрунтовні відповіді — заявʼю'],
  ['arabic-regular', 'اتصل بالرقم 916 )مجاناً( واقرأ'],
  ['arabic-bold', 'لا تحتاج إلى شرح سبب طلبك، والرد مجاني.'],
  ['arabic-regular', '٦١٩ من'],
];

describe('glyphs from the word cache', () => {
  it.each(cases)('are the glyphs fontkit gives for the whole string (%s: %s)', (key, text) => {
    const features = key.startsWith('arabic') ? { rtlm: false } : undefined;
    const font = freshFont(key);
    const reference = font.layout(text, features);
    const shaped = shapeForPdf(key, text);
    const carrier = font.glyphForCodePoint(0x200b).id;
    const isMark = (g: fontkit.Glyph, i: number): boolean =>
      reference.positions[i]?.xAdvance === 0 && g.codePoints.every((c) => /\p{Mn}/u.test(String.fromCodePoint(c)));
    expect(shaped.ids).toEqual(reference.glyphs.map((g, i) => (isMark(g, i) ? carrier : g.id)));
    const scale = 1000 / freshFont(key).unitsPerEm;
    expect(shaped.positions.map((p) => Math.round(p.xAdvance))).toEqual(reference.positions.map((p) => Math.round(p.xAdvance * scale)));
    expect(textWidth(key, text)).toBeCloseTo(reference.advanceWidth * scale, 6);
  });

  it('maps a lam-alef ligature in right-to-left text to its letters in visual order, as extractors expect', () => {
    const shaped = shapeForPdf('arabic-regular', 'لا');
    expect(shaped.ids).toHaveLength(1);
    expect(shaped.codePoints[0]).toEqual([0x0627, 0x0644]);
  });

  it('draws a mark as a shape on its letter, its character on an invisible glyph after the letter in logical order', () => {
    const font = freshFont('arabic-regular');
    const shaped = shapeForPdf('arabic-regular', 'مجاناً'); // page order: tanwin, alef, …
    const tanwin = shaped.codePoints.findIndex((cps) => cps.length === 1 && cps[0] === 0x064b);
    expect(shaped.ids[tanwin]).toBe(font.glyphForCodePoint(0x200b).id);
    expect(shaped.positions[tanwin]?.xAdvance).toBe(0);
    const alef = tanwin + 1; // right to left, the letter follows its mark in page order
    expect(shaped.codePoints[alef]).toEqual([0x0627]);
    const marks = shaped.marks[alef] ?? [];
    expect(marks).toHaveLength(1);
    expect(marks[0]?.id).toBe(font.layout('اً', { rtlm: false }, 'arab').glyphs.find((g) => g.codePoints[0] === 0x064b)?.id);
    expect(marks[0]?.dy).toBeGreaterThan(150); // the tanwin sits high above the alef
  });

  it('maps a mirrored bracket to the character it stands for', () => {
    // The bidi layer hands a right-to-left run over with its brackets mirrored: ")" is drawn for "(".
    const shaped = shapeForPdf('arabic-regular', ')مجاناً(', true);
    const open = shaped.ids.indexOf(shapeForPdf('arabic-regular', ')').ids[0] as number);
    expect(shaped.codePoints[open]).toEqual([0x28]);
    expect(shapeForPdf('arabic-regular', ')').codePoints[0]).toEqual([0x29]);
  });

  it('keeps a right-to-left mark on an invisible glyph without advance, starting just before the next glyph', () => {
    const shaped = shapeForPdf('arabic-regular', 'است.\u200F');
    const i = shaped.codePoints.findIndex((cps) => cps[0] === 0x200f);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(shaped.positions[i]?.xAdvance).toBe(0);
    expect(shaped.positions[i]?.xOffset).toBeLessThan(0);
    expect(textWidth('arabic-regular', 'است.\u200F')).toBe(textWidth('arabic-regular', 'است.'));
  });

  it.each(['latin-regular', 'latin-bold', 'arabic-regular'] as const)(
    'draws the direction marks and zero width characters with glyphs that show nothing (%s)',
    (key) => {
      const font = freshFont(key);
      for (const mark of ['\u200E', '\u200F', '\u200C', '\u061C']) {
        const shaped = shapeForPdf(key, `a${mark}b ${mark}`);
        shaped.codePoints.forEach((cps, i) => {
          if (!cps.every((cp) => cp === mark.codePointAt(0) || cp === 0x20)) return;
          const glyph = font.getGlyph(shaped.ids[i] as number);
          expect(glyph.path.commands).toHaveLength(0);
          expect(shaped.positions[i]?.xAdvance).toBe(cps.includes(0x20) ? shapeForPdf(key, ' ').positions[0]?.xAdvance : 0);
        });
      }
    },
  );

  it('keeps ZWNJ as its own zero-width glyph (fontkit would draw a space glyph in its place)', () => {
    const shaped = shapeForPdf('arabic-regular', 'می‌توانید');
    const i = shaped.codePoints.findIndex((cps) => cps[0] === 0x200c);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(shaped.positions[i]?.xAdvance).toBe(0);
    expect(shaped.ids[i]).not.toBe(freshFont('arabic-regular').glyphForCodePoint(0x20).id);
  });

  it('puts a right-to-left mark after the glyph it follows in a word written with presentation forms', () => {
    // "ﻻ" (one presentation form) stands for two letters: the mark after the "ﺏ" that follows
    // still comes after it, not one character early.
    const shaped = shapeForPdf('arabic-regular', '\uFEFB\uFE8F\u200F\u062A');
    const text = shaped.codePoints.slice().reverse().flat(); // logical order, each glyph as readers reverse it
    const mark = text.indexOf(0x200f);
    expect(text.slice(0, mark).sort()).toEqual([0x0627, 0x0628, 0x0644]);
    expect(text.slice(mark + 1)).toEqual([0x062a]);
  });

  it("keeps the character of a mark with no letter before it on the mark's own glyph", () => {
    const shaped = shapeForPdf('arabic-regular', '\u064E');
    expect(shaped.codePoints.flat()).toEqual([0x064e]);
    expect(shaped.codePoints.every((cps) => cps.length > 0)).toBe(true);
  });

  it('shapes Arabic presentation forms as the letters they stand for, so later text maps to letters', () => {
    const forms = shapeForPdf('arabic-regular', '\uFEE3\uFEE0\uFE8E'); // "ملا" as presentation forms
    expect(forms.codePoints.flat()).not.toContain(0xfee3);
    const letters = shapeForPdf('arabic-regular', 'مجاناً');
    expect(letters.codePoints.flat().every((cp) => cp < 0xfb50)).toBe(true);
  });
});
