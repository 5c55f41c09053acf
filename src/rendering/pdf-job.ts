import crypto from 'node:crypto';
import type { ReadableBooklet } from '../booklets/service';
import { DiskTarget, strongEtag, writeCacheFileSync } from './cache';
import type { LocaleSnapshot, Translator } from '../i18n';
import type { LanguageLookup } from '../i18n/languages';
import { buildLayout } from './layout/build';
import type { LayoutDocument } from './layout/model';
import { renderPdf } from './pdf';
import type { PdfOptions } from './pdf/options';

/** What makes one PDF variant differ from another, apart from the languages. */
export type PdfVariant = Omit<PdfOptions, 'companion'>;

/**
 * One PDF to make, as plain data: the content as readers see it (and the second language of a
 * bilingual edition), the print variant and the public address for the QR code. Small to clone
 * into a worker thread, which lays it out and renders it there, off the event loop.
 */
export interface PdfJob {
  content: ReadableBooklet;
  companion?: ReadableBooklet;
  variant: PdfVariant;
  baseUrl: string;
  /** The languages and published interface strings, for a render thread to translate with. */
  locale: LocaleSnapshot;
  /** Where the disk cache keeps this PDF: a render thread writes it there itself. */
  store?: DiskTarget;
}

/**
 * A PDF as a render thread hands it back: the bytes, their strong ETag, and whether they were written
 * to the disk cache (`PdfJob.store`) — work done in the thread rather than on the event loop.
 */
export interface RenderedPdf {
  body: Buffer;
  etag: string;
  stored: boolean;
}

/** How a job is translated: the interface strings and the languages (the job's own, in a thread). */
export interface RenderLocale {
  translator: Translator;
  languages: LanguageLookup;
}

/** Renders a laid-out document (the pdfkit renderer; tests pass a stand-in). */
export type LayoutPdfRenderer = (doc: LayoutDocument, options: PdfOptions) => Promise<Buffer>;

/** Renders a job wherever it runs: in-process (the bytes), or in a worker thread of the pool. */
export type PdfJobRenderer = (job: PdfJob) => Promise<Buffer | RenderedPdf>;

/**
 * Renders a job and, when it says where, writes the disk cache's copy before handing the bytes back
 * (render threads and render processes), so that the document is on disk as soon as it is answered.
 */
export async function renderAndStore(job: PdfJob, locale: RenderLocale): Promise<RenderedPdf> {
  const pdf = await renderJob(job, locale);
  // The bytes must fill an ArrayBuffer of their own, so that a thread can hand that buffer over
  // without copying it. A PDF's do (Buffer.concat gives anything over 4 KB its own); a smaller
  // buffer may be a slice of Node's shared pool, and is copied.
  const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  const body = own ? pdf : Buffer.from(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength));
  const etag = strongEtag(body);
  const stored = job.store ? writeCacheFileSync(job.store, 'application/pdf', body, etag) : false;
  return { body, etag, stored };
}

/** Content -> layout -> PDF. The one path every PDF takes, in the worker pool or in-process. */
export function renderJob(job: PdfJob, locale: RenderLocale, render: LayoutPdfRenderer = renderPdf): Promise<Buffer> {
  const layout = (content: ReadableBooklet): LayoutDocument => layoutOf(content, locale, job.baseUrl);
  const options: PdfOptions = job.companion ? { ...job.variant, companion: layout(job.companion) } : job.variant;
  return render(layout(job.content), options);
}

/** Layouts made lately, per translator, by a digest of everything they are made from. */
const layouts = new WeakMap<Translator, Map<string, LayoutDocument>>();
const MAX_LAYOUTS = 32;

/**
 * The layout of `content`, made once for all the print variants asked for (A4, A5, Letter, folded,
 * archive, the companion of a bilingual edition): making it takes 1.5–4 ms (interface strings, dates,
 * markdown), finding it again a hash of the content. The key is the content itself (as JSON) and
 * the public address, so a layout is never reused for anything else. Renderers never modify it.
 */
function layoutOf(content: ReadableBooklet, { translator, languages }: RenderLocale, baseUrl: string): LayoutDocument {
  let made = layouts.get(translator);
  if (!made) {
    made = new Map();
    layouts.set(translator, made);
  }
  const key = crypto.createHash('sha256').update(baseUrl).update('\u0000').update(JSON.stringify(content)).digest('base64');
  let doc = made.get(key);
  if (!doc) {
    doc = buildLayout(content, translator.t(content.lang), { baseUrl, languages });
    if (made.size >= MAX_LAYOUTS) made.delete(made.keys().next().value as string);
    made.set(key, doc);
  }
  return doc;
}
