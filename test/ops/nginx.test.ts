import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/net';
import { cli, createKey, removeTempDirs, ROOT, ServerProcess, startServer, tempDir } from './server-process';

/**
 * deploy/nginx.conf in front of the built service, both on loopback ports: the shipped file is
 * included as it is, with only its ports, upstream address, cache folder, export folder and TLS
 * lines replaced (SUBSTITUTIONS), over plain HTTP.
 */

const SHIPPED = path.join(ROOT, 'deploy', 'nginx.conf');

function findExecutable(name: string, extraDirs: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

const NGINX = findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']);

/**
 * libfaketime (Debian's libfaketime) moves nginx's clock, so that "within the plain URLs' max-age of
 * five minutes" is measured in seconds. Only nginx's wall clock moves (its timers keep real time);
 * the service keeps the real time.
 */
function findFaketime(): string | undefined {
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib', '/usr/local/lib']) {
    const file = path.join(dir, 'faketime', 'libfaketime.so.1');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}
const FAKETIME = findFaketime();

/**
 * A small catalog, so that the export takes seconds: one sample booklet in four languages. en is
 * its source; uk is republished; ru stays as it is; tr is never asked for until the service stops.
 */
const SLUG = 'contact-the-ombudsman';
const LANGUAGES = ['en', 'uk', 'ru', 'tr'];

/** The plain URLs' freshness, as src/site/routes.ts sends it (SHORT_CACHE). */
const PLAIN_MAX_AGE = 300;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request on its own connection (so `localAddress` picks the client's address). */
function request(
  port: number,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; localAddress?: string; body?: Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * The service's count of answered requests for a route (all but /metrics itself when none is
 * given), from its /metrics, read on its own loopback port.
 */
async function appRequests(app: ServerProcess, route?: string): Promise<number> {
  const res = await request(app.port, '/metrics');
  expect(res.status).toBe(200);
  let sum = 0;
  for (const line of res.body.toString('utf8').split('\n')) {
    if (!line.startsWith('http_requests_total{')) continue;
    if (route ? line.includes(`route="${route}"`) : !line.includes('route="/metrics"'))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Waits until the service's count for a route stops changing (a request is counted when its response closes). */
async function settledAppRequests(app: ServerProcess, route?: string): Promise<number> {
  let last = await appRequests(app, route);
  for (;;) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await appRequests(app, route);
    if (now === last) return now;
    last = now;
  }
}

/** The access lines the service wrote (JSON lines with msg "request"). */
function accessLines(app: ServerProcess): { requestId?: string; path?: string; client?: string }[] {
  return app
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"msg":"request"'))
    .map((l) => JSON.parse(l) as { requestId?: string; path?: string; client?: string });
}

/** The access line of a request, once the service has written it (within 5 s). */
async function accessLine(app: ServerProcess, requestId: string): Promise<ReturnType<typeof accessLines>[number] | undefined> {
  for (let i = 0; i < 100; i++) {
    const line = accessLines(app).find((l) => l.requestId === requestId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

const describeWithNginx = NGINX ? describe : describe.skip;
if (!NGINX) {
  console.warn("test/ops/nginx.test.ts skipped: no nginx binary found (install Debian's nginx-light; .ci/run does)");
}

afterAll(() => removeTempDirs());

describeWithNginx(`deploy/nginx.conf in front of the service${NGINX ? '' : ' (skipped: no nginx binary found)'}`, () => {
  let app: ServerProcess;
  let dir: string;
  let exportDir: string;
  let proxyPort: number;
  let redirectPort: number;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';
  const clockFile = (): string => path.join(dir, 'faketime');
  const proxy = (pathname: string, options?: Parameters<typeof request>[2]) => request(proxyPort, pathname, options);

  beforeAll(async () => {
    dir = tempDir('booklets-nginx-');
    const dbPath = path.join(dir, 'data', 'booklets.db');
    exportDir = path.join(dir, 'export');
    const booklets = path.join(dir, 'booklets');
    fs.mkdirSync(path.join(booklets, SLUG), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'booklets', 'languages.json'), path.join(booklets, 'languages.json'));
    for (const lang of LANGUAGES) fs.copyFileSync(path.join(ROOT, 'booklets', SLUG, `${lang}.md`), path.join(booklets, SLUG, `${lang}.md`));
    const env = { BOOKLETS_DIR: booklets };
    app = await startServer(dbPath, { ...env, TRUST_PROXY: 'loopback', LOG_CLIENT: 'anonymised', LOG_LEVEL: 'info' });
    const exported = await cli(['export', exportDir], { ...env, DATABASE_PATH: dbPath });
    if (exported.code !== 0) throw new Error(`export failed (${exported.code}): ${exported.stderr}`);

    proxyPort = await freePort();
    redirectPort = await freePort();
    // Ports, the upstream address, the cache folder, the export folder and TLS: nothing else changes.
    // Each must be found exactly once, so a change to the shipped file fails here instead of
    // silently testing something else.
    const SUBSTITUTIONS: [string, string][] = [
      ['proxy_cache_path /var/cache/nginx/booklets ', `proxy_cache_path ${path.join(dir, 'cache')} `],
      ['server 127.0.0.1:3000;', `server 127.0.0.1:${app.port};`],
      ['listen 80;', `listen 127.0.0.1:${redirectPort};`],
      ['listen [::]:80;', ''],
      ['listen 443 ssl http2;', `listen 127.0.0.1:${proxyPort};`],
      ['listen [::]:443 ssl http2;', ''],
      ['ssl_certificate /etc/letsencrypt/live/booklets.example.org/fullchain.pem;', ''],
      ['ssl_certificate_key /etc/letsencrypt/live/booklets.example.org/privkey.pem;', ''],
      ['root /srv/booklets-site;', `root ${exportDir};`],
    ];
    let conf = fs.readFileSync(SHIPPED, 'utf8');
    for (const [from, to] of SUBSTITUTIONS) {
      const count = conf.split(from).length - 1;
      if (count !== 1) throw new Error(`deploy/nginx.conf has "${from}" ${count} times, expected once: update this test's substitutions`);
      conf = conf.replace(from, to);
    }
    fs.writeFileSync(path.join(dir, 'booklets.conf'), conf);
    fs.writeFileSync(clockFile(), '+0\n');
    const user = os.userInfo();
    // The main nginx.conf an operator has (Debian's, reduced): everything in the temporary folder.
    const wrapper = [
      user.uid === 0 ? 'user root root;' : '',
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} notice;`,
      // The clock of the workers (libfaketime reads these).
      'env FAKETIME_TIMESTAMP_FILE;',
      'env FAKETIME_NO_CACHE;',
      'env DONT_FAKE_MONOTONIC;',
      'events { worker_connections 256; }',
      'http {',
      '  types { text/html html; text/css css; application/pdf pdf; application/json json; }',
      '  default_type application/octet-stream;',
      `  access_log ${path.join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, `${t}_temp`)};`),
      `  include ${path.join(dir, 'booklets.conf')};`,
      '}',
      '',
    ].join('\n');
    const main = path.join(dir, 'nginx.conf');
    fs.writeFileSync(main, wrapper);

    // The configuration parses (what an operator runs before a reload).
    execFileSync(NGINX!, ['-t', '-q', '-p', dir, '-c', main], { stdio: 'pipe' });

    const clock = FAKETIME
      ? { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile(), FAKETIME_NO_CACHE: '1', DONT_FAKE_MONOTONIC: '1' }
      : {};
    nginx = spawn(NGINX!, ['-p', dir, '-c', main, '-g', 'daemon off;'], {
      env: { ...process.env, ...clock },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.stdout?.on('data', (d: Buffer) => (nginxOutput += d.toString()));
    nginx.stderr?.on('data', (d: Buffer) => (nginxOutput += d.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}:\n${nginxOutput}`);
      try {
        if ((await proxy('/healthz')).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`nginx did not answer in time:\n${nginxOutput}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 120_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    if (app && app.child.exitCode === null && app.child.signalCode === null) await app.stop();
  });

  it('sends plain HTTP to HTTPS', async () => {
    const res = await request(redirectPort, `/booklets/${SLUG}/uk?x=1`, { headers: { Host: 'booklets.example.org' } });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://booklets.example.org/booklets/${SLUG}/uk?x=1`);
  });

  it('answers a second request for an edition PDF from its cache, without asking the service', async () => {
    const page = await proxy(`/booklets/${SLUG}/en`);
    expect(page.status).toBe(200);
    const html = page.body.toString('utf8');
    const pdfUrl = new RegExp(`/booklets/${SLUG}/en\\.[0-9a-f]{16}\\.pdf`).exec(html)?.[0];
    const cssUrl = /\/assets\/site\.[0-9a-f]+\.css/.exec(html)?.[0];
    expect(pdfUrl).toBeDefined();
    expect(cssUrl).toBeDefined();

    const route = '/booklets/:slug/:file';
    const before = await settledAppRequests(app, route);
    const first = await proxy(pdfUrl!);
    expect(first.status).toBe(200);
    expect(first.headers['x-cache-status']).toBe('MISS');
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const afterFirst = await settledAppRequests(app, route);
    expect(afterFirst).toBe(before + 1);

    const second = await proxy(pdfUrl!);
    expect(second.status).toBe(200);
    expect(second.headers['x-cache-status']).toBe('HIT');
    expect(second.headers['content-type']).toBe('application/pdf');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body.equals(first.body)).toBe(true);
    // A range of it, too, comes from the cache.
    const range = await proxy(pdfUrl!, { headers: { Range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect(range.headers['x-cache-status']).toBe('HIT');
    expect(range.body.equals(first.body.subarray(0, 100))).toBe(true);
    expect(await settledAppRequests(app, route)).toBe(afterFirst);

    // The stylesheet the same way.
    const cssRoute = '/assets/site.:hash.css';
    const css1 = await proxy(cssUrl!);
    expect(css1.headers['x-cache-status']).toMatch(/^(MISS|HIT)$/);
    const cssCount = await settledAppRequests(app, cssRoute);
    const css2 = await proxy(cssUrl!);
    expect(css2.status).toBe(200);
    expect(css2.headers['x-cache-status']).toBe('HIT');
    expect(await settledAppRequests(app, cssRoute)).toBe(cssCount);
  });

  (FAKETIME ? it : it.skip)(
    `brings a publication to readers within the plain URLs' max-age${FAKETIME ? '' : " (skipped: libfaketime not found; install Debian's libfaketime)"}`,
    async () => {
      const page = `/booklets/${SLUG}/uk`;
      const pdf = `/booklets/${SLUG}/uk.pdf`;
      const unchanged = `/booklets/${SLUG}/ru`;
      const primed = Date.now();
      const oldPage = await proxy(page);
      const oldPdf = await proxy(pdf);
      const oldOther = await proxy(unchanged);
      for (const res of [oldPage, oldPdf, oldOther]) {
        expect(res.status).toBe(200);
        expect(res.headers['x-cache-status']).toBe('MISS');
        expect(res.headers['cache-control']).toBe(`public, max-age=${PLAIN_MAX_AGE}`);
      }

      // An editor publishes a new title through the proxy (the API is passed through, never cached).
      const key = await createKey(path.join(dir, 'data', 'booklets.db'), 'editor', 'nginx test');
      const title = `Оновлено ${Date.now()}`;
      const api = `/api/v1/booklets/${SLUG}/translations/uk`;
      const auth = { Authorization: `Bearer ${key}` };
      const draft = await proxy(`${api}?version=draft`, { headers: auth });
      expect(draft.status).toBe(200);
      expect(draft.headers['x-cache-status']).toBeUndefined();
      let etag = draft.headers.etag as string;
      const section = (JSON.parse(draft.body.toString('utf8')) as { sections: { id: string; body: string }[] }).sections[0]!;
      const put = await proxy(`${api}/sections/${section.id}`, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': etag },
        body: Buffer.from(JSON.stringify({ title, body: section.body })),
      });
      expect(put.status).toBe(200);
      etag = put.headers.etag as string;
      for (const action of ['review', 'publish']) {
        const res = await proxy(`${api}/${action}`, { method: 'POST', headers: { ...auth, 'If-Match': etag } });
        expect(res.status).toBe(200);
        etag = res.headers.etag as string;
      }
      expect((await request(app.port, page)).body.toString('utf8')).toContain(title);

      // Until the cached copy's max-age has passed, readers still get it from the cache.
      const stillCached = await proxy(page);
      expect(stillCached.headers['x-cache-status']).toBe('HIT');
      expect(stillCached.body.toString('utf8')).not.toContain(title);

      // Then nginx's clock moves on in steps of 10 s until the page changes.
      let seenAfter: number | undefined;
      let changed: Reply | undefined;
      for (let offset = 10; offset <= PLAIN_MAX_AGE + 60; offset += 10) {
        fs.writeFileSync(clockFile(), `+${offset}\n`);
        const res = await proxy(page);
        expect(res.status).toBe(200);
        if (res.body.toString('utf8').includes(title)) {
          seenAfter = (Date.now() - primed) / 1000 + offset;
          changed = res;
          break;
        }
        expect(res.headers['x-cache-status']).toBe('HIT');
      }
      expect(seenAfter).toBeDefined();
      expect(changed!.headers['x-cache-status']).toBe('EXPIRED');
      // Within max-age and a step of the clock: not earlier (the cache did keep it), not later.
      expect(seenAfter!).toBeGreaterThan(PLAIN_MAX_AGE - 10);
      expect(seenAfter!).toBeLessThanOrEqual(PLAIN_MAX_AGE + 15);

      // The PDF's plain URL has changed too; an unchanged page is revalidated (a 304 from the
      // service with the ETag nginx kept) and served from the cache.
      const newPdf = await proxy(pdf);
      expect(newPdf.status).toBe(200);
      expect(newPdf.headers['x-cache-status']).toBe('EXPIRED');
      expect(newPdf.headers.etag).not.toBe(oldPdf.headers.etag);
      const other = await proxy(unchanged);
      expect(other.headers['x-cache-status']).toBe('REVALIDATED');
      expect(other.body.equals(oldOther.body)).toBe(true);
      // The new page is kept again.
      expect((await proxy(page)).headers['x-cache-status']).toBe('HIT');
    },
    60_000,
  );

  it('does not let /metrics through, while the service answers it on its own loopback port', async () => {
    for (const pathname of ['/metrics', '/METRICS', '/metrics/', '/metrics?x=1']) {
      const res = await proxy(pathname);
      expect(res.status).toBe(404);
      expect(res.body.toString('utf8')).not.toContain('http_requests_total');
    }
    const direct = await request(app.port, '/metrics');
    expect(direct.status).toBe(200);
    expect(direct.body.toString('utf8')).toContain('http_requests_total');
  });

  it('refuses bodies larger than the service accepts (an XLIFF file of 5 MB) before they reach it', async () => {
    const before = await settledAppRequests(app);
    const res = await proxy(`/api/v1/booklets/${SLUG}/translations/uk/xliff`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/xliff+xml' },
      body: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(await settledAppRequests(app)).toBe(before);
  });

  it("shows the service the reader's network only through TRUST_PROXY=loopback, never an address the reader sent", async () => {
    // The reader connects from 127.0.1.2 (network 127.0.1.0/24) and claims to be 203.0.113.9.
    // An API read: never cached, so it always reaches the service.
    const res = await proxy('/api/v1/booklets', {
      localAddress: '127.0.1.2',
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const line = await accessLine(app, id);
    expect(line?.path).toBe('/api/v1/booklets');
    expect(line?.client).toBe('127.0.1.0/24');
    expect(accessLines(app).filter((l) => l.client?.startsWith('203.0.113.'))).toEqual([]);

    // The control: nginx connects to the service from 127.0.0.1 (the shipped file binds no other
    // address), which the service logs as 127.0.0.0/24; so the line above came from the address
    // nginx forwarded, not from the connection.
    expect(fs.readFileSync(SHIPPED, 'utf8')).not.toMatch(/^\s*proxy_bind\b/m);
    const direct = await request(app.port, '/api/v1/booklets', { headers: { 'X-Request-Id': 'nginx-test-direct' } });
    expect(direct.status).toBe(200);
    expect((await accessLine(app, 'nginx-test-direct'))?.client).toBe('127.0.0.0/24');
  });

  it('serves the static export while the service is stopped', async () => {
    expect(await app.stop()).toBe(0);

    const page = await proxy(`/booklets/${SLUG}/tr`);
    expect(page.status).toBe(200);
    expect(page.headers['x-cache-status']).toBe('EXPORT');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.equals(fs.readFileSync(path.join(exportDir, `booklets/${SLUG}/tr.html`)))).toBe(true);

    const pdf = await proxy(`/booklets/${SLUG}/tr.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.equals(fs.readFileSync(path.join(exportDir, `booklets/${SLUG}/tr.pdf`)))).toBe(true);

    const a5 = await proxy(`/booklets/${SLUG}/tr.pdf?size=a5`);
    expect(a5.status).toBe(200);
    expect(a5.body.equals(fs.readFileSync(path.join(exportDir, `booklets/${SLUG}/tr.a5.pdf`)))).toBe(true);

    const offline = await proxy(`/booklets/${SLUG}/tr?download=1`);
    expect(offline.status).toBe(200);
    expect(offline.body.equals(fs.readFileSync(path.join(exportDir, `booklets/${SLUG}/tr.offline.html`)))).toBe(true);

    const catalog = await proxy('/');
    expect(catalog.status).toBe(200);
    expect(catalog.body.equals(fs.readFileSync(path.join(exportDir, 'index.html')))).toBe(true);

    // What the cache holds is still served from it.
    const cached = await proxy(`/booklets/${SLUG}/ru`);
    expect(cached.status).toBe(200);
    expect(cached.headers['x-cache-status']).toMatch(/^(HIT|STALE)$/);

    // The API has no fallback.
    expect((await proxy('/api/v1/booklets')).status).toBe(502);
  });
});
