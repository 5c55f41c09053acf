import fs from 'node:fs';
import path from 'node:path';
import { formatEdition } from '../../src/i18n/format';
import { intlLocale, Language } from '../../src/i18n/languages';
import { LANGUAGES } from '../factories/languages';

/** The languages of a new database and the sample languages the booklets folder adds. */
const SAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../booklets/languages.json'), 'utf8')) as Partial<Language>[];
const ALL = [
  ...LANGUAGES,
  ...SAMPLE.map((l) => ({ code: l.code as string, numbering: l.numbering ?? null, calendar: l.calendar ?? null })),
];

/** Where the year and the month name stand in a formatted date, and the numbering systems of its digits. */
function shape(text: string, year: string, month: string): { yearFirst: boolean; digits: string[] } {
  const y = text.indexOf(year);
  const m = text.indexOf(month);
  if (y < 0 || m < 0) throw new Error(`"${text}" lacks "${year}" or "${month}"`);
  const digits = [...new Set([...text].filter((c) => /\p{Nd}/u.test(c)).map((c) => (c.codePointAt(0) ?? 0) & ~0xf))];
  return { yearFirst: y < m, digits: digits.map((d) => d.toString(16)) };
}

describe('an edition reads like a publication date', () => {
  for (const language of ALL) {
    it(`in ${language.code}: month and year in the order and the digits of its full dates`, () => {
      const locale = intlLocale(language);
      for (let month = 1; month <= 12; month++) {
        const edition = `2026-${String(month).padStart(2, '0')}`;
        // An edition stands for its month; in another calendar, the month its 15th falls in.
        const day = new Date(Date.UTC(2026, month - 1, 15));
        const published = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(day);
        const part = (type: string): string => published.find((p) => p.type === type)?.value ?? '';
        const text = formatEdition(edition, locale);
        const standalone = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(day);
        const full = published.map((p) => p.value).join('');
        const want = shape(full, part('year'), part('month'));
        const got = shape(text, part('year'), text.includes(part('month')) ? part('month') : standalone);
        expect({ edition: text, ...got }).toEqual({ edition: text, ...want });
        expect(text).not.toContain(part('day'));
      }
    });
  }

  it('in Persian: "آبان ۱۴۰۵" beside "۲۴ آبان ۱۴۰۵", no longer "۱۴۰۵ آبان"', () => {
    const fa = intlLocale({ code: 'fa', numbering: null, calendar: null });
    expect(formatEdition('2026-11', fa).replace(/\p{Cf}/gu, '')).toBe('آبان ۱۴۰۵');
  });
});
