import fs from 'node:fs';
import os from 'node:os';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { fromSnapshot } from '../../../i18n';
import { LOCALES_DIR } from '../../../paths';
import { PdfJob, RenderLocale, renderAndStore } from '../../pdf-job';

/**
 * Renders are background work: downloads and pages served by the main thread come first. On Linux
 * a thread has its own priority, so this thread lowers its own nice value (setpriority on the
 * thread id; allowed without privileges, as it only lowers). It stays in the normal scheduling
 * class: under load from anything else, a render still gets its share of the CPU and finishes.
 * Elsewhere the priority stays as it is.
 */
function lowerThreadPriority(niceness: number): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    if (Number.isInteger(tid) && tid > 0 && niceness > 0) os.setPriority(tid, niceness);
  } catch {
    // not Linux, or not permitted: renders run at normal priority
  }
}

lowerThreadPriority((workerData as { niceness?: number } | undefined)?.niceness ?? 0);

/** The translator of the latest languages and strings a job brought (rebuilt when they change). */
let locale: { stamp: string; value: RenderLocale } | undefined;

/** What a thread hands back: the bytes (moved, not copied), their ETag, and whether it stored them. */
export interface WorkerResult {
  body: Uint8Array;
  etag: string;
  stored: boolean;
}

/**
 * Worker-thread entry of the render pool: lays out and renders one job, computes the ETag and writes
 * the disk cache's copy (when the job says where), so that the event loop only sends the bytes; hands
 * the bytes back without copying them (the buffer is transferred). Fonts and interface strings stay
 * loaded in this thread between jobs.
 */
export default async function renderInWorker(job: PdfJob): Promise<WorkerResult> {
  if (locale?.stamp !== job.locale.stamp) locale = { stamp: job.locale.stamp, value: fromSnapshot(LOCALES_DIR, job.locale) };
  const { body: pdf, etag, stored } = await renderAndStore(job, locale.value);
  // A view of the bytes' own ArrayBuffer (renderAndStore sees that they have one), which can be moved.
  const body = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const result: WorkerResult = { body, etag, stored };
  // Piscina's Transferable protocol: the result is cloned, its buffer transferred.
  return move({ [transferableSymbol]: body.buffer, [valueSymbol]: result }) as unknown as WorkerResult;
}
