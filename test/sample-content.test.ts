import fs from 'node:fs';
import path from 'node:path';
import { importBooklets } from '../src/booklets/importer';
import { BookletRepository } from '../src/booklets/repository';
import { BookletService } from '../src/booklets/service';
import { LANGUAGE_CODES, languages } from './factories/languages';
import { openDatabase } from '../src/storage/db';

const BOOKLETS = path.join(__dirname, '../booklets');
const repo = new BookletRepository(openDatabase(':memory:'));
importBooklets(repo, BOOKLETS);
const service = new BookletService(repo, languages);
const SLUGS = ['right-to-information', 'contact-the-ombudsman'];
const text = (slug: string, lang: string): string => fs.readFileSync(path.join(BOOKLETS, slug, `${lang}.md`), 'utf8');

describe('the sample booklets', () => {
  it('include the right-to-information booklet and a leaflet, the booklet first in the catalog', () => {
    expect(service.catalog().map((b) => b.slug)).toEqual(SLUGS);
  });

  describe.each(SLUGS)('%s', (slug) => {
    it('is published, complete and marked as sample content in all six languages', () => {
      expect(service.languagesOf(slug).languages.sort()).toEqual([...LANGUAGE_CODES].sort());
      const source = service.read(slug, 'en');
      for (const lang of LANGUAGE_CODES) {
        const booklet = service.read(slug, lang);
        expect(booklet.meta.sample).toBe(true);
        expect(booklet.sections.map((s) => s.id)).toEqual(source.sections.map((s) => s.id));
        expect(booklet.sections.filter((s) => s.fallback)).toEqual([]);
      }
    });

    it('translations are real translations: no section is left in English', () => {
      const en = service.read(slug, 'en');
      for (const lang of LANGUAGE_CODES.filter((l) => l !== 'en')) {
        const booklet = service.read(slug, lang);
        booklet.sections.forEach((s, i) => {
          expect({ lang, id: s.id, same: s.body === en.sections[i]?.body }).toEqual({ lang, id: s.id, same: false });
        });
      }
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

    it('Arabic and Persian keep the call centre number 916', () => {
      expect(text(slug, 'ar')).toContain('916');
      expect(text(slug, 'fa')).toContain('916');
    });
  });

  it('the right-to-information booklet covers the topics the institution asked for', () => {
    const ids = service.read('right-to-information', 'en').sections.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['who-may-ask', 'how-to-ask', 'time-limits', 'fees', 'refusal', 'ombudsman', 'contacts', 'glossary']));
    expect(text('right-to-information', 'ar')).toContain('اتصل بالرقم 916 (مجاناً)');
  });
});
