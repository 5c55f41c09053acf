import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Counters of the render cache (RenderCache keeps them). */
export interface CacheFigures {
  /** Served from memory. */
  hits: number;
  /** Read back from the disk cache. */
  diskHits: number;
  /** Actually rendered. */
  renders: number;
  entries: number;
  bytes: number;
}

/** A rendered output, kept as bytes with its strong ETag computed once. */
export interface RenderedOutput {
  body: Buffer;
  etag: string;
  contentType: string;
  /** Already written to the disk cache by whoever made it (a render thread), so the cache does not. */
  stored?: boolean;
}

/** The strong ETag of bytes: a hash of them. */
export function strongEtag(body: Uint8Array): string {
  return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Wraps bytes as a cacheable output; the ETag is a hash of the bytes (strong validator). */
export function toOutput(body: Buffer, contentType: string, etag: string = strongEtag(body)): RenderedOutput {
  return { body, etag, contentType };
}

/** Where the disk cache keeps the output of one key (see RenderCache.diskTarget). */
export interface DiskTarget {
  dir: string;
  key: string;
}

const KEY = /^[0-9a-f]{64}$/;

/** The file of a cached output: a header line (cacheHeader), then the bytes. */
function cacheFile(target: DiskTarget): string {
  return path.join(target.dir, `${target.key}.bin`);
}

/**
 * The first line of a cache file: the content type and the ETag of the bytes that follow. The ETag
 * is checked when the file is read, so a file torn by a crash or power loss is never served (under a
 * year-long URL) as if it were whole.
 */
function cacheHeader(contentType: string, etag: string): Buffer {
  return Buffer.from(`${contentType}\t${etag}\n`);
}

/** Temporary files of writes in progress: unique per write, so that two writes never share one. */
function temporaryFile(file: string): string {
  return `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Writes an output into the disk cache, atomically (a temporary file, then rename) and synchronously:
 * for render threads, which keep their outputs themselves so that the event loop serving downloads
 * does not copy and write them. False when it could not be written; the cache then writes it from
 * the event loop (RenderCache.get), as it does for everything rendered there.
 */
export function writeCacheFileSync(target: DiskTarget, contentType: string, body: Uint8Array, etag: string = strongEtag(body)): boolean {
  if (!KEY.test(target.key)) return false;
  const file = cacheFile(target);
  const tmp = temporaryFile(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      // With a descriptor, writeFileSync writes on from the current position until all is written.
      fs.writeFileSync(fd, cacheHeader(contentType, etag));
      fs.writeFileSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Left for trimDisk, which removes stale temporary files.
    }
    return false;
  }
}

/**
 * A byte-bounded LRU of rendered outputs, with in-flight de-duplication: concurrent requests for the
 * same missing key share one render.
 */
export class RenderCache {
  private readonly entries = new Map<string, RenderedOutput>();
  private readonly pending = new Map<string, Promise<RenderedOutput>>();
  private bytes = 0;
  /** Number of renders actually performed (misses), for tests and metrics. */
  renders = 0;
  hits = 0;
  diskHits = 0;
  private writes = 0;

  /**
   * @param maxBytes memory bound of the LRU
   * @param dir optional folder that keeps outputs across restarts (bounded to `maxDiskFiles`)
   */
  constructor(
    private readonly maxBytes: number,
    private readonly dir?: string,
    private readonly maxDiskFiles = 2000,
  ) {
    if (dir) fs.mkdirSync(dir, { recursive: true });
  }

  /** The cached output for key, rendering it with `make` on a miss. */
  async get(key: string, make: () => Promise<RenderedOutput> | RenderedOutput): Promise<RenderedOutput> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
      return hit;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const promise = (async () => {
      const stored = await this.readDisk(key);
      if (stored) {
        this.diskHits++;
        this.store(key, stored);
        return stored;
      }
      this.renders++;
      const output = await make();
      this.store(key, output);
      this.track(output.stored ? this.written() : this.writeDisk(key, output));
      return output;
    })();
    this.pending.set(key, promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(key);
    }
  }

  /**
   * The output held in memory for `key`, marked as recently used; never reads the disk or renders
   * (the hot path, which keeps no bodies of its own).
   */
  peek(key: string): RenderedOutput | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /**
   * Whether `key` can be answered without rendering: held in memory, being made by a request in
   * flight, or kept on disk (one existence check).
   */
  has(key: string): boolean {
    if (this.entries.has(key) || this.pending.has(key)) return true;
    return this.dir !== undefined && KEY.test(key) && fs.existsSync(this.file(key));
  }

  /** Its counters and what it holds, as /metrics shows them. */
  figures(): CacheFigures {
    return { hits: this.hits, diskHits: this.diskHits, renders: this.renders, ...this.size };
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * Where the output of `key` belongs on disk, for a renderer that writes it there itself
   * (writeCacheFileSync) and marks it as stored; undefined when this cache keeps nothing on disk.
   */
  diskTarget(key: string): DiskTarget | undefined {
    return this.dir && KEY.test(key) ? { dir: this.dir, key } : undefined;
  }

  private file(key: string): string {
    return cacheFile({ dir: this.dir as string, key });
  }

  /**
   * The output kept on disk, if any. A damaged, torn or unreadable file (its bytes do not match the
   * ETag written with them) counts as a miss, and is rendered and written again.
   */
  private async readDisk(key: string): Promise<RenderedOutput | undefined> {
    if (!this.dir || !KEY.test(key)) return undefined;
    const file = this.file(key);
    // Most lookups that reach the disk are renders to come: a failed asynchronous open built an
    // error with its stack and took a trip through the thread pool, on the event loop that serves
    // downloads. The check is one system call.
    if (!fs.existsSync(file)) return undefined;
    try {
      const data = await fs.promises.readFile(file);
      const newline = data.indexOf(10);
      if (newline <= 0 || newline > 300) return undefined;
      const [contentType = '', etag = ''] = data.subarray(0, newline).toString('utf8').split('\t');
      const output = toOutput(data.subarray(newline + 1), contentType);
      return contentType !== '' && output.etag === etag ? output : undefined;
    } catch {
      return undefined;
    }
  }

  /** Disk writes (and trims) under way: answers never wait for them, `diskIdle()` does. */
  private readonly pendingDisk = new Set<Promise<void>>();

  private track(work: Promise<void>): void {
    const done = work.catch(() => undefined).finally(() => this.pendingDisk.delete(done));
    this.pendingDisk.add(done);
  }

  /** Resolves when every disk write and trim started so far has finished (tests, shutdown). */
  async diskIdle(): Promise<void> {
    while (this.pendingDisk.size > 0) await Promise.all([...this.pendingDisk]);
  }

  /** Writes atomically (temporary file, then rename); failures only cost a later re-render. */
  private async writeDisk(key: string, output: RenderedOutput): Promise<void> {
    if (!this.dir || !KEY.test(key)) return;
    const tmp = temporaryFile(this.file(key));
    try {
      const handle = await fs.promises.open(tmp, 'w');
      try {
        // Two buffers in one call: the body is not copied.
        const head = cacheHeader(output.contentType, output.etag);
        const { bytesWritten } = await handle.writev([head, output.body]);
        if (bytesWritten !== head.length + output.body.length) throw new Error('short write');
      } finally {
        await handle.close();
      }
      await fs.promises.rename(tmp, this.file(key));
    } catch {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      return;
    }
    await this.written();
  }

  /** Counts a file written to the disk cache, and trims the folder every 50 files. */
  private async written(): Promise<void> {
    if (++this.writes % 50 !== 0) return;
    await this.trimDisk().catch(() => undefined);
  }

  /**
   * Keeps the newest `maxDiskFiles` outputs, and removes temporary files older than ten minutes (left
   * by a write that was killed half-way).
   */
  private async trimDisk(): Promise<void> {
    const dir = this.dir as string;
    const all = await fs.promises.readdir(dir);
    const stale = Date.now() - 10 * 60 * 1000;
    for (const n of all.filter((name) => name.endsWith('.tmp'))) {
      const file = path.join(dir, n);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < stale) await fs.promises.rm(file, { force: true }).catch(() => undefined);
    }
    const names = all.filter((n) => n.endsWith('.bin'));
    if (names.length <= this.maxDiskFiles) return;
    const stats = await Promise.all(names.map(async (n) => ({ n, t: (await fs.promises.stat(path.join(dir, n))).mtimeMs })));
    stats.sort((a, b) => a.t - b.t);
    for (const { n } of stats.slice(0, stats.length - this.maxDiskFiles)) await fs.promises.rm(path.join(dir, n), { force: true });
  }

  private store(key: string, output: RenderedOutput): void {
    if (output.body.length > this.maxBytes) return;
    this.entries.set(key, output);
    this.bytes += output.body.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.body.length;
    }
  }
}

/** A cache key: a hash of everything the output depends on. */
export function cacheKey(parts: readonly (string | number)[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
