import fs from 'node:fs';
import path from 'node:path';
import { parseSourceFile, SourceFile, SourceFileError } from '../content/source-file';
import { BookletRepository, LanguageRow } from './repository';
import { AppError } from '../errors';
import { importLanguages, LanguageService } from '../languages/service';
import { SLUG } from '../identifiers';

const IMPORTER = 'import';
/** Source files larger than this are refused: a booklet is text, not a data dump. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ImportProblem {
  file: string;
  line: number;
  message: string;
}

export class ImportError extends Error {
  constructor(public readonly problems: ImportProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'ImportError';
  }
}

export interface ImportSummary {
  booklets: number;
  languages: number;
  newRevisions: number;
  publications: number;
}

interface ParsedBooklet {
  slug: string;
  sourceLang: string;
  files: Map<string, SourceFile>;
}

/**
 * Reads every booklets/<slug>/<lang>.md, validates all of them (including that translations match
 * their source's sections), and only then writes, in one transaction: new revisions only for what
 * changed, and a publication for each published language that changed. Throws ImportError listing
 * every problem as file:line when anything is invalid; the database is then left untouched.
 * `onBooklet` is told after each booklet is written (for a progress bar).
 */
export function importBooklets(
  repo: BookletRepository,
  dir: string,
  displayRoot = process.cwd(),
  onBooklet?: (slug: string, done: number, total: number) => void,
): ImportSummary {
  const booklets = readAll(dir, displayRoot, repo.languageCodes());
  return repo.transaction(() => {
    const summary: ImportSummary = { booklets: 0, languages: 0, newRevisions: 0, publications: 0 };
    booklets.forEach((b, i) => {
      applyBooklet(repo, b, summary);
      onBooklet?.(b.slug, i + 1, booklets.length);
    });
    return summary;
  });
}

/**
 * A booklets folder as a whole: first the languages its `languages.json` brings (those the service
 * lacks are added, see importLanguages), then the booklets (importBooklets). A problem with the
 * languages file is reported like a problem with a booklet file.
 */
export function importCatalog(
  repo: BookletRepository,
  languages: LanguageService,
  dir: string,
  displayRoot = process.cwd(),
  onBooklet?: (slug: string, done: number, total: number) => void,
): ImportSummary & { addedLanguages: string[] } {
  const file = path.join(dir, 'languages.json');
  let addedLanguages: string[];
  try {
    addedLanguages = importLanguages(languages, file, 'import');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    throw new ImportError([{ file: path.relative(displayRoot, file) || file, line: 0, message: e.message.replace(`${file}: `, '') }]);
  }
  return { ...importBooklets(repo, dir, displayRoot, onBooklet), addedLanguages };
}

function readAll(dir: string, displayRoot: string, languages: readonly string[]): ParsedBooklet[] {
  const problems: ImportProblem[] = [];
  const show = (p: string): string => path.relative(displayRoot, p) || p;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ImportError([{ file: show(dir), line: 0, message: 'booklets folder not found' }]);
  }
  const result: ParsedBooklet[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(dir, entry.name);
    if (!SLUG.test(entry.name)) {
      problems.push({ file: show(folder), line: 0, message: 'folder name is the booklet slug: use a-z, 0-9 and "-"' });
      continue;
    }
    const files = new Map<string, SourceFile>();
    for (const name of fs.readdirSync(folder).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = path.join(folder, name);
      const lang = name.slice(0, -3);
      if (!languages.includes(lang)) {
        problems.push({
          file: show(file),
          line: 0,
          message: `file name must be the code of a language of the service: one of ${languages.join(', ')} (add a language with "npm run booklets -- languages add")`,
        });
        continue;
      }
      if (fs.statSync(file).size > MAX_FILE_BYTES) {
        problems.push({ file: show(file), line: 0, message: 'file is larger than 2 MB' });
        continue;
      }
      const bytes = fs.readFileSync(file);
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      if (text.includes('\uFFFD')) {
        problems.push({ file: show(file), line: 0, message: 'file is not valid UTF-8' });
        continue;
      }
      try {
        const parsed = parseSourceFile(text);
        files.set(lang, parsed);
      } catch (e) {
        if (!(e instanceof SourceFileError)) throw e;
        for (const p of e.problems) problems.push({ file: show(file), line: p.line, message: p.message });
      }
    }
    const sources = [...files].filter(([, f]) => f.meta.source);
    if (files.size === 0) continue;
    if (sources.length !== 1) {
      problems.push({
        file: show(folder),
        line: 0,
        message: `exactly one file must say "source: true" (found ${sources.length})`,
      });
      continue;
    }
    const [sourceLang, source] = sources[0] as [string, SourceFile];
    const sourceIds = source.sections.map((s) => s.id);
    for (const [lang, file] of files) {
      if (lang === sourceLang) continue;
      if (file.meta.order !== null) {
        problems.push({
          file: show(path.join(folder, `${lang}.md`)),
          line: file.meta.orderLine ?? 0,
          message: `"order" belongs in the source-language file (${sourceLang}.md): it places the booklet, not one language of it`,
        });
      }
      let cursor = 0;
      for (const section of file.sections) {
        const at = sourceIds.indexOf(section.id);
        if (at === -1) {
          problems.push({
            file: show(path.join(folder, `${lang}.md`)),
            line: section.line,
            message: `section "${section.id}" does not exist in the source (${sourceLang}.md)`,
          });
        } else if (at < cursor) {
          problems.push({
            file: show(path.join(folder, `${lang}.md`)),
            line: section.line,
            message: `section "${section.id}" is out of order: keep the order of ${sourceLang}.md`,
          });
        } else {
          cursor = at + 1;
        }
      }
    }
    result.push({ slug: entry.name, sourceLang, files });
  }
  if (problems.length > 0) throw new ImportError(problems);
  return result;
}

