import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { PdfJob, RenderedPdf } from '../pdf-job';
import type { WorkerResult } from './worker';

/** Renders PDFs in worker threads. */
export interface PdfPool {
  /** Lays out and renders `job` in a worker thread (which also stores it when the job says where). */
  render(job: PdfJob): Promise<RenderedPdf>;
  /** Jobs waiting for a free thread, and threads running. */
  stats(): { queued: number; threads: number; completed: number };
  /** Lets running renders finish (bounded by the caller), then stops the threads. */
  close(): Promise<void>;
}

/** Threads to use: one per core, leaving one core for the event loop that serves downloads. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

export interface PdfPoolOptions {
  threads?: number;
  workerFile?: string;
  /**
   * Nice value of the render threads (Linux; 0 = normal priority). Renders then never take a core
   * from the event loop serving downloads; they use whatever CPU is left.
   */
  niceness?: number;
  /**
   * Linux: also put the render threads in the SCHED_IDLE scheduling class (with util-linux's chrt),
   * so that they run only on CPU time nothing else wants. Default true.
   */
  idle?: boolean;
}

const DEFAULT_NICENESS = 10;

/**
 * A pool of worker threads that render PDFs, so a render never blocks the event loop that serves
 * pages and downloads. The worker is the compiled worker.js next to this file (dist/); `workerFile`
 * overrides it.
 */
export function createPdfPool(options: PdfPoolOptions = {}): PdfPool {
  const threads = options.threads ?? defaultThreads();
  const filename = options.workerFile ?? compiledWorker();
  const pool = new Piscina({
    filename,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    // Bounded queue: under a flood, callers get an error instead of unbounded memory growth.
    maxQueue: 256,
    workerData: { niceness: options.niceness ?? DEFAULT_NICENESS, idle: options.idle ?? true },
  });
  return {
    async render(job) {
      const { body, etag, stored } = (await pool.run(job)) as WorkerResult;
      return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), etag, stored };
    },
    stats: () => ({ queued: pool.queueSize, threads: pool.threads.length, completed: pool.completed }),
    close: () => pool.close(),
  };
}

function compiledWorker(): string {
  // From src/ (tests, tools) the compiled copy lives under dist/src/.
  const here = path.join(__dirname, 'worker.js');
  if (fs.existsSync(here)) return here;
  const root = path.resolve(__dirname, '..', '..', '..');
  const built = path.join(root, 'dist', 'src', 'rendering', 'pdf', 'worker.js');
  if (!fs.existsSync(built)) throw new Error(`PDF worker not built: run "npm run build" (looked for ${built})`);
  return built;
}
