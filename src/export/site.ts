import crypto from 'node:crypto';
import type { AppDeps } from '../app';
import type { ReadableBooklet } from '../booklets/service';
import { DEFAULT_LANGUAGE } from '../i18n/languages';
import { RenderedOutput, toOutput } from '../rendering/cache';
import { STATIC_FILES, staticLinks } from '../rendering/links';
import { forgetDrawnText } from '../rendering/pdf';
import { variantName } from '../rendering/variant';
import { editionOf, PdfRequest } from '../rendering/service';
import { NO_PROGRESS, Progress } from '../cli/progress';
import { Manifest, ManifestFile } from './manifest';
import { ExportTarget } from './target';

/**
 * The print editions exported for every booklet language. All sizes and layouts, the archive
 * profile, and one bilingual edition: each translation facing the source text (the pair a
 * caseworker and a reader share). Other language pairs (up to 30 per booklet) are left to the
 * service's print page, which makes any pair on demand.
 */
export const EXPORT_PDF_EDITIONS: readonly { variant: string; request: Omit<PdfRequest, 'companion'>; withSource?: true }[] = [
  { variant: '', request: { size: 'a4', layout: 'pages', profile: 'accessible' } },
  { variant: 'a5', request: { size: 'a5', layout: 'pages', profile: 'accessible' } },
  { variant: 'letter', request: { size: 'letter', layout: 'pages', profile: 'accessible' } },
  { variant: 'booklet', request: { size: 'a4', layout: 'booklet', profile: 'accessible' } },
  { variant: 'archive', request: { size: 'a4', layout: 'pages', profile: 'archive' } },
  { variant: 'with-source', request: { size: 'a4', layout: 'pages', profile: 'accessible' }, withSource: true },
];

export type ExportDeps = Pick<AppDeps, 'db' | 'booklets' | 'render' | 'html' | 'languages'>;

export interface ExportOptions {
  /** Replace the files of a previous export in a non-empty folder (other files are kept). */
  force?: boolean;
  /** The online service that offline copies and PDFs link to (recorded in the manifest). */
  baseUrl: string;
  /** Called once the number of files is known; defaults to no progress output. */
  progress?: (total: number) => Progress;
  /** Files rendered at the same time (PDF renders run in the worker pool when one is used). */
  concurrency?: number;
  now?: () => Date;
}

export interface ExportSummary {
  dir: string;
  files: number;
  bytes: number;
  pdfs: number;
  booklets: number;
  /** Distinct languages across the exported booklets. */
  languages: number;
  /** Files of the previous export that are no longer produced and were removed (with --force). */
  removed: string[];
  milliseconds: number;
}

interface Job {
  file: Omit<ManifestFile, 'bytes' | 'sha256' | 'contentType'>;
  make: () => Promise<RenderedOutput>;
}

/**
 * Writes the published catalog as a static site: the catalog page in every interface language,
 * every booklet page in every published language, its offline copy, its PDF editions
 * (EXPORT_PDF_EDITIONS), the stylesheet and manifest.json (path, bytes, SHA-256 and edition of
 * every file). Pages link to each other with relative paths that carry file extensions, so the
 * folder works on any plain file server and from file://. The same renderers as the service
 * produce every file. The content is read once, in one read transaction, so every file shows the
 * same editions even if someone publishes during the export.
 */
