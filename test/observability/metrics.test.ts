import request from 'supertest';
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
  const sample = new RegExp(`^(${name})(\\{(?:${label}(?:,${label})*)?,?\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|NaN|\\+Inf|-Inf))(?: -?[0-9]+)?$`);
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
    await request(app.handler).get('/booklets/rights/en.pdf?size=a5&layout=booklet');
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
    expect(value(s, 'booklets_render_duration_seconds_count{format="pdf",lang="en",variant="a5-booklet"}')).toBe(1);
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
