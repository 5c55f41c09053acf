import path from 'node:path';
import autocannon from 'autocannon';
import { residentBytes, ServerProcess, startServer, tempDir, removeTempDirs } from './server-process';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const CONNECTIONS = 16;
const RSS_LIMIT = 250 * 1024 * 1024;

afterAll(() => removeTempDirs());

describe('load: cached downloads and pages at saturation', () => {
  let server: ServerProcess | undefined;
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it(
    `${SECONDS} s with ${CONNECTIONS} connections: no errors, no 4xx/5xx, RSS under 250 MB`,
    async () => {
      server = await startServer(path.join(tempDir('booklets-load-'), 'booklets.db'));
      const urls = [
        '/',
        '/?lang=uk',
        '/?lang=ar',
        '/booklets/right-to-information/en',
        '/booklets/right-to-information/uk',
        '/booklets/contact-the-ombudsman/fa',
        '/booklets/right-to-information/uk.pdf',
        '/booklets/right-to-information/ar.pdf',
        '/booklets/contact-the-ombudsman/en.pdf',
        '/booklets/contact-the-ombudsman/ru.pdf?size=a5',
      ];
      // Warm the caches (renders happen here, not during the measurement) and collect an edition URL.
      for (const url of urls) {
        const res = await fetch(`${server.base}${url}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        const canonical = /<([^>]+\.[0-9a-f]{16}\.pdf)>; rel="canonical"/.exec(res.headers.get('link') ?? '')?.[1];
        if (canonical && !urls.includes(canonical)) urls.push(canonical);
      }
      expect(urls.some((u) => /\.[0-9a-f]{16}\.pdf$/.test(u))).toBe(true);

      const rss: number[] = [residentBytes(server.pid)];
      const sampler = setInterval(() => rss.push(residentBytes(server!.pid)), 200);
      const result = await autocannon({
        url: server.base,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: urls.map((p) => ({ method: 'GET', path: p })),
      });
      clearInterval(sampler);
      rss.push(residentBytes(server.pid));

      const peak = Math.max(...rss);
      const mb = (n: number) => (n / (1024 * 1024)).toFixed(0);
      console.log(
        `load (${SECONDS} s, ${CONNECTIONS} connections, ${urls.length} URLs: catalog, pages, PDFs, an edition URL): ` +
          `${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, ${mb(result.throughput.average)} MB/s; ` +
          `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
          `errors ${result.errors}, timeouts ${result.timeouts}, 2xx ${result['2xx']}, 3xx ${result['3xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}; ` +
          `server RSS ${mb(rss[0]!)} MB before, peak ${mb(peak)} MB (${rss.length} samples)`,
      );
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result['4xx']).toBe(0);
      expect(result['5xx']).toBe(0);
      expect(result['2xx'] + result['3xx']).toBe(result.requests.total);
      expect(result.requests.total).toBeGreaterThan(SECONDS * 100);
      expect(peak).toBeLessThan(RSS_LIMIT);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    },
    40_000 + SECONDS * 1000,
  );
});