function applyBooklet(repo: BookletRepository, b: ParsedBooklet, summary: ImportSummary): void {
  let booklet = repo.findBooklet(b.slug);
  if (booklet && booklet.sourceLang !== b.sourceLang) {
    throw new ImportError([
      {
        file: b.slug,
        line: 0,
        message: `booklet exists with source language ${booklet.sourceLang}; the files now say ${b.sourceLang}`,
      },
    ]);
  }
  if (!booklet) booklet = repo.createBooklet(b.slug, b.sourceLang);
  summary.booklets++;
  const source = b.files.get(b.sourceLang) as SourceFile;
  // The catalog order comes from the source-language file.
  if (booklet.position !== source.meta.order) repo.setPosition(booklet.id, source.meta.order);
  const sectionIds = repo.placeSections(
    booklet.id,
    source.sections.map((s) => s.id),
  );
  const states = new Map(repo.languages(booklet.id).map((l) => [l.lang, l.state]));
  // The source first, so translations record the source revision they follow.
  const order = [b.sourceLang, ...[...b.files.keys()].filter((l) => l !== b.sourceLang)];
  let sourceLatest = new Map<number, number>();
  for (const lang of order) {
    const file = b.files.get(lang) as SourceFile;
    summary.languages++;
    const latest = new Map(repo.latestRevisions(booklet.id, lang).map((r) => [r.sectionId, r]));
    let changed = false;
    for (const section of file.sections) {
      const sectionId = sectionIds.get(section.id) as number;
      const prev = latest.get(sectionId);
      if (prev && prev.title === section.title && prev.body === section.body) continue;
      const sourceRevisionId = lang === b.sourceLang ? null : (sourceLatest.get(sectionId) ?? null);
      repo.addSectionRevision({
        sectionId,
        lang,
        title: section.title,
        body: section.body,
        sourceRevisionId,
        minor: false,
        createdBy: IMPORTER,
      });
      summary.newRevisions++;
      changed = true;
    }
    const meta = repo.latestMeta(booklet.id, lang);
    const m = file.meta;
    const sample = m.status === 'sample';
    if (
      !meta ||
      meta.title !== m.title ||
      meta.subject !== m.subject ||
      meta.author !== m.author ||
      meta.edition !== m.edition ||
      meta.translator !== m.translator ||
      (meta.sample === 1) !== sample
    ) {
      repo.addMeta({
        bookletId: booklet.id,
        lang,
        title: m.title,
        subject: m.subject,
        author: m.author,
        edition: m.edition,
        translator: m.translator,
        sample,
        createdBy: IMPORTER,
      });
      changed = true;
    }
    const state: LanguageRow['state'] = m.status === 'sample' ? 'published' : m.status;
    if (changed || states.get(lang) !== state) repo.setLanguageState(booklet.id, lang, state);
    const revisions = repo.latestRevisions(booklet.id, lang);
    if (lang === b.sourceLang) sourceLatest = new Map(revisions.map((r) => [r.sectionId, r.revisionId]));
    if (state === 'published' && (changed || !repo.latestPublication(booklet.id, lang))) {
      const metaId = (repo.latestMeta(booklet.id, lang) as { id: number }).id;
      repo.publish(booklet.id, lang, metaId, new Map(revisions.map((r) => [r.sectionId, r.revisionId])), IMPORTER);
      repo.setVisible(booklet.id, lang, true);
      summary.publications++;
    }
  }
}
