import path from 'node:path';
import { sectionWarnings, warningMessage, warningsBySection } from '../../src/rendering/check-messages';
import { CHECK_CODES, ContentWarning } from '../../src/rendering/checks';
import { createTranslator } from '../../src/i18n';
import { intlLocale } from '../../src/i18n/languages';
import { LANGUAGE_CODES, languages } from '../factories/languages';

const translator = createTranslator(path.join(__dirname, '../../locales'), languages);
const FSI = '\u2068';
const PDI = '\u2069';
// Left-to-right isolate: the Markdown examples in an Arabic or Persian sentence keep their order.
const LRI = '\u2066';

describe('content warnings in the interface language', () => {
  it('says where, what happens and what to write instead', () => {
    const [table, image] = sectionWarnings(
      [{ id: 'offices', title: 'Offices', body: '| City | Phone |\n|---|---|\n| Baku | 916 |\n\n![Map](https://example.org/map.png)' }],
      'en',
      translator,
      'en',
    );
    expect(table).toEqual({
      code: 'table',
      field: 'body',
      section: 'offices',
      line: 1,
      sample: '| City | Phone |',
      message:
        'Line 1: tables are not supported: the page and the PDF show the rows as one line of text full of “|” signs. Write the table as a list instead, one item per row.',
    });
    expect(image?.message).toBe(
      'Line 5: images are not supported: “![Map](https://example.org/map.png)” is shown as an exclamation mark and a link. Describe the picture in words instead.',
    );
  });

  it('names the title, and lists characters with their code points', () => {
    const [w] = sectionWarnings([{ id: 'intro', title: 'Welcome 😀 中', body: 'Text.' }], 'en', translator, 'en');
    expect(w).toMatchObject({
      field: 'title',
      line: 1,
      characters: [
        { char: '😀', codePoint: 'U+1F600' },
        { char: '中', codePoint: 'U+4E2D' },
      ],
    });
    expect(w?.message).toBe(
      'Title: the PDF cannot show 😀 (U+1F600) and 中 (U+4E2D), so they would be missing from the printed booklet. Replace or remove them, for example write the word instead of the emoji.',
    );
  });

  it('in Arabic and Persian: numbers as Intl writes them (Persian digits), their list words, and typed text isolated so "<b>" keeps its direction', () => {
    const html: ContentWarning = { code: 'html', field: 'body', line: 12, sample: '<b>' };
    expect(warningMessage(html, translator, 'ar')).toBe(
      `السطر ${new Intl.NumberFormat(intlLocale(languages.get('ar'))).format(12)}: لا تُفسَّر شيفرة HTML: سيظهر «${FSI}<b>${PDI}» كما كُتب تمامًا. احذف وسوم HTML واستخدم تنسيق Markdown الخاص بالكتيّب: ${LRI}**غامق**${PDI}، ${LRI}*مائل*${PDI}، ${LRI}[نص](https://…)${PDI}.`,
    );
    const chars: ContentWarning = {
      code: 'unsupported-characters',
      field: 'body',
      line: 3,
      sample: '😀 中',
      characters: [
        { char: '😀', codePoint: 'U+1F600' },
        { char: '中', codePoint: 'U+4E2D' },
      ],
    };
    expect(warningMessage(chars, translator, 'fa')).toMatch(
      new RegExp(`^سطر ۳: PDF نمی\u200cتواند ${FSI}😀 \\(U\\+1F600\\)${PDI} و ${FSI}中 \\(U\\+4E2D\\)${PDI} را نمایش دهد`),
    );
  });

  it.each(['ar', 'fa'])(
    '%s: Markdown examples in the sentence are isolated left to right, so "[text](https://…)" is not shown as "(…//:https)"',
    (lang) => {
      const message = warningMessage({ code: 'html', field: 'body', line: 1, sample: '<b>' }, translator, lang);
      expect(message).toMatch(new RegExp(`${LRI}\\[[^\\]${LRI}${PDI}]+\\]\\(https://…\\)${PDI}`));
      expect(message).toMatch(new RegExp(`${LRI}\\*\\*[^*]+\\*\\*${PDI}`));
      // Every example that opens an isolate closes it, and nothing Latin with a URL is left outside one.
      expect(message.split(LRI).length).toBe(message.split(PDI).length - 1); // one more PDI: the sample's first-strong isolate
      expect(message.replace(new RegExp(`${LRI}[^${PDI}]*${PDI}`, 'g'), '')).not.toContain('https://');
    },
  );

  it('Ukrainian, Russian and Azerbaijani name the line in their own words', () => {
    const w: ContentWarning = { code: 'image', field: 'body', line: 2, sample: '![a](https://example.org/a.png)' };
    expect(warningMessage(w, translator, 'uk')).toMatch(
      /^Рядок 2: зображення не підтримуються: «!\[a\]\(https:\/\/example\.org\/a\.png\)» буде показано як знак оклику й посилання\./,
    );
    expect(warningMessage(w, translator, 'ru')).toMatch(/^Строка 2: изображения не поддерживаются/);
    expect(warningMessage({ ...w, field: 'title', line: 1 }, translator, 'az')).toMatch(/^Başlıq: şəkillər dəstəklənmir/);
  });

  it('groups them by section for the editor, in Ukrainian for a Ukrainian interface', () => {
    const sections = [
      { id: 'intro', title: 'Вступ 😀', body: 'Текст.\n<i>курсив</i>' },
      { id: 'how', title: 'Як', body: 'Сімʼя та її права.' },
      { id: 'empty', title: '', body: '' },
    ];
    const grouped = warningsBySection(sections, 'uk', translator, 'uk');
    expect([...grouped.keys()]).toEqual(['intro']);
    expect(grouped.get('intro')?.map((w) => w.message.split(':')[0])).toEqual(['Назва', 'Рядок 2']);
  });

  it.each(LANGUAGE_CODES)('every warning has its own text in %s (no key shown, no English fallback)', (lang) => {
    for (const code of CHECK_CODES) {
      const message = warningMessage(
        { code, field: 'body', line: 1, sample: 'x', characters: [{ char: '😀', codePoint: 'U+1F600' }] },
        translator,
        lang,
      );
      expect(message).not.toContain('checks.');
      expect(message).not.toMatch(/\{\{/);
      if (lang !== 'en')
        expect(message).not.toBe(
          warningMessage(
            { code, field: 'body', line: 1, sample: 'x', characters: [{ char: '😀', codePoint: 'U+1F600' }] },
            translator,
            'en',
          ),
        );
    }
  });
});
