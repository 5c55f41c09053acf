import fs from 'node:fs';
import bidiFactory from 'bidi-js';
import * as fontkit from 'fontkit';
import { fontkitReverses, layoutParagraph, RunFont } from '../../../src/rendering/bidi';
import { fiveEach, plain } from './helpers';

// These tests use fontkit (not pdfkit) to check the one assumption the bidi module makes about it:
// which strings it reverses, and that the strings handed to it come out in visual order.

const VAZIRMATN = fs.readFileSync(require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf'));
const NOTO_SANS = fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));

// fontkit caches glyph objects with the characters of their first use; laying out presentation
// forms one by one would change what later glyphs report, so each test group has its own fonts.
const fonts = { arabic: fontkit.create(VAZIRMATN), latin: fontkit.create(NOTO_SANS) };

function fontFor(font: RunFont): fontkit.Font {
  if (font.script !== 'arabic' && font.script !== 'latin') throw new Error(`no font for ${font.script} in this test`);
  return fonts[font.script];
}

describe('fontkitReverses', () => {
  const font = fontkit.create(VAZIRMATN);
  const ranges: [number, number][] = [
    [0x0020, 0x07ff],
    [0x0860, 0x08ff],
    [0x2000, 0x206f],
    [0xfb1d, 0xfeff],
  ];

  it('agrees with fontkit on every character of the Latin, Cyrillic, Hebrew and Arabic blocks', () => {
    const disagreements: string[] = [];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const char = String.fromCodePoint(cp);
        const actual = font.layout(char).direction === 'rtl';
        if (actual !== fontkitReverses(char)) disagreements.push(cp.toString(16));
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('looks past leading digits and punctuation, as fontkit does', () => {
    for (const text of ['916 مجاناً', '(مجاناً)', '  ٩١٦', '916 Law', '+994']) {
      expect(fontkitReverses(text)).toBe(font.layout(text).direction === 'rtl');
    }
  });
});

describe('strings handed to fontkit come out in visual order', () => {
  const bidi = bidiFactory();
  const samples = [
    'اتصل بالرقم 916 (مجاناً) واقرأ Law on the Right to Obtain Information قبل الزيارة.',
    'شما می‌توانید با شماره 916 (رایگان) تماس بگیرید و Law on the Right to Obtain Information را بخوانید.',
    'الصفحة ٣ من ١٢ [انظر 1071-IIQ]',
    'صفحه ۳ از ۱۲',
  ];

  it.each(samples)('%s', (text) => {
    const { lines } = layoutParagraph({
      spans: [plain(text)],
      dir: 'rtl',
      width: 100_000,
      measure: fiveEach,
      defaultScript: 'arabic',
    });
    const line = lines[0];
    if (!line) throw new Error('no line');
    // Glyphs in the order fontkit puts them, mapped back to characters; fontkit draws ZWNJ as a
    // zero-width space glyph, so the reference has a space there too.
    const drawn = line.runs
      .map((run) =>
        fontFor(run.font)
          .layout(run.drawText, { rtlm: false })
          .glyphs.map((g) => String.fromCodePoint(...g.codePoints))
          .join(''),
      )
      .join('');
    const reference = bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, 'rtl')).replace(/\u200C/g, ' ');
    expect(drawn).toBe(reference);
  });
});