export async function exportSite(deps: ExportDeps, dir: string, options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const snapshot = deps.db.transaction(() => readSnapshot(deps))();
  const jobs = planJobs(deps, snapshot);
  const target = await ExportTarget.open(dir, { force: options.force === true });
  const progress = (options.progress ?? (() => NO_PROGRESS))(jobs.length);
  const files: ManifestFile[] = [];
  let booklet: string | undefined;
  try {
    await runLimited(jobs, Math.max(1, options.concurrency ?? 4), async (job) => {
      // Each booklet is drawn once: what the renderer keeps of the last one's text (when it renders
      // in this process) would only grow with the catalog.
      if (job.file.slug !== booklet) {
        booklet = job.file.slug;
        forgetDrawnText();
      }
      const output = await job.make();
      await target.write(job.file.path, output.body);
      files.push({
        ...job.file,
        bytes: output.body.length,
        sha256: crypto.createHash('sha256').update(output.body).digest('hex'),
        contentType: output.contentType,
      });
      progress.tick(1, job.file.path);
    });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const manifest: Manifest = {
      format: 1,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      baseUrl: options.baseUrl,
      defaultLanguage: DEFAULT_LANGUAGE,
      booklets: snapshot.booklets.map((b) => ({
        slug: b.slug,
        sourceLang: b.sourceLang,
        languages: b.contents.map((c) => ({ lang: c.lang, title: c.meta.title, edition: editionOf(c), publishedAt: c.publishedAt })),
      })),
      files,
    };
    await target.write(STATIC_FILES.manifest, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
    const removed = await target.commit([...files.map((f) => f.path), STATIC_FILES.manifest]);
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    progress.finish(`${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    return {
      dir: target.dir,
      files: files.length + 1,
      bytes,
      pdfs: files.filter((f) => f.kind === 'pdf').length,
      booklets: snapshot.booklets.length,
      languages: new Set(snapshot.booklets.flatMap((b) => b.contents.map((c) => c.lang))).size,
      removed,
      milliseconds: Date.now() - started,
    };
  } catch (e) {
    await target.abort();
    throw e;
  }
}

interface Snapshot {
  catalog: ReturnType<ExportDeps['booklets']['catalog']>;
  stamp: string;
  booklets: { slug: string; sourceLang: string; contents: ReadableBooklet[] }[];
}

function readSnapshot(deps: ExportDeps): Snapshot {
  const catalog = deps.booklets.catalog();
  return {
    catalog,
    stamp: deps.booklets.catalogStamp(),
    booklets: catalog.map((entry) => ({
      slug: entry.slug,
      sourceLang: entry.sourceLang,
      contents: entry.languages.map((l) => deps.booklets.read(entry.slug, l.lang)),
    })),
  };
}

function planJobs(deps: ExportDeps, snapshot: Snapshot): Job[] {
  const { render, html } = deps;
  const jobs: Job[] = [
    {
      file: { path: STATIC_FILES.css(html.cssHash), kind: 'css' },
      make: () => Promise.resolve(toOutput(Buffer.from(html.css, 'utf8'), 'text/css; charset=utf-8')),
    },
  ];
  for (const code of deps.languages.codes()) {
    const file = STATIC_FILES.catalog(code);
    jobs.push({
      file: { path: file, kind: 'catalog', lang: code },
      make: () => render.catalogHtml(code, snapshot.catalog, snapshot.stamp, staticLinks(file)),
    });
  }
  for (const booklet of snapshot.booklets) {
    const source = booklet.contents.find((c) => c.lang === booklet.sourceLang);
    for (const content of booklet.contents) {
      const { slug, lang } = content;
      const edition = editionOf(content);
      const page = STATIC_FILES.page(slug, lang);
      jobs.push({ file: { path: page, kind: 'page', slug, lang, edition }, make: () => render.bookletHtml(content, staticLinks(page)) });
      jobs.push({
        file: { path: STATIC_FILES.offline(slug, lang), kind: 'offline', slug, lang, edition },
        make: () => render.offlineHtml(content),
      });
      for (const e of EXPORT_PDF_EDITIONS) {
        const companion = e.withSource ? (lang !== booklet.sourceLang ? source : undefined) : undefined;
        if (e.withSource && !companion) continue;
        const request: PdfRequest = companion ? { ...e.request, companion } : { ...e.request };
        const variant = companion ? `with-${companion.lang}` : e.variant;
        jobs.push({
          file: {
            path: STATIC_FILES.pdf(slug, lang, variant),
            kind: 'pdf',
            slug,
            lang,
            edition,
            variant: variantName({ ...e.request, with: companion?.lang }),
          },
          make: () => render.pdf(content, request),
        });
      }
    }
  }
  return jobs;
}

/**
 * Runs `fn` over `items` with at most `limit` at a time. The first failure stops new work; it is
 * thrown once the running calls have settled, so nothing writes after the caller cleans up.
 */
async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
