import fs from 'node:fs';
import path from 'node:path';
import { createTranslator, readLocaleFile, Resources } from '../../src/i18n';
import { composeServices } from '../../src/compose';
import { importLanguages } from '../../src/languages/service';
import { openDatabase } from '../../src/storage/db';
import { LANGUAGES, languages } from '../factories/languages';
import { LOCALES_DIR } from '../../src/paths';

type Tree = { [key: string]: string | Tree };

const SUFFIX = /^(.*)_(zero|one|two|few|many|other)$/;

/** Every string of a locale by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [ck, cv] of flatten(v, key)) out.set(ck, cv);
  }
  return out;
}

/** Plural key families ("admin.dashboard.outdated") with the categories a locale writes for each. */
function pluralFamilies(strings: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of strings.keys()) {
    const m = SUFFIX.exec(key);
    if (!m) continue;
    const family = m[1] as string;
    out.set(family, (out.get(family) ?? new Set()).add(m[2] as string));
  }
  return out;
}

const resources: Resources = Object.fromEntries(LANGUAGES.map((l) => [l.code, { common: readLocaleFile(LOCALES_DIR, l.code) }]));
const strings = new Map(LANGUAGES.map((l) => [l.code, flatten(resources[l.code]?.common as Tree)]));
const english = strings.get('en') as Map<string, string>;
const englishFamilies = pluralFamilies(english);
const others = LANGUAGES.map((l) => l.code).filter((code) => code !== 'en');
const translator = createTranslator(LOCALES_DIR, languages);
const COUNTS = [0, 1, 2, 3, 5, 11, 21, 100];

