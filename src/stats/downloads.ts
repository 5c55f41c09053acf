import type { Statement } from 'better-sqlite3';
import type { DB } from '../storage/db';

/** What was downloaded: one booklet in one language and one format. */
export interface Download {
  slug: string;
  lang: string;
  /** html, offline, pdf (A4), or pdf-<variant> such as pdf-booklet, pdf-archive, pdf-bilingual. */
  format: string;
}

export interface DownloadRow extends Download {
  day: string;
  count: number;
}

declare global {
  namespace Express {
    interface Locals {
      /** What a complete answer to this request counts as (set by the booklet file route). */
      download?: Download;
    }
  }
}

/**
 * Whether a finished response counts as a download (of what, the route says: BookletRequest.download).
 * Counted: a GET answered 200, or 206 for a range starting at byte 0 (the start of a resumable
 * download; its later pieces are not counted again). Not counted: HEAD, 304 revalidations,
 * redirects, errors, and responses the client aborted (the caller only asks for finished ones).
 */
export function countsAsDownload(method: string, status: number, contentRange?: string): boolean {
  return method === 'GET' && (status === 200 || (status === 206 && /^bytes 0-/.test(contentRange ?? '')));
}

/**
 * Download counts per day (UTC), booklet, language and format, in SQLite. Downloads are added up
 * in memory and written in one transaction every few seconds (and on stop), so serving a
 * download costs a map update, not a database write.
 */
export class DownloadCounter {
  private pending = new Map<string, number>();
  private day = '';
  private dayStart = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly upsert: Statement;
  private readonly select: Statement;
  private readonly writeAll: (entries: [string, number][]) => void;

  constructor(
    db: DB,
    private readonly now: () => Date = () => new Date(),
    /** Told when counts could not be written (they are kept for the next attempt). */
    private readonly onWriteError?: (err: unknown) => void,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO download_counts (day, slug, lang, format, count) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (day, slug, lang, format) DO UPDATE SET count = count + excluded.count`);
    this.select = db.prepare(`
      SELECT day, slug, lang, format, count FROM download_counts
      WHERE day >= ? AND day <= ? AND (? IS NULL OR slug = ?)
      ORDER BY day, slug, lang, format`);
    this.writeAll = db.transaction((entries: [string, number][]) => {
      for (const [key, count] of entries) this.upsert.run(...key.split('\u0000'), count);
    });
  }

  /** Counts one download (in memory until the next flush). */
  record(download: Download): void {
    const key = [this.today(), download.slug, download.lang, download.format].join('\u0000');
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  /** The current day (UTC) as YYYY-MM-DD: the day downloads are counted under. */
  today(): string {
    const now = this.now();
    const t = now.getTime();
    // Formatting a date per download is the largest cost of counting: reuse it within the day.
    if (t < this.dayStart || t >= this.dayStart + 86_400_000) {
      this.day = now.toISOString().slice(0, 10);
      this.dayStart = Date.parse(`${this.day}T00:00:00Z`);
    }
    return this.day;
  }

  /** Downloads counted but not yet written. */
  get unwritten(): number {
    let n = 0;
    for (const c of this.pending.values()) n += c;
    return n;
  }

  /** Writes the counts gathered so far; on failure they are kept for the next attempt. */
  flush(): void {
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    this.pending = new Map();
    try {
      this.writeAll(entries);
    } catch (err) {
      for (const [key, count] of entries) this.pending.set(key, (this.pending.get(key) ?? 0) + count);
      this.onWriteError?.(err);
    }
  }

  /** Flushes every `intervalMs` until stop(). */
  start(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left (call before closing the database). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  /** Counts between two days (inclusive, YYYY-MM-DD), optionally of one booklet. */
  query(from: string, to: string, slug?: string): DownloadRow[] {
    this.flush();
    return this.select.all(from, to, slug ?? null, slug ?? null) as DownloadRow[];
  }
}
