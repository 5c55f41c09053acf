import fs from 'node:fs';
import path from 'node:path';
import { createTranslator, readLocaleFile, Resources } from '../../src/i18n';
import { composeServices } from '../../src/compose';
import { importLanguages } from '../../src/languages/service';
import { openDatabase } from '../../src/storage/db';
import { formatEdition } from '../../src/i18n/format';
import { intlLocale } from '../../src/i18n/languages';
import { LANGUAGES, languages } from '../factories/languages';

const ROOT = path.join(__dirname, '../..');
const LOCALES = path.join(ROOT, 'locales');
const CATALOG_LANGUAGES = path.join(ROOT, 'booklets/languages.json');
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

/** Every string of a nested resource object by its dotted key (plural suffixes kept). */
function flat(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flat(v, `${prefix}${k}.`),
  );
}

/**
 * Top-level groups of the interface strings that readers see: the public pages (layout, catalog,
 * booklet, print and error pages), the PDF's labels, cover and closing page. A locale that is not
 * complete has at least these. The other groups are for staff: /admin (`admin`), the editor's
 * warnings (`checks`) and draft previews (`draft`); a language without them falls back along its chain.
 */
const READER_GROUPS = ['site', 'nav', 'catalog', 'booklet', 'format', 'contact', 'pdf', 'error', 'print', 'offline'];
const STAFF_GROUPS = ['admin', 'checks', 'draft'];

/** The six languages a new database starts with: their locale files are complete. */
const SHIPPED = LANGUAGES.map((l) => l.code);
const catalogLanguages = JSON.parse(fs.readFileSync(CATALOG_LANGUAGES, 'utf8')) as { code: string }[];
/** Locale folders of other languages: reader strings at least, the rest from the fallback chain. */
const PARTIAL = fs
  .readdirSync(LOCALES)
  .filter((code) => !SHIPPED.includes(code))
  .sort();

const resources: Resources = Object.fromEntries([...SHIPPED, ...PARTIAL].map((code) => [code, { common: readLocaleFile(LOCALES, code) }]));
const english = keys(resources.en?.common as Tree);
const englishStrings = new Map(flat(resources.en?.common as Tree));
/** A service with the six languages and those the sample catalog adds (booklets/languages.json). */
const catalog = composeServices(openDatabase(':memory:'), { processMetrics: false });
importLanguages(catalog.languageAdmin, CATALOG_LANGUAGES);
const readerKeys = [...english.keys()].filter((key) => READER_GROUPS.includes(key.split('.')[0] as string));