/** A value for every placeholder of the family's strings other than count (e.g. `where`). */
function params(family: string): Record<string, string> {
  const names = new Set<string>();
  for (const [key, value] of english) {
    if (key.startsWith(`${family}_`)) for (const m of value.matchAll(/\{\{\s*(\w+)/g)) names.add(m[1] as string);
  }
  names.delete('count');
  return Object.fromEntries([...names].map((n) => [n, `<${n}>`]));
}

describe('plural keys', () => {
  it('English has plural key families (the test would prove nothing otherwise)', () => {
    expect(englishFamilies.size).toBeGreaterThan(5);
    expect(englishFamilies.has('admin.dashboard.outdated')).toBe(true);
  });

  describe.each(LANGUAGES.map((l) => l.code))('%s', (code) => {
    const own = strings.get(code) as Map<string, string>;
    const families = pluralFamilies(own);
    const needed = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];

    it('has exactly the categories its plural rules need (and optionally _zero) in every plural family of English', () => {
      for (const family of englishFamilies.keys()) {
        const forms = [...(families.get(family) ?? [])].sort();
        const missing = needed.filter((c) => !forms.includes(c));
        const unused = forms.filter((c) => c !== 'zero' && !needed.includes(c));
        expect({ family, missing, unused }).toEqual({ family, missing: [], unused: [] });
        // Without its forms, the bare key would be used for every count.
        expect({ family, bare: own.has(family) }).toEqual({ family, bare: false });
      }
    });

    it('has no plural family that English lacks', () => {
      const extra = [...families.keys()].filter((family) => !englishFamilies.has(family));
      expect(extra).toEqual([]);
    });

    it("writes every count in the language's digits ({{count, number}})", () => {
      const raw = [...own].filter(([, value]) => /\{\{\s*count\s*\}\}/.test(value)).map(([key]) => key);
      expect(raw).toEqual([]);
    });
  });

  describe.each(others)('%s renders every plural family in its own words, never the English text', (code) => {
    const t = translator.t(code);
    const en = translator.t('en');
    it.each([...englishFamilies.keys()])('%s', (family) => {
      const values = params(family);
      for (const count of COUNTS) {
        const mine = t(family, { ...values, count });
        const english = en(family, { ...values, count });
        expect({ count, mine }).not.toEqual({ count, mine: english });
        expect({ count, mine }).not.toEqual({ count, mine: family });
        expect(mine).not.toMatch(/\{\{|\}\}/);
      }
    });
  });

  it('the dashboard says how many sections are outdated in Russian and Ukrainian', () => {
    expect(translator.t('uk')('admin.dashboard.outdated', { count: 1 })).toBe('1 розділ застарів');
    expect(translator.t('uk')('admin.dashboard.outdated', { count: 3 })).toBe('3 розділи застаріли');
    expect(translator.t('uk')('admin.dashboard.outdated', { count: 11 })).toBe('11 розділів застаріло');
    expect(translator.t('ru')('admin.dashboard.outdated', { count: 21 })).toBe('21 раздел устарел');
    expect(translator.t('ru')('admin.dashboard.outdated', { count: 2 })).toBe('2 раздела устарели');
    expect(translator.t('ru')('admin.dashboard.outdated', { count: 5 })).toBe('5 разделов устарело');
  });

  it.each([...englishFamilies.keys()])('Persian writes a count of 12 in Persian digits: %s', (family) => {
    const text = translator.t('fa')(family, { ...params(family), count: 12 });
    expect(text).toContain('۱۲');
    expect(text).not.toContain('12');
  });

  it('Arabic numbers are written in the digits the registry gives Arabic (Arabic-Indic, not Intl’s Latin default)', () => {
    expect(translator.t('ar')('admin.dashboard.outdated', { count: 12 })).toContain('١٢');
  });
});

/**
 * Locale folders of the languages the sample catalog adds (booklets/languages.json) hold the reader
 * strings only; the plural families they have must still be complete for their language, and the
 * ones they leave out come from their fallback chain.
 */
describe('plural keys of a partial locale', () => {
  const partial = fs
    .readdirSync(LOCALES_DIR)
    .filter((code) => !LANGUAGES.some((l) => l.code === code))
    .sort();
  const catalog = composeServices(openDatabase(':memory:'), { processMetrics: false });
  importLanguages(catalog.languageAdmin, path.join(__dirname, '../../booklets/languages.json'));

  it('there are partial locales (the tests below would prove nothing otherwise)', () => {
    expect(partial.length).toBeGreaterThan(0);
  });

  describe.each(partial)('%s', (code) => {
    const own = flatten(readLocaleFile(LOCALES_DIR, code));
    const families = pluralFamilies(own);
    const needed = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];

    it('has exactly the categories its plural rules need (and optionally _zero) in every plural family it has', () => {
      expect(families.size).toBeGreaterThan(0);
      for (const [family, written] of families) {
        const forms = [...written].sort();
        const missing = needed.filter((c) => !forms.includes(c));
        const unused = forms.filter((c) => c !== 'zero' && !needed.includes(c));
        expect({ family, missing, unused }).toEqual({ family, missing: [], unused: [] });
        expect({ family, bare: own.has(family) }).toEqual({ family, bare: false });
      }
    });

    it('has no plural family that English lacks', () => {
      expect([...families.keys()].filter((family) => !englishFamilies.has(family))).toEqual([]);
    });

    it("writes every count in the language's digits ({{count, number}})", () => {
      expect([...own].filter(([, value]) => /\{\{\s*count\s*\}\}/.test(value)).map(([key]) => key)).toEqual([]);
    });

    it('renders the plural families it has in its own words and the others through its fallback chain, never as a bare key', () => {
      const t = catalog.translator.t(code);
      const en = catalog.translator.t('en');
      for (const family of englishFamilies.keys()) {
        const values = params(family);
        for (const count of COUNTS) {
          const mine = t(family, { ...values, count });
          if (families.has(family)) expect({ family, count, mine }).not.toEqual({ family, count, mine: en(family, { ...values, count }) });
          expect({ family, count, mine }).not.toEqual({ family, count, mine: family });
          expect(mine).not.toMatch(/\{\{|\}\}/);
        }
      }
    });
  });
});
