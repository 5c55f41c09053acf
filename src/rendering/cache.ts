import crypto from 'node:crypto';

/** A rendered output, kept as bytes with its strong ETag computed once. */
export interface RenderedOutput {
  body: Buffer;
  etag: string;
  contentType: string;
}

/** Wraps bytes as a cacheable output; the ETag is a hash of the bytes (strong validator). */
export function toOutput(body: Buffer, contentType: string): RenderedOutput {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, etag, contentType };
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

  constructor(private readonly maxBytes: number) {}

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
      this.renders++;
      const output = await make();
      this.store(key, output);
      return output;
    })();
    this.pending.set(key, promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(key);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
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