/** Keys a source file names literally: t('pdf.pageOf'), {{t "booklet.contents"}}, (t "print.size" …). */
function keysUsedIn(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found = [...text.matchAll(/\bt\(\s*['"`]([a-z][\w]*(?:\.\w+)+)['"`]/g), ...text.matchAll(/[{(]t "([a-z][\w]*(?:\.\w+)+)"/g)];
  return found.map((m) => m[1] as string);
}

describe('interface strings', () => {
  it('there is a locale folder for every language a new database starts with', () => {
    expect(fs.readdirSync(LOCALES)).toEqual(expect.arrayContaining(SHIPPED));
  });

  it('every other locale folder is a language of the sample catalog (booklets/languages.json)', () => {
    expect(PARTIAL.length).toBeGreaterThan(0);
    expect(PARTIAL.filter((code) => !catalogLanguages.some((l) => l.code === code))).toEqual([]);
  });

  it('every top-level group of English is either for readers or for staff', () => {
    const groups = [...new Set([...english.keys()].map((key) => key.split('.')[0]))].sort();
    expect(groups).toEqual([...READER_GROUPS, ...STAFF_GROUPS].sort());
  });

  it('the reader groups hold every key the public pages and the PDF name (draft marks aside)', () => {
    const templates = [
      'layout.hbs',
      'catalog.hbs',
      'booklet.hbs',
      'print.hbs',
      'error.hbs',
      ...fs.readdirSync(path.join(ROOT, 'templates/partials')).map((f) => `partials/${f}`),
    ];
    const files = [
      ...templates.map((f) => `templates/${f}`),
      'src/rendering/layout/build.ts',
      'src/site/print.ts',
      'src/http/error-handler.ts',
    ];
    const used = [...new Set(files.flatMap(keysUsedIn))].filter((key) => !key.startsWith('draft.'));
    expect(used.length).toBeGreaterThan(30);
    const unknown = used.filter((key) => !english.has(key) && !english.has(key.replace(/\.\w+$/, '')));
    expect(unknown).toEqual([]);
    expect(used.filter((key) => !READER_GROUPS.includes(key.split('.')[0] as string))).toEqual([]);
  });

  describe.each([...SHIPPED, ...PARTIAL])('%s', (code) => {
    const own = keys(resources[code]?.common as Tree);
    const complete = SHIPPED.includes(code);

    if (complete) {
      it('has every key that English has, and no other', () => {
        expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
      });
    } else {
      it('has only keys that English has', () => {
        expect([...own.keys()].filter((key) => !english.has(key))).toEqual([]);
      });

      it('has every key readers see (the staff groups fall back along its chain)', () => {
        expect(readerKeys.filter((key) => !own.has(key))).toEqual([]);
      });
    }

    it('has every plural form its language needs', () => {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      for (const [key, forms] of own) {
        if (!forms.includes('other')) continue;
        for (const c of categories) expect({ key, forms }).toEqual({ key, forms: expect.arrayContaining([c]) });
      }
    });

    it('keeps every interpolation placeholder of the English string', () => {
      for (const [key, value] of flat(resources[code]?.common as Tree)) {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '_other');
        const reference = englishStrings.get(base) ?? englishStrings.get(key) ?? '';
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

describe('a language of the sample catalog with a partial locale', () => {
  const t = (code: string) => catalog.translator.t(code);
  const fa = (key: string): string => t('fa')(key);

  it('reads its own strings for readers', () => {
    expect(t('prs')('booklet.contents')).toBe((resources.prs?.common as { booklet: { contents: string } }).booklet.contents);
    expect(t('ka')('catalog.title')).toBe((resources.ka?.common as { catalog: { title: string } }).catalog.title);
  });

  it('takes the staff strings it lacks from its fallback chain: Dari and Pashto from Persian, Sorani from Arabic, Turkish and Georgian from English', () => {
    expect(t('prs')('admin.nav.languages')).toBe(fa('admin.nav.languages'));
    expect(t('ps')('admin.nav.languages')).toBe(fa('admin.nav.languages'));
    expect(t('ckb')('admin.nav.languages')).toBe(t('ar')('admin.nav.languages'));
    expect(t('tr')('admin.nav.languages')).toBe('Languages');
    expect(t('ka')('draft.mark')).toBe(t('en')('draft.mark'));
  });

  it('writes dates in the calendar its readers use: Pashto in the Gregorian calendar, without the era "AP"', () => {
    const date = new Date('2026-11-24T12:00:00Z');
    const pashto = t('ps')('booklet.published', { date });
    expect(pashto).not.toMatch(/AP|[A-Za-z]/);
    expect(pashto).toContain(new Intl.NumberFormat('ps', { useGrouping: false }).format(2026));
    expect(t('prs')('booklet.published', { date })).toContain(new Intl.NumberFormat('fa', { useGrouping: false }).format(1405));
  });
});

describe('sentences with an edition date', () => {
  it.each([...SHIPPED, ...PARTIAL])(
    '%s: an edition written with an abbreviation (e.g. "2026 р.") never ends in a double full stop',
    (code) => {
      const edition = formatEdition('2026-11', intlLocale(catalog.languages.get(code)));
      for (const key of ['pdf.followsSource', 'pdf.original']) {
        const sentence = catalog.translator.t(code)(key, { language: 'English', edition });
        expect(sentence).toContain(edition);
        expect(sentence).not.toMatch(/\.\.$|\.\s*\.$/);
      }
    },
  );
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

  it.each([...SHIPPED, ...PARTIAL])('%s names every language a new database starts with', (code) => {
    const t = catalog.translator.t(code);
    for (const { code: other } of LANGUAGES) expect(t(`pdf.sourceLanguage.${other}`)).not.toBe(`pdf.sourceLanguage.${other}`);
  });
});
