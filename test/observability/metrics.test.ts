import request from 'supertest';
import { Counter, Histogram, Registry } from 'prom-client';
import { Metrics } from '../../src/observability/metrics';
import { observedApp, settle } from './support';

const TOKEN = 'metrics-token-0123456789abcdef';

/**
 * Checks the Prometheus text exposition format line by line and returns the samples as
 * "name{labels}" -> value. Every non-comment line must be a sample; every sample's family must
 * have been declared by # TYPE before it.
 */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  const sample = new RegExp(
    `^(${name})(\\{(?:${label}(?:,${label})*)?,?\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|NaN|\\+Inf|-Inf))(?: -?[0-9]+)?$`,
  );
  const lines = text.split('\n');
  expect(lines[lines.length - 1]).toBe('');
  for (const line of lines.slice(0, -1)) {
    if (line === '') continue; // empty lines are allowed and ignored
    if (line.startsWith('# HELP ')) {
      expect(line).toMatch(new RegExp(`^# HELP ${name} .*$`));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const m = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
      expect({ line, valid: m !== null }).toEqual({ line, valid: true });
      types.set(m![1]!, m![2]!);
      continue;
    }
    const m = sample.exec(line);
    expect({ line, valid: m !== null }).toEqual({ line, valid: true });
    const family = m![1]!.replace(/_(bucket|sum|count|total|created)$/, '');
    expect({ line, declared: types.has(m![1]!) || types.has(family) }).toEqual({ line, declared: true });
    samples.set(`${m![1]}${m![2] ?? ''}`, Number(m![3]));
  }
  return samples;
}

function value(samples: Map<string, number>, prefix: string): number | undefined {
  for (const [k, v] of samples) if (k === prefix) return v;
  return undefined;
}

