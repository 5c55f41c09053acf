import fs from 'node:fs';
import * as fontkit from 'fontkit';
import { FONT_FILES, FontKey } from '../../../src/rendering/pdf/fonts';
import { shapeForPdf, textWidth } from '../../../src/rendering/pdf/shaping';

// The renderer draws glyphs from a word-level cache instead of calling fontkit for every run. These
// tests compare it with fontkit itself on whole strings, as pdfkit would have drawn them.

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
    const reference = freshFont(key).layout(text, features);
    const shaped = shapeForPdf(key, text);
    expect(shaped.ids).toEqual(reference.glyphs.map((g) => g.id));
    const scale = 1000 / freshFont(key).unitsPerEm;
    expect(shaped.positions.map((p) => Math.round(p.xAdvance))).toEqual(
      reference.positions.map((p) => Math.round(p.xAdvance * scale)),
    );
    expect(textWidth(key, text)).toBeCloseTo(reference.advanceWidth * scale, 6);
  });

  it('maps a lam-alef ligature in right-to-left text to its letters in visual order, as extractors expect', () => {
    const shaped = shapeForPdf('arabic-regular', 'لا');
    expect(shaped.ids).toHaveLength(1);
    expect(shaped.codePoints[0]).toEqual([0x0627, 0x0644]);
  });

  it('keeps ZWNJ as its own zero-width glyph (fontkit would draw a space glyph in its place)', () => {
    const shaped = shapeForPdf('arabic-regular', 'می‌توانید');
    const i = shaped.codePoints.findIndex((cps) => cps[0] === 0x200c);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(shaped.positions[i]?.xAdvance).toBe(0);
    expect(shaped.ids[i]).not.toBe(freshFont('arabic-regular').glyphForCodePoint(0x20).id);
  });

  it('shapes Arabic presentation forms as the letters they stand for, so later text maps to letters', () => {
    const forms = shapeForPdf('arabic-regular', '\uFEE3\uFEE0\uFE8E'); // "ملا" as presentation forms
    expect(forms.codePoints.flat()).not.toContain(0xfee3);
    const letters = shapeForPdf('arabic-regular', 'مجاناً');
    expect(letters.codePoints.flat().every((cp) => cp < 0xfb50)).toBe(true);
  });
});
