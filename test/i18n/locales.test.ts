import fs from 'node:fs';
import path from 'node:path';
import { createTranslator, readLocaleFile, Resources } from '../../src/i18n';
import { LANGUAGES, languages } from '../factories/languages';

const LOCALES = path.join(__dirname, '../../locales');
type Tree = { [key: string]: string | Tree };

/** Keys of a nested resource object, with plural suffixes folded into the base key. */
function keys(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') {
      const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(full);
      const base = m ? (m[1] as string) : full;
      out.set(base, [...(out.get(base) ?? []), m ? (m[2] as string) : '']);
    } else {
      for (const [ck, cv] of keys(v, full)) out.set(ck, [...(out.get(ck) ?? []), ...cv]);
    }
  }
  return out;
}

const resources: Resources = Object.fromEntries(LANGUAGES.map((l) => [l.code, { common: readLocaleFile(LOCALES, l.code) }]));
const english = keys(resources.en?.common as Tree);

describe('interface strings', () => {
  it('there is a locale folder for every supported language and no other', () => {
    expect(fs.readdirSync(LOCALES).sort()).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  describe.each(LANGUAGES.map((l) => l.code))('%s', (code) => {
    const own = keys(resources[code]?.common as Tree);

    it('has every key that English has, and no other', () => {
      expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it('has every plural form its language needs', () => {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      for (const [key, forms] of own) {
        if (!forms.includes('other')) continue;
        for (const c of categories) expect({ key, forms }).toEqual({ key, forms: expect.arrayContaining([c]) });
      }
    });

    it('keeps every interpolation placeholder of the English string', () => {
      const flat = (tree: Tree, p = ''): [string, string][] =>
        Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v, `${p}${k}.`)));
      const en = new Map(flat(resources.en?.common as Tree));
      for (const [key, value] of flat(resources[code]?.common as Tree)) {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '_other');
        const reference = en.get(base) ?? en.get(key) ?? '';
        const names = (s: string): string[] => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] as string).sort();
        const mine = names(value);
        for (const name of names(reference)) {
          if (name === 'count' && !value.includes('{{count')) continue; // e.g. Arabic "قسم واحد"
          expect({ key, mine }).toEqual({ key, mine: expect.arrayContaining([name]) });
        }
      }
    });
  });

  it('formats dates with Intl in the reader language', () => {
    const tr = createTranslator(LOCALES, languages);
    const date = new Date('2026-11-24T12:00:00Z');
    expect(tr.t('uk')('booklet.published', { date })).toBe('Опубліковано 24 листопада 2026 р.');
    expect(tr.t('en')('booklet.published', { date })).toBe('Published on November 24, 2026');
  });

  it('uses each language plural rules', () => {
    const tr = createTranslator(LOCALES, languages);
    expect(tr.t('uk')('booklet.sections', { count: 2 })).toBe('2 розділи');
    expect(tr.t('uk')('booklet.sections', { count: 12 })).toBe('12 розділів');
    expect(tr.t('ru')('booklet.sections', { count: 21 })).toBe('21 раздел');
    expect(tr.t('ar')('booklet.sections', { count: 2 })).toBe('قسمان');
  });
});

describe('sentences with an edition date', () => {
  const { formatEdition } = require('../../src/i18n/format') as typeof import('../../src/i18n/format');
  const translator = createTranslator(LOCALES, languages);
  it.each(LANGUAGES.map((l) => l.code))('%s: an edition written with an abbreviation (e.g. "2026 р.") never ends in a double full stop', (code) => {
    const edition = formatEdition('2026-11', code);
    for (const key of ['pdf.followsSource', 'pdf.original']) {
      const sentence = translator.t(code)(key, { language: 'English', edition });
      expect(sentence).toContain(edition);
      expect(sentence).not.toMatch(/\.\.$|\.\s*\.$/);
    }
  });
});

describe('the name of the source language in "this translation follows…"', () => {
  const translator = createTranslator(LOCALES, languages);
  it.each([
    ['en', 'ar', 'This translation follows the Arabic text'],
    ['uk', 'en', 'Цей переклад відповідає тексту англійською мовою'],
    ['ru', 'uk', 'Этот перевод соответствует тексту на украинском языке'],
    ['az', 'en', 'Bu tərcümə ingilis dilindəki mətnə'],
    ['ar', 'en', 'تتبع هذه الترجمة النص باللغة الإنجليزية'],
    ['fa', 'en', 'این ترجمه بر اساس متن انگلیسی'],
  ])('%s, translated from %s: "%s…", in the reader\'s language and grammar', (lang, source, start) => {
    const t = translator.t(lang);
    expect(t('pdf.followsSource', { language: t(`pdf.sourceLanguage.${source}`), edition: '2026-11' })).toMatch(new RegExp(`^${start}`));
  });

  it.each(LANGUAGES.map((l) => l.code))('%s names every language the service knows', (code) => {
    const t = translator.t(code);
    for (const { code: other } of LANGUAGES) expect(t(`pdf.sourceLanguage.${other}`)).not.toBe(`pdf.sourceLanguage.${other}`);
  });
});