describe('/metrics', () => {
  it('is valid Prometheus text with request, render, cache and pool figures after a render', async () => {
    const app = observedApp({}, { poolStats: () => ({ queued: 3, threads: 2 }), processMetrics: true });
    await request(app.handler).get('/booklets/rights/uk');
    await request(app.handler).get('/booklets/rights/uk');
    await request(app.handler).get('/booklets/rights/en.pdf');
    await request(app.handler).get('/booklets/rights/en.pdf');
    await request(app.handler).get('/booklets/rights/en.pdf?layout=booklet');
    await request(app.handler).get('/booklets/rights/en.pdf?with=uk');
    await request(app.handler).get('/booklets/no-such-booklet/en');
    await request(app.handler).get('/no/such/page/at/all');
    await request(app.handler).get('/API/V1/booklets');
    await settle();
    const res = await request(app.handler).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const s = parseExposition(res.text);

    expect(value(s, 'booklets_render_duration_seconds_count{format="pdf",lang="en",variant="a4"}')).toBe(1);
    expect(value(s, 'booklets_render_duration_seconds_count{format="pdf",lang="en",variant="a4-booklet"}')).toBe(1);
    expect(value(s, 'booklets_render_duration_seconds_count{format="pdf",lang="en",variant="a4-bilingual"}')).toBe(1);
    expect(value(s, 'booklets_render_duration_seconds_count{format="html",lang="uk",variant="page"}')).toBe(1);
    expect(value(s, 'booklets_render_duration_seconds_bucket{le="+Inf",format="pdf",lang="en",variant="a4"}')).toBe(1);

    const hits = value(s, 'booklets_render_cache_requests_total{result="memory"}') ?? 0;
    const misses = value(s, 'booklets_render_cache_requests_total{result="render"}') ?? 0;
    expect(misses).toBe(app.deps.render.cache.renders);
    expect(hits).toBe(app.deps.render.cache.hits);
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(value(s, 'booklets_hot_responses_total')).toBe(1);
    expect(value(s, 'booklets_render_cache_entries')).toBe(app.deps.render.cache.size.entries);
    expect(value(s, 'booklets_pdf_pool_queue_size')).toBe(3);
    expect(value(s, 'booklets_pdf_pool_threads')).toBe(2);
    expect(value(s, 'booklets_downloads_total{format="pdf"}')).toBe(2);

    expect(value(s, 'http_requests_total{method="GET",route="/booklets/:slug/:file",status="200"}')).toBe(6);
    expect(value(s, 'http_requests_total{method="GET",route="/booklets/:slug/:file",status="404"}')).toBe(1);
    expect(value(s, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(value(s, 'http_requests_total{method="GET",route="/api/v1/booklets",status="200"}')).toBe(1);
    expect(value(s, 'http_request_duration_seconds_count{method="GET",route="/booklets/:slug/:file"}')).toBe(7);
    expect(value(s, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Route labels are patterns: no raw path, slug or query ever becomes a label value.
    for (const key of s.keys()) expect(key).not.toMatch(/rights|no-such|such\/page|size=|API/);
  });

  it('keeps a registry per app instance', async () => {
    const a = observedApp();
    const b = observedApp();
    await request(a.handler).get('/healthz');
    await request(a.handler).get('/healthz');
    await settle();
    const sa = parseExposition((await request(a.handler).get('/metrics')).text);
    const sb = parseExposition((await request(b.handler).get('/metrics')).text);
    expect(value(sa, 'http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(2);
    expect(value(sb, 'http_requests_total{method="GET",route="/healthz",status="200"}')).toBeUndefined();
  });

  it('answers only local connections by default, not requests forwarded by a proxy', async () => {
    const app = observedApp();
    expect((await request(app.handler).get('/metrics')).status).toBe(200);
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
      const res = await request(app.handler).get('/metrics').set(header, '203.0.113.9');
      expect([header, res.status, res.text.includes('http_requests_total')]).toEqual([header, 404, false]);
    }
  });

  it('is not served at all when switched off', async () => {
    const app = observedApp({ metrics: { access: 'off' } });
    const res = await request(app.handler).get('/metrics');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('needs the token when one is configured', async () => {
    const app = observedApp({ metrics: { access: 'public', token: TOKEN } });
    const none = await request(app.handler).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="/);
    expect(none.body.detail).toMatch(/METRICS_TOKEN/);
    expect((await request(app.handler).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    const ok = await request(app.handler).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).set('X-Forwarded-For', '203.0.113.9');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE http_requests_total counter');
    await settle();
    expect(app.text()).not.toContain(TOKEN);
  });
});

describe('request figures tallied without prom-client on the request path', () => {
  it("read exactly as prom-client's own counter and histogram would show them", async () => {
    const ours = new Metrics({ processMetrics: false });
    const reference = new Registry();
    const counter = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [reference],
    });
    const histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [reference],
    });
    const requests: [string, string, number, number][] = [
      ['GET', '/booklets/:slug/:file', 200, 0.0004],
      ['GET', '/booklets/:slug/:file', 200, 0.001], // on a bucket's bound: counted in it
      ['GET', '/booklets/:slug/:file', 304, 0.0031],
      ['GET', '/booklets/:slug/:file', 404, 0.2],
      ['HEAD', '/booklets/:slug/:file', 200, 12], // above the last bound: only in +Inf
      ['POST', '/api/v1/booklets/:slug/translations/:lang', 422, 0.05],
      ['OTHER', 'unmatched', 405, 0.0000001],
    ];
    for (const [method, route, status, seconds] of requests) {
      ours.observeRequest(method, route, status, seconds);
      counter.inc({ method, route, status: String(status) });
      histogram.observe({ method, route }, seconds);
    }
    const family = (text: string, name: string): string[] =>
      text
        .split('\n\n')
        .find((block) => block.includes(`# TYPE ${name} `))!
        .split('\n')
        .filter(Boolean)
        .sort();
    const text = (await ours.exposition()).body;
    const expected = await reference.metrics();
    for (const name of ['http_requests_total', 'http_request_duration_seconds']) {
      expect(family(text, name)).toEqual(family(expected, name));
    }
    expect(parseExposition(text).get('http_request_duration_seconds_bucket{le="0.001",method="GET",route="/booklets/:slug/:file"}')).toBe(
      2,
    );
  });
});
