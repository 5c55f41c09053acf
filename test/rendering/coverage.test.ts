import { missingCharacters } from '../../src/rendering/coverage';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';
import { extractPdf, documentText } from '../helpers/pdf';

const files = smallBooklet();
files.en!.sections[0]!.body = 'Welcome 😀 to the office. 中文 is not covered. Mixed: «ə», і, ї, ґ, ʼ and عربي are.';
files.ar = {
  title: 'حقوقك',
  sections: [
    { id: 'intro', title: 'مقدمة', body: 'اتصل بالرقم 916 (مجاناً) — نص عربي مع Latin و Кирилиця.' },
    { id: 'how', title: 'كيف', body: 'می‌توانید' },
  ],
};
const { deps } = createTestApp(makeBookletsDir({ rights: files }));

describe('characters the PDF cannot show', () => {
  it('finds an emoji and a Chinese character in a Latin booklet, and nothing else', () => {
    const missing = missingCharacters(deps.render.layout(deps.booklets.read('rights', 'en')));
    expect(missing.map((m) => [m.codePoint, m.char, m.count, m.where])).toEqual([
      ['U+1F600', '😀', 1, ['intro']],
      ['U+4E2D', '中', 1, ['intro']],
      ['U+6587', '文', 1, ['intro']],
    ]);
  });

  it('Arabic with Latin, Cyrillic, digits and ZWNJ needs no missing glyph', () => {
    expect(missingCharacters(deps.render.layout(deps.booklets.read('rights', 'ar')))).toEqual([]);
  });

  it('the PDF still renders the rest of the text', async () => {
    const pdf = await extractPdf((await deps.render.pdf(deps.booklets.read('rights', 'en'))).body);
    const text = documentText(pdf);
    expect(text).toContain('Welcome');
    expect(text).toContain('to the office.');
    expect(text).toContain('is not covered. Mixed: «ə», і, ї, ґ, ʼ and');
    expect(text).not.toContain('😀');
  });
});
