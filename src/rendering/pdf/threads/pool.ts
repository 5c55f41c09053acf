import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { AppError } from '../../../errors';
import { ROOT } from '../../../paths';
import type { PdfJob, RenderedPdf } from '../../pdf-job';
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
   * Nice value of the render threads (Linux; 0 = normal priority; default 10). The event loop
   * serving downloads comes first, yet renders keep a share of the CPU and cannot starve.
   */
  niceness?: number;
  /** Jobs that may wait for a thread (default 256); beyond them a render is refused with 503 at once. */
  maxQueue?: number;
}

/** A render refused because the pool's queue is full: 503, to try again shortly. */
export class PoolBusyError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super('busy', 'Too many documents are being made right now. Try again in a few seconds.', [], { retryAfter: retryAfterSeconds });
    this.name = 'PoolBusyError';
  }
}

const MAX_QUEUE = 256;

const DEFAULT_NICENESS = 10;

/**
 * A pool of worker threads that render PDFs, so a render never blocks the event loop that serves
 * pages and downloads. The worker is the compiled worker.js next to this file (dist/); `workerFile`
 * overrides it.
 */
export function createPdfPool(options: PdfPoolOptions = {}): PdfPool {
  const threads = options.threads ?? defaultThreads();
  const filename = options.workerFile ?? compiledWorker();
  const maxQueue = options.maxQueue ?? MAX_QUEUE;
  const pool = new Piscina({
    filename,
    // Every thread stays, once started: a thread that has rendered keeps its fonts, shaped words and
    // optimized code, and a new one pays 1–2 s for its first PDF (with threads: 2, after a quiet
    // minute a 60-s idle timeout had stopped one: the next two PDFs at once took 1.8 s and 3.7 s
    // instead of 50–75 ms).
    minThreads: threads,
    maxThreads: threads,
    maxQueue,
    workerData: { niceness: options.niceness ?? DEFAULT_NICENESS },
  });
  return {
    async render(job) {
      // Bounded queue: under a flood, readers get a clear 503 instead of unbounded waiting and memory.
      if (pool.queueSize >= maxQueue) throw new PoolBusyError(5);
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
  const built = path.join(ROOT, 'dist', path.relative(ROOT, __dirname), 'worker.js');
  if (!fs.existsSync(built)) throw new Error(`PDF worker not built: run "npm run build" (looked for ${built})`);
  return built;
}
