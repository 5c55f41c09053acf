import fs from 'node:fs';
import path from 'node:path';
import { importCatalog } from '../src/booklets/importer';
import { composeServices } from '../src/compose';
import { LANGUAGE_CODES } from './factories/languages';
import { openDatabase } from '../src/storage/db';

const BOOKLETS = path.join(__dirname, '../booklets');
// The sample catalog with the languages its languages.json adds (Dari, Pashto, Sorani, Turkish,
// Georgian) after the six a new database starts with.
const deps = composeServices(openDatabase(':memory:'), { processMetrics: false });
importCatalog(deps.repo, deps.languageAdmin, BOOKLETS);
const service = deps.booklets;
const SLUGS = ['right-to-information', 'contact-the-ombudsman'];
/** Every language of the service once the catalog is imported: the six, then the five of languages.json. */
const ALL = deps.languages.codes();
const ADDED = ALL.filter((code) => !LANGUAGE_CODES.includes(code));
/** The booklet stays in the six; the leaflet is in every language of the sample catalog. */
const LANGUAGES_OF: Record<string, readonly string[]> = { 'right-to-information': LANGUAGE_CODES, 'contact-the-ombudsman': ALL };
const text = (slug: string, lang: string): string => fs.readFileSync(path.join(BOOKLETS, slug, `${lang}.md`), 'utf8');
/** The first paragraph after the first heading of a file. */
const firstParagraph = (source: string): string => (/^# .*\n+((?:.+\n?)+)/m.exec(source)?.[1] ?? '').trim();

describe('the sample booklets', () => {
  it('include the right-to-information booklet and a leaflet, the booklet first in the catalog', () => {
    expect(service.catalog().map((b) => b.slug)).toEqual(SLUGS);
  });

  it('bring five languages besides the six a new database starts with', () => {
    expect(LANGUAGE_CODES).toHaveLength(6);
    expect(ADDED.sort()).toEqual(['ckb', 'ka', 'prs', 'ps', 'tr']);
  });

  describe.each(SLUGS)('%s', (slug) => {
    const langs = LANGUAGES_OF[slug] as readonly string[];

    it('is published, complete and marked as sample content in each of its languages, and in no other', () => {
      expect([...service.languagesOf(slug).languages].sort()).toEqual([...langs].sort());
      const files = fs.readdirSync(path.join(BOOKLETS, slug)).map((f) => f.replace(/\.md$/, ''));
      expect(files.sort()).toEqual([...langs].sort());
      const source = service.read(slug, 'en');
      for (const lang of langs) {
        const booklet = service.read(slug, lang);
        expect({ lang, sample: booklet.meta.sample }).toEqual({ lang, sample: true });
        expect(booklet.sections.map((s) => s.id)).toEqual(source.sections.map((s) => s.id));
        expect(booklet.sections.filter((s) => s.fallback)).toEqual([]);
      }
    });

    it('every file says "status: sample" and opens with the italic note that it is sample content', () => {
      for (const lang of langs) {
        const source = text(slug, lang);
        expect({ lang, status: /^status: (.*)$/m.exec(source)?.[1] }).toEqual({ lang, status: 'sample' });
        const note = firstParagraph(source);
        expect({ lang, italic: /^\*[^*][^]*[^*]\*$/.test(note) && !note.slice(1, -1).includes('*') }).toEqual({ lang, italic: true });
      }
    });

    it('translations are real translations: no section is left in English', () => {
      const en = service.read(slug, 'en');
      for (const lang of langs.filter((l) => l !== 'en')) {
        const booklet = service.read(slug, lang);
        booklet.sections.forEach((s, i) => {
          expect({ lang, id: s.id, same: s.body === en.sections[i]?.body }).toEqual({ lang, id: s.id, same: false });
        });
      }
    });

    it('every language keeps the call centre number 916', () => {
      for (const lang of langs) expect({ lang, has916: text(slug, lang).includes('916') }).toEqual({ lang, has916: true });
    });

    it('Ukrainian uses і ї є ґ and the apostrophe ʼ, never the ASCII apostrophe or Russian-only letters', () => {
      const uk = text(slug, 'uk');
      if (slug === 'right-to-information') for (const ch of ['і', 'ї', 'є', 'ґ', 'ʼ']) expect(uk).toContain(ch);
      expect(uk).not.toMatch(/[ыэъё]/i);
      expect(uk).not.toMatch(/[а-яіїєґ]'[а-яіїєґ]/i);
    });

    it('Azerbaijani uses ə ğ ı İ ş ç ö ü', () => {
      const az = text(slug, 'az');
      for (const ch of ['ə', 'ğ', 'ı', 'ş', 'ç', 'ö', 'ü']) expect(az).toContain(ch);
      if (slug === 'right-to-information') expect(az).toContain('İ');
      expect(az).not.toMatch(/ä/);
    });

    it('Persian uses Persian letters and the zero-width non-joiner', () => {
      const fa = text(slug, 'fa');
      expect(fa).toContain('\u200C');
      expect(fa).toMatch(/[یک]/);
      expect(fa).not.toMatch(/[يك]/);
    });
  });

  describe('the leaflet in the languages the sample catalog adds', () => {
    const leaflet = (lang: string): string => text('contact-the-ombudsman', lang);
    /** The words of a file a reader sees: front matter keys and status, section ids, contact field names, addresses and the postcode left out. */
    const prose = (source: string): string =>
      source
        .replace(/^---\n[^]*?\n---\n/, (fm) => fm.replace(/^status: sample$/m, '').replace(/^\w+:/gm, ''))
        .replace(/\{#[a-z-]+\}/g, '')
        .replace(/^:::(contact)?$/gm, '')
        .replace(/^(name|phone|address|hours|email|web):/gm, '')
        .replace(/(mailto:)?[\w.]+@[\w.]+|https:\/\/[\w./-]+|AZ1000/g, '');

    it('Dari writes Persian ی and ک (never Arabic ي ك) and the zero-width non-joiner', () => {
      expect(leaflet('prs')).toContain('\u200C');
      expect(leaflet('prs')).toMatch(/[یک]/);
      expect(leaflet('prs')).not.toMatch(/[يك]/);
    });

    it('Pashto writes its own letters ټ ډ ړ ږ ښ ګ ڼ ځ څ ې, and ګ rather than the Persian گ', () => {
      for (const ch of ['ټ', 'ډ', 'ړ', 'ږ', 'ښ', 'ګ', 'ڼ', 'ځ', 'څ', 'ې']) expect(leaflet('ps')).toContain(ch);
      expect(leaflet('ps')).not.toContain('گ');
    });

    it('Sorani writes ە ھ ڕ ڵ ۆ ێ and never the Arabic ه, ي or ك', () => {
      for (const ch of ['ە', 'ھ', 'ڕ', 'ڵ', 'ۆ', 'ێ']) expect(leaflet('ckb')).toContain(ch);
      expect(leaflet('ckb')).not.toMatch(/[هيك]/);
    });

    it('Turkish writes ç ğ ı İ ö ş ü as single characters, never with a combining dot', () => {
      for (const ch of ['ç', 'ğ', 'ı', 'İ', 'ö', 'ş', 'ü']) expect(leaflet('tr')).toContain(ch);
      expect(leaflet('tr')).toBe(leaflet('tr').normalize('NFC'));
      expect(leaflet('tr')).not.toContain('\u0307');
    });

    it('Georgian is written in Mkhedruli letters; Latin appears only in the e-mail address, the website and the postcode', () => {
      expect(leaflet('ka')).toMatch(/[\u10D0-\u10FA]{5}/);
      expect(prose(leaflet('ka')).match(/[A-Za-z]+/g) ?? []).toEqual([]);
    });

    it('the right-to-information booklet has no file in them (it stays in the six)', () => {
      for (const lang of ADDED) expect(fs.existsSync(path.join(BOOKLETS, 'right-to-information', `${lang}.md`))).toBe(false);
    });
  });

  it('the right-to-information booklet covers the topics the institution asked for', () => {
    const ids = service.read('right-to-information', 'en').sections.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['who-may-ask', 'how-to-ask', 'time-limits', 'fees', 'refusal', 'ombudsman', 'contacts', 'glossary']),
    );
    expect(text('right-to-information', 'ar')).toContain('اتصل بالرقم 916 (مجاناً)');
  });
});
