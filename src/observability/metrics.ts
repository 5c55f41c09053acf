import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Figures of the worker pool that renders PDFs. */
export interface PoolStats {
  /** Jobs waiting for a free thread. */
  queued: number;
  /** Threads running. */
  threads: number;
}

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

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RENDER_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Prometheus metrics of one app instance, in its own registry (never the global one, so
 * several instances — tests — do not collide). Every label has a bounded set of values: route
 * patterns (never raw paths), known methods, status codes, languages of the service, variants.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly renders: Histogram<'format' | 'lang' | 'variant'>;
  private readonly downloads: Counter<'format'>;
  private cache?: () => CacheFigures;
  private hot?: () => number;
  private pool?: () => PoolStats;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: SECONDS,
      registers,
    });
    this.renders = new Histogram({
      name: 'booklets_render_duration_seconds',
      help: 'Time to render a document (cache misses only), by format, language and variant',
      labelNames: ['format', 'lang', 'variant'],
      buckets: RENDER_SECONDS,
      registers,
    });
    this.downloads = new Counter({
      name: 'booklets_downloads_total',
      help: 'Complete downloads of booklet pages and files, by format (see also GET /api/v1/stats/downloads)',
      labelNames: ['format'],
      registers,
    });
    const self = this;
    new Counter({
      name: 'booklets_render_cache_requests_total',
      help: 'Lookups in the render cache by result: memory and disk are hits, render is a miss',
      labelNames: ['result'],
      registers,
      collect() {
        const figures = self.cache?.();
        this.reset();
        if (!figures) return;
        this.inc({ result: 'memory' }, figures.hits);
        this.inc({ result: 'disk' }, figures.diskHits);
        this.inc({ result: 'render' }, figures.renders);
      },
    });
    new Gauge({
      name: 'booklets_render_cache_bytes',
      help: 'Bytes of rendered documents held in memory',
      registers,
      collect() {
        this.set(self.cache?.().bytes ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_render_cache_entries',
      help: 'Rendered documents held in memory',
      registers,
      collect() {
        this.set(self.cache?.().entries ?? 0);
      },
    });
    new Counter({
      name: 'booklets_hot_responses_total',
      help: 'Rendered PDFs served by the hot path, before the application (also cache hits)',
      registers,
      collect() {
        this.reset();
        this.inc(self.hot?.() ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_pdf_pool_queue_size',
      help: 'PDF render jobs waiting for a worker thread',
      registers,
      collect() {
        this.set(self.pool?.().queued ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_pdf_pool_threads',
      help: 'Worker threads of the PDF render pool',
      registers,
      collect() {
        this.set(self.pool?.().threads ?? 0);
      },
    });
  }

  /** One answered request. `route` must be a pattern ("/booklets/:slug/:file") or "unmatched". */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const m = KNOWN_METHODS.has(method) ? method : 'OTHER';
    this.requests.inc({ method: m, route, status: String(status) });
    this.duration.observe({ method: m, route }, seconds);
  }

  /** One render (a cache miss). `format`: pdf or html; `variant`: e.g. "a4", "a5-booklet", "page". */
  observeRender(format: string, lang: string, variant: string, seconds: number): void {
    this.renders.observe({ format, lang, variant }, seconds);
  }

  /** One complete download (see downloads.ts for what counts). */
  observeDownload(format: string): void {
    this.downloads.inc({ format });
  }

  /** Where the cache figures come from (the latest call wins). */
  watchCache(figures: () => CacheFigures): void {
    this.cache = figures;
  }

  watchHotPath(hits: () => number): void {
    this.hot = hits;
  }

  /** The PDF worker pool, when the service runs one (server.ts); without it the gauges read 0. */
  watchPool(stats: () => PoolStats): void {
    this.pool = stats;
  }

  /** The exposition text, and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
