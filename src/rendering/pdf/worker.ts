import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { createTranslator, Translator } from '../../i18n';
import { LOCALES_DIR } from '../../paths';
import { PdfJob, renderAndStore } from '../pdf-job';

/** util-linux's chrt (every Debian and Ubuntu system has it), which sets a thread's scheduling class. */
const CHRT = ['/usr/bin/chrt', '/bin/chrt'].find((p) => fs.existsSync(p));

/**
 * Renders are background work: downloads and pages served by the main thread come first. On Linux
 * a thread has its own priority, so this thread lowers its own: a nice value (setpriority on the
 * thread id), and then, where chrt is installed, the SCHED_IDLE scheduling class, under which a
 * waking event loop takes the core from a render at once instead of after the render's time slice.
 * Either is allowed without privileges (only lowering). Elsewhere the priority stays as it is.
 */
function lowerThreadPriority(niceness: number, idle: boolean): void {
  let tid: number;
  try {
    tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    if (!Number.isInteger(tid) || tid <= 0) return;
    if (niceness > 0) os.setPriority(tid, niceness);
  } catch {
    return; // not Linux, or not permitted: renders run at normal priority
  }
  if (!idle || !CHRT) return;
  try {
    execFileSync(CHRT, ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
  } catch {
    // Not permitted (a restricted container): the nice value still applies.
  }
}

const data = workerData as { niceness?: number; idle?: boolean } | undefined;
lowerThreadPriority(data?.niceness ?? 0, data?.idle ?? false);

let translator: Translator | undefined;

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
  translator ??= createTranslator(LOCALES_DIR);
  const { body: pdf, etag, stored } = await renderAndStore(job, translator);
  // A view of its own ArrayBuffer (renderAndStore copied the bytes into one), which can be moved.
  const body = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const result: WorkerResult = { body, etag, stored };
  // Piscina's Transferable protocol: the result is cloned, its buffer transferred.
  return move({ [transferableSymbol]: body.buffer, [valueSymbol]: result }) as unknown as WorkerResult;
}
