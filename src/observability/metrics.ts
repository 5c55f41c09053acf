import { collectDefaultMetrics, Counter, Gauge, Histogram, Metric, MetricValueWithName, Registry } from 'prom-client';
import type { CacheFigures } from '../rendering/cache';

/** Who may read /metrics: nobody, local connections only (default), or anyone. */
export const METRICS_ACCESS = ['off', 'loopback', 'public'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS)[number];

/** Figures of the worker pool that renders PDFs. */
export interface PoolStats {
  /** Jobs waiting for a free thread. */
  queued: number;
  /** Threads running. */
  threads: number;
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
  private readonly requests = new RequestTally();
  private readonly renders: Histogram<'format' | 'lang' | 'variant'>;
  /** Complete downloads by format, handed to Prometheus when it reads (like the request tally). */
  private readonly downloads = new Map<string, number>();
  private cache?: () => CacheFigures;
  private hot?: () => number;
  private pool?: () => PoolStats;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const requests = this.requests;
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
      collect() {
        this.reset();
        for (const series of requests.series.values()) {
          for (const [status, count] of series.statuses) this.inc({ method: series.method, route: series.route, status }, count);
        }
      },
    });
    this.registry.registerMetric(requests.durationMetric() as unknown as Metric);
    this.renders = new Histogram({
      name: 'booklets_render_duration_seconds',
      help: 'Time to render a document (cache misses only), by format, language and variant',
      labelNames: ['format', 'lang', 'variant'],
      buckets: RENDER_SECONDS,
      registers,
    });
    // prom-client calls collect() with the metric as `this`; the figures come from this instance.
    const source = { downloads: this.downloads, cache: () => this.cache?.(), hot: () => this.hot?.(), pool: () => this.pool?.() };
    new Counter({
      name: 'booklets_downloads_total',
      help: 'Complete downloads of booklet pages and files, by format (see also GET /api/v1/stats/downloads)',
      labelNames: ['format'],
      registers,
      collect() {
        this.reset();
        for (const [format, count] of source.downloads) this.inc({ format }, count);
      },
    });
    new Counter({
      name: 'booklets_render_cache_requests_total',
      help: 'Lookups in the render cache by result: memory and disk are hits, render is a miss',
      labelNames: ['result'],
      registers,
      collect() {
        const figures = source.cache();
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
        this.set(source.cache()?.bytes ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_render_cache_entries',
      help: 'Rendered documents held in memory',
      registers,
      collect() {
        this.set(source.cache()?.entries ?? 0);
      },
    });
    new Counter({
      name: 'booklets_hot_responses_total',
      help: 'Rendered PDFs served by the hot path, before the application (also cache hits)',
      registers,
      collect() {
        this.reset();
        this.inc(source.hot() ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_pdf_pool_queue_size',
      help: 'PDF render jobs waiting for a worker thread',
      registers,
      collect() {
        this.set(source.pool()?.queued ?? 0);
      },
    });
    new Gauge({
      name: 'booklets_pdf_pool_threads',
      help: 'Worker threads of the PDF render pool',
      registers,
      collect() {
        this.set(source.pool()?.threads ?? 0);
      },
    });
  }

  /** One answered request. `route` must be a pattern ("/booklets/:slug/:file") or "unmatched". */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(KNOWN_METHODS.has(method) ? method : 'OTHER', route, status, seconds);
  }

  /** One render (a cache miss). `format`: pdf or html; `variant`: e.g. "a4", "a4-booklet", "page". */
  observeRender(format: string, lang: string, variant: string, seconds: number): void {
    this.renders.observe({ format, lang, variant }, seconds);
  }

  /** One complete download (see downloads.ts for what counts). */
  observeDownload(format: string): void {
    this.downloads.set(format, (this.downloads.get(format) ?? 0) + 1);
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

/** What a prom-client registry reads from a metric (the shape of prom-client's own `get()`). */
interface TallyMetric {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: MetricValueWithName<string>[] }>;
  reset(): void;
}

/** The requests of one method and route pattern. */
interface RequestSeries {
  method: string;
  route: string;
  /** Status code (as text) -> requests answered with it. */
  statuses: Map<string, number>;
  /** Requests per duration bucket (SECONDS, then one above the last bound); not cumulative. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Requests answered, added up in plain maps and read by Prometheus as http_requests_total and
 * http_request_duration_seconds. prom-client's own counter and histogram check and hash the labels
 * on every call: a few microseconds per request, which the hot path (thousands of cached downloads
 * a second on one event loop) felt. Here a request costs a map lookup and two additions; the labels
 * are formatted when Prometheus reads, in the same exposition as prom-client's histogram.
 */
export class RequestTally {
  readonly series = new Map<string, RequestSeries>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = { method, route, statuses: new Map(), buckets: new Array<number>(SECONDS.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const code = String(status);
    series.statuses.set(code, (series.statuses.get(code) ?? 0) + 1);
    let bucket = 0;
    while (bucket < SECONDS.length && seconds > (SECONDS[bucket] as number)) bucket++;
    series.buckets[bucket] = (series.buckets[bucket] as number) + 1;
    series.sum += seconds;
    series.count++;
  }

  /** The duration histogram as a metric of a prom-client registry (registerMetric). */
  durationMetric(): TallyMetric {
    const name = 'http_request_duration_seconds';
    const help = 'Time from receiving a request to the end of its response, by method and route pattern';
    return {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      get: () => {
        const values: MetricValueWithName<string>[] = [];
        for (const s of this.series.values()) {
          const labels = { method: s.method, route: s.route };
          let cumulative = 0;
          SECONDS.forEach((le, i) => {
            cumulative += s.buckets[i] as number;
            values.push({ metricName: `${name}_bucket`, labels: { le, ...labels }, value: cumulative });
          });
          values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: s.count });
          values.push({ metricName: `${name}_sum`, labels, value: s.sum });
          values.push({ metricName: `${name}_count`, labels, value: s.count });
        }
        return Promise.resolve({ name, help, type: 'histogram' as const, aggregator: 'sum' as const, values });
      },
      reset: () => this.series.clear(),
    };
  }
}
