import fs from 'node:fs';
import os from 'node:os';
import { move, workerData } from 'piscina';
import { createTranslator, Translator } from '../../i18n';
import { LOCALES_DIR } from '../../paths';
import { PdfJob, renderJob } from '../pdf-job';

/**
 * Renders are background work: downloads and pages served by the main thread come first. On Linux
 * a thread has its own nice value (setpriority on the thread id), so this thread gives way to the
 * event loop whenever both want a core. Elsewhere the priority stays as it is.
 */
function lowerThreadPriority(niceness: number): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, niceness);
  } catch {
    // Not Linux, or not permitted: renders run at normal priority.
  }
}

const niceness = (workerData as { niceness?: number } | undefined)?.niceness;
if (typeof niceness === 'number' && niceness > 0) lowerThreadPriority(niceness);

let translator: Translator | undefined;

/**
 * Worker-thread entry of the render pool: lays out and renders one job, and hands the bytes back
 * without copying them (the buffer is transferred). Fonts and interface strings stay loaded in this
 * thread between jobs.
 */
export default async function renderInWorker(job: PdfJob): Promise<Uint8Array> {
  translator ??= createTranslator(LOCALES_DIR);
  const pdf = await renderJob(job, translator);
  const bytes = new Uint8Array(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength));
  return move(bytes) as Uint8Array;
}
