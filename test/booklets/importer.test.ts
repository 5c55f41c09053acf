import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBooklets, ImportError } from '../../src/booklets/importer';
import { BookletRepository } from '../../src/booklets/repository';
import { BookletService } from '../../src/booklets/service';
import { openDatabase } from '../../src/storage/db';
import { FileSpec, makeBookletsDir, smallBooklet, sourceFileText } from '../factories/booklets';
import { languages } from '../factories/languages';

function setup(dir: string): { repo: BookletRepository; service: BookletService; count: () => Record<string, number> } {
  const db = openDatabase(':memory:');
  const repo = new BookletRepository(db);
  const count = (): Record<string, number> =>
    Object.fromEntries(
      ['booklets', 'sections', 'section_revisions', 'meta_revisions', 'publications'].map((t) => [
        t,
        (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
      ]),
    );
  importBooklets(repo, dir);
  return { repo, service: new BookletService(repo, languages), count };
}

describe('importing booklet files', () => {
  it('stores every language as a published revision that readers see', () => {
    const { service } = setup(makeBookletsDir({ rights: smallBooklet() }));
    const uk = service.read('rights', 'uk');
    expect(uk.meta.title).toBe('Ваші права');
    expect(uk.meta.sample).toBe(true);
    expect(uk.sections.map((s) => [s.id, s.title, s.lang, s.fallback])).toEqual([
      ['intro', 'Вступ', 'uk', undefined],
      ['how', 'Як звернутися', 'uk', undefined],
    ]);
    expect(service.languagesOf('rights')).toEqual({ sourceLang: 'en', languages: ['en', 'uk'] });
  });

  it('orders the catalog by the source files\' "order", then the booklets without one, oldest first', () => {
    const booklet = (order?: number) => {
      const files = smallBooklet();
      return { ...files, en: { ...(files.en as FileSpec), ...(order !== undefined ? { order } : {}) } };
    };
    // Folders are imported in name order: a, b, c, d.
    const dir = makeBookletsDir({ a: booklet(), b: booklet(20), c: booklet(), d: booklet(10) });
    const { repo, service } = setup(dir);
    expect(service.catalog().map((b) => b.slug)).toEqual(['d', 'b', 'a', 'c']);
    // A changed order is applied by the next import, and readers see it at once.
    fs.writeFileSync(path.join(dir, 'c', 'en.md'), sourceFileText({ ...booklet().en, order: 1 }));
    fs.writeFileSync(path.join(dir, 'd', 'en.md'), sourceFileText(booklet().en));
    expect(importBooklets(repo, dir)).toMatchObject({ newRevisions: 0, publications: 0 });
    expect(service.catalog().map((b) => b.slug)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('refuses an "order" in a translation, with its file and line: it places the booklet, not one language', () => {
    const files = smallBooklet();
    const dir = makeBookletsDir({ rights: { ...files, uk: { ...(files.uk as FileSpec), order: 3 } } });
    const repo = new BookletRepository(openDatabase(':memory:'));
    expect(() => importBooklets(repo, dir)).toThrow(/rights\/uk\.md:8: "order" belongs in the source-language file \(en\.md\)/);
    expect(repo.countBooklets()).toBe(0);
  });

  it('importing the same files again adds nothing', () => {
    const dir = makeBookletsDir({ rights: smallBooklet() });
    const { repo, count } = setup(dir);
    const before = count();
    expect(importBooklets(repo, dir)).toMatchObject({ newRevisions: 0, publications: 0 });
    expect(count()).toEqual(before);
  });

  it('a changed source section becomes a new revision; the old text stays in history', () => {
    const files = smallBooklet();
    const dir = makeBookletsDir({ rights: files });
    const { repo, service, count } = setup(dir);
    const before = count();
    const en = files.en!;
    en.sections[0]!.body = 'New source text.';
    fs.writeFileSync(path.join(dir, 'rights', 'en.md'), sourceFileText(en));
    importBooklets(repo, dir);
    expect(count().section_revisions).toBe(before.section_revisions! + 1);
    expect(service.read('rights', 'en').sections[0]?.body).toBe('New source text.');
    // The translation was made from the old source: readers get the new source, marked.
    const uk = service.read('rights', 'uk').sections[0];
    expect(uk).toMatchObject({ lang: 'en', fallback: 'outdated', body: 'New source text.' });
    const second = service.read('rights', 'uk').sections[1];
    expect(second?.lang).toBe('uk');
    expect(second?.fallback).toBeUndefined();
  });

  it('a section missing from a translation is shown from the source, marked untranslated', () => {
    const files = smallBooklet();
    files.uk!.sections.pop();
    const { service } = setup(makeBookletsDir({ rights: files }));
    expect(service.read('rights', 'uk').sections[1]).toMatchObject({ id: 'how', lang: 'en', fallback: 'untranslated' });
  });

  it('a draft language is not shown to readers', () => {
    const files = smallBooklet();
    files.uk!.status = 'draft';
    const { service } = setup(makeBookletsDir({ rights: files }));
    expect(() => service.read('rights', 'uk')).toThrow(/not available in Ukrainian/);
  });

  it('an invalid file changes nothing and is reported as file:line', () => {
    const dir = makeBookletsDir({ rights: smallBooklet() });
    const { repo, count } = setup(dir);
    const before = count();
    fs.writeFileSync(
      path.join(dir, 'rights', 'en.md'),
      sourceFileText({ ...smallBooklet().en!, sections: [{ id: 'intro', title: 'Changed', body: 'Changed.' }] }),
    );
    fs.writeFileSync(path.join(dir, 'rights', 'ru.md'), sourceFileText({ sections: [{ id: 'nope', title: 'Раздел', body: 'Текст.' }] }));
    fs.writeFileSync(path.join(dir, 'rights', 'az.md'), '---\ntitle: T\n---\n# Bölmə {#intro}\n\nMətn.');
    let error: unknown;
    try {
      importBooklets(repo, dir, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    const lines = (error as ImportError).message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'rights/az.md:1: front matter needs "subject"',
        'rights/ru.md:9: section "nope" does not exist in the source (en.md)',
        'rights/uk.md:14: section "how" does not exist in the source (en.md)',
      ]),
    );
    expect(count()).toEqual(before);
  });

  it('refuses a folder without exactly one source file, and an unknown language', () => {
    const files = smallBooklet();
    files.uk!.source = true;
    const dir = makeBookletsDir({ rights: files });
    fs.writeFileSync(path.join(dir, 'rights', 'xx.md'), 'x');
    const db = openDatabase(':memory:');
    expect(() => importBooklets(new BookletRepository(db), dir, dir)).toThrow(
      /rights:0: exactly one file must say "source: true" \(found 2\)/,
    );
    expect(() => importBooklets(new BookletRepository(db), dir, dir)).toThrow(
      /rights\/xx.md:0: file name must be the code of a language of the service/,
    );
  });
});

describe('readers see changes made by another process', () => {
  it('a cached booklet is read again (within a few milliseconds) after another connection imports new text', async () => {
    const dir = makeBookletsDir({ rights: smallBooklet() });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'db-')), 'booklets.db');
    const server = new BookletService(new BookletRepository(openDatabase(file)), languages);
    const cli = new BookletRepository(openDatabase(file));
    importBooklets(cli, dir);
    expect(server.read('rights', 'en').sections[0]?.body).toContain('You may ask');
    const en = smallBooklet().en!;
    en.sections[0]!.body = 'Changed by the import command.';
    fs.writeFileSync(path.join(dir, 'rights', 'en.md'), sourceFileText(en));
    importBooklets(cli, dir);
    await new Promise((r) => setTimeout(r, 30)); // the server asks SQLite for other commits every 25 ms
    expect(server.read('rights', 'en').sections[0]?.body).toBe('Changed by the import command.');
  });
});
