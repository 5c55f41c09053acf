import type { ReadableBooklet } from '../../../src/booklets/service';
import { createTranslator } from '../../../src/i18n';
import { Language, Languages } from '../../../src/i18n/languages';
import { LOCALES_DIR } from '../../../src/paths';
import { buildLayout } from '../../../src/rendering/layout/build';
import { LANGUAGES } from '../../factories/languages';

// The pure layout stage: a booklet as readers see it + interface strings -> the model both renderers draw.

const pashto: Language = {
  code: 'ps',
  nativeName: 'پښتو',
  englishName: 'Pashto',
  dir: 'rtl',
  script: 'Arab',
  fallback: 'fa',
  aliases: [],
  numbering: null,
  calendar: 'gregory',
  retired: false,
};
const languages = Languages.of([...LANGUAGES, pashto]);
const translator = createTranslator(LOCALES_DIR, languages);
const options = { baseUrl: 'https://booklets.example', languages };

function booklet(lang: string, sections: ReadableBooklet['sections'], extra: Partial<ReadableBooklet> = {}): ReadableBooklet {
  return {
    slug: 'rights',
    sourceLang: 'en',
    lang,
    meta: { title: 'T', subject: 'S', author: 'A', edition: '2026-11', translator: null, sample: false },
    sections,
    publishedAt: '2026-11-20T10:00:00.000Z',
    contentRevision: 'r1',
    languages: ['en', lang],
    ...extra,
  };
}

describe('buildLayout', () => {
  it('gives each section the direction, script and digits of its own language', () => {
    const doc = buildLayout(
      booklet('fa', [
        { id: 'a', title: 'عنوان', body: 'متن.', lang: 'fa' },
        { id: 'b', title: 'Title', body: 'Text.', lang: 'en', fallback: 'untranslated' },
      ]),
      translator.t('fa'),
      options,
    );
    expect(doc).toMatchObject({ lang: 'fa', dir: 'rtl', script: 'Arab', locale: 'fa', languageName: 'فارسی' });
    expect(doc.sections.map((s) => [s.lang, s.dir, s.script])).toEqual([
      ['fa', 'rtl', 'Arab'],
      ['en', 'ltr', 'Latn'],
    ]);
  });

  it("marks a section shown in the source language with a notice in the reader's language naming the source natively", () => {
    const doc = buildLayout(
      booklet('uk', [
        { id: 'a', title: 'Title', body: 'Text.', lang: 'en', fallback: 'untranslated' },
        { id: 'b', title: 'Title', body: 'Text.', lang: 'en', fallback: 'outdated' },
        { id: 'c', title: 'Заголовок', body: 'Текст.', lang: 'uk' },
      ]),
      translator.t('uk'),
      options,
    );
    const [untranslated, outdated, own] = doc.sections;
    expect(untranslated?.notice).toBe(translator.t('uk')('booklet.untranslated', { language: 'English' }));
    expect(outdated?.notice).toBe(translator.t('uk')('booklet.outdated', { language: 'English' }));
    expect(untranslated?.notice).not.toBe(outdated?.notice);
    expect(own?.notice).toBeUndefined();
  });

  it("writes the edition in the language's calendar: Gregorian months for Pashto, the solar calendar for Persian", () => {
    const ps = buildLayout(booklet('ps', [{ id: 'a', title: 'سرلیک', body: 'متن.', lang: 'ps' }]), translator.t('ps'), options);
    const fa = buildLayout(booklet('fa', [{ id: 'a', title: 'عنوان', body: 'متن.', lang: 'fa' }]), translator.t('fa'), options);
    expect(ps.locale).toBe('ps-u-ca-gregory');
    expect(ps.labels.cover.edition).toContain('۲۰۲۶');
    expect(ps.labels.cover.edition).not.toMatch(/AP|۱۴۰۵/);
    expect(fa.labels.cover.edition).toContain('۱۴۰۵');
  });

  it('says in the closing whether the text is the original or follows the source, and who translated it', () => {
    const original = buildLayout(booklet('en', [{ id: 'a', title: 'T', body: 'x', lang: 'en' }]), translator.t('en'), options);
    expect(original.labels.closing.source).toMatch(/original/i);
    expect(original.labels.closing.translation).toBeUndefined();
    const translated = buildLayout(
      booklet('az', [{ id: 'a', title: 'T', body: 'x', lang: 'az' }], {
        meta: { title: 'T', subject: 'S', author: 'A', edition: '2026-11', translator: 'NGO X', sample: false },
      }),
      translator.t('az'),
      options,
    );
    expect(translated.labels.closing.source).not.toBe(original.labels.closing.source);
    expect(translated.labels.closing.translation).toContain('NGO X');
  });

  it("links the cover to the booklet's page in its language at the public address", () => {
    const doc = buildLayout(booklet('ps', [{ id: 'a', title: 'سرلیک', body: 'متن.', lang: 'ps' }]), translator.t('ps'), options);
    expect(doc.onlineUrl).toBe('https://booklets.example/booklets/rights/ps');
    expect(doc.labels.cover.qrAlt).toContain('پښتو');
  });

  it('still shows stored text that no longer parses, as plain paragraphs, rather than failing', () => {
    const doc = buildLayout(
      booklet('en', [{ id: 'a', title: 'T', body: 'First ![image](x.png)\n\nSecond   line', lang: 'en' }]),
      translator.t('en'),
      options,
    );
    expect(doc.sections[0]?.blocks).toEqual([
      { type: 'paragraph', spans: [{ text: 'First ![image](x.png)', bold: false, italic: false }] },
      { type: 'paragraph', spans: [{ text: 'Second line', bold: false, italic: false }] },
    ]);
  });
});
