import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { removeTempDirs, ServerProcess, startServer, tempDir } from './server-process';

/*
 * Render processes (src/rendering/processes.ts) with the real service: a request for a document
 * nobody asked for yet is answered by a render process at the lowest CPU priority, never by the
 * server's event loop; everything after it comes from the server again.
 */

const BOOKLET = '/booklets/right-to-information';

/** Process ids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The render processes of a server: its children that run render-process.js. */
function renderProcessesOf(pid: number): number[] {
  return childrenOf(pid).filter((c) => {
    try {
      return fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('render-process.js');
    } catch {
      return false;
    }
  });
}

/** Scheduling policy (5 = SCHED_IDLE) and nice value of a process, from /proc/<pid>/stat. */
function scheduling(pid: number): { policy: number; nice: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: field 3 is the state; nice is field 19 and policy field 41 of stat(5).
  return { nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) };
}

const chrtWorks = ((): boolean => {
  try {
    execFileSync('chrt', ['--idle', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function metric(base: string, line: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(line))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const renders = (base: string): Promise<number> => metric(base, 'booklets_render_cache_requests_total{result="render"}');
const ready = (base: string): Promise<number> => metric(base, 'booklets_render_processes_ready');

/** The access line of a request, by its X-Request-Id. */
function accessLine(server: ServerProcess, requestId: string): { pid: number; status: number; bytes: number } | undefined {
  for (const line of server.output().split('\n')) {
    if (!line.includes(requestId)) continue;
    try {
      const parsed = JSON.parse(line) as { pid: number; status: number; bytes: number; msg: string };
      if (parsed.msg === 'request') return parsed;
    } catch {
      // not a log line
    }
  }
  return undefined;
}

/** A GET with node:http on a keep-alive connection of its own, keeping the response's Connection header. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  }).finally(() => agent.destroy());
}

/** Waits until the render counter in /metrics reaches `n` (render processes report after each answer). */
const rendersReach = (base: string, n: number): Promise<void> => until(`${n} renders`, async () => (await renders(base)) >= n);

describe('render processes', () => {
  let server: ServerProcess;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('render-processes-');
    server = await startServer(path.join(dir, 'booklets.db'), { RENDER_PROCESSES: '1', LOG_LEVEL: 'info' });
    await until('a render process to be ready', async () => (await ready(server.base)) === 1);
  });

  afterAll(async () => {
    // Also after a render process died and was replaced: the server stops cleanly.
    expect(await server.stop()).toBe(0);
    removeTempDirs();
  });

  it('run at the lowest CPU priority, apart from the server', () => {
    const [child] = renderProcessesOf(server.pid);
    expect(child).toBeDefined();
    const theirs = scheduling(child as number);
    if (chrtWorks) expect(theirs.policy).toBe(5);
    else expect(theirs.nice).toBe(19);
    expect(scheduling(server.pid)).toEqual({ policy: 0, nice: 0 });
  });

  it('answer a document nobody asked for yet, and the server answers it from then on', async () => {
    const [child] = renderProcessesOf(server.pid);
    const before = await renders(server.base);
    const handed = await metric(server.base, 'booklets_render_process_requests_total');
    const first = await get(`${server.base}${BOOKLET}/uk.pdf?size=a5`);
    expect(first.status).toBe(200);
    expect(first.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(first.headers['content-length'])).toBe(first.body.length);
    expect(first.headers.connection).toBe('close');
    expect(first.headers['content-disposition']).toContain('right-to-information-uk-a5.pdf');
    await rendersReach(server.base, before + 1);
    await until('the access line of the render', () => accessLine(server, first.headers['x-request-id'] as string) !== undefined);
    expect(accessLine(server, first.headers['x-request-id'] as string)).toMatchObject({ pid: child, status: 200, bytes: first.body.length });

    const second = await get(`${server.base}${BOOKLET}/uk.pdf?size=a5`);
    expect(second.status).toBe(200);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.connection).toBe('keep-alive');
    expect(await renders(server.base)).toBe(before + 1);
    expect(await metric(server.base, 'booklets_render_process_requests_total')).toBe(handed + 1);
    await until('the access line of the download', () => accessLine(server, second.headers['x-request-id'] as string) !== undefined);
    expect(accessLine(server, second.headers['x-request-id'] as string)?.pid).toBe(server.pid);
  });

  it('render one document once for concurrent requests', async () => {
    const before = await renders(server.base);
    const all = await Promise.all(Array.from({ length: 4 }, () => get(`${server.base}${BOOKLET}/ar.pdf?size=letter`)));
    for (const res of all) {
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(all[0]?.headers.etag);
      expect(res.body.equals(all[0]?.body as Buffer)).toBe(true);
    }
    await rendersReach(server.base, before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(await renders(server.base)).toBe(before + 1);
  });

  it('answer Range, HEAD and pages as the server does', async () => {
    const range = await get(`${server.base}${BOOKLET}/fa.pdf?size=a5&layout=booklet`, { Range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.body.length).toBe(100);
    expect(range.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    const whole = await get(`${server.base}${BOOKLET}/fa.pdf?size=a5&layout=booklet`);
    expect(whole.body.subarray(0, 100).equals(range.body)).toBe(true);

    const head = await get(`${server.base}${BOOKLET}/az.pdf?size=letter`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const body = await get(`${server.base}${BOOKLET}/az.pdf?size=letter`);
    expect(Number(head.headers['content-length'])).toBe(body.body.length);

    const page = await get(`${server.base}${BOOKLET}/ru`, { 'Accept-Encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('hold at most 64 requests at once; past that the server renders itself', async () => {
    const langs = ['en', 'az', 'uk', 'ru', 'ar', 'fa'];
    // 6 languages × 5 companions × 4 print variants: 120 documents nobody asked for yet.
    const variants = langs.flatMap((lang) =>
      langs.filter((other) => other !== lang).flatMap((other) =>
        ['a4', 'a5'].flatMap((size) => ['pages', 'booklet'].map((layout) => `${server.base}${BOOKLET}/${lang}.pdf?size=${size}&layout=${layout}&profile=archive&with=${other}`)),
      ),
    );
    expect(variants.length).toBe(120);
    const all = await Promise.all(variants.slice(0, 80).map((url) => get(url)));
    expect(all.every((r) => r.status === 200 && r.body.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    const byProcess = all.filter((r) => r.headers.connection === 'close').length;
    expect(byProcess).toBeGreaterThan(0);
    expect(byProcess).toBeLessThanOrEqual(64 + 8); // answers while the last ones arrived free places
    expect(all.length - byProcess).toBeGreaterThan(0);
  });

  it('leave bad addresses to the server, with its errors', async () => {
    const bad = await get(`${server.base}${BOOKLET}/uk.pdf?size=b5`);
    expect(bad.status).toBe(400);
    expect(bad.headers.connection).toBe('keep-alive');
    expect(JSON.parse(bad.body.toString()).detail).toContain('size must be one of: a4, a5, letter');
    expect((await get(`${server.base}/booklets/no-such-booklet/uk.pdf?size=a5`)).status).toBe(404);
  });

  it('leave pipelined requests to the server, answered in order', async () => {
    // The page is rendered already but answered asynchronously: the PDF behind it must neither be
    // handed over (cutting the page's answer off) nor answered first.
    expect((await get(`${server.base}${BOOKLET}/uk`)).status).toBe(200);
    const socket = net.connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => socket.once('close', r));
    const host = `Host: 127.0.0.1:${server.port}\r\n`;
    socket.write(
      `GET ${BOOKLET}/uk HTTP/1.1\r\n${host}Accept-Encoding: identity\r\n\r\n` +
        `GET ${BOOKLET}/ru.pdf?size=a5&profile=archive&with=fa HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
    );
    await ended;
    const text = Buffer.concat(chunks).toString('latin1');
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n/g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '200']);
    const html = text.search(/content-type: text\/html/i);
    const pdf = text.search(/content-type: application\/pdf/i);
    expect(html).toBeGreaterThan(0);
    expect(pdf).toBeGreaterThan(html);
    expect(text).toContain('%PDF-');
  });

  it('answer requests still being handed over when their render process dies', async () => {
    await until('a render process to be ready', async () => (await ready(server.base)) === 1);
    const [child] = renderProcessesOf(server.pid);
    const langs = ['en', 'az', 'uk', 'ru', 'ar', 'fa'];
    const urls = langs.flatMap((lang) => ['a4', 'a5'].map((size) => `${server.base}${BOOKLET}/${lang}.pdf?size=${size}&layout=${size === 'a4' ? 'pages' : 'booklet'}&profile=archive&with=${lang === 'ar' ? 'fa' : 'ar'}`));
    const results = urls.map((url) =>
      get(url).then(
        (r) => r.status,
        () => 'reset',
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    process.kill(child as number, 'SIGKILL');
    // Requests the dead process held are lost with it; every other one is answered by the server.
    const settled = await Promise.race([Promise.all(results), new Promise((r) => setTimeout(() => r('hung'), 40_000))]);
    expect(settled).not.toBe('hung');
    const statuses = settled as (number | string)[];
    expect(statuses.every((s) => s === 200 || s === 'reset')).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    await until('a new render process', async () => renderProcessesOf(server.pid).some((p) => p !== child) && (await ready(server.base)) === 1);
  });

  it('are replaced when one dies, and the server renders meanwhile', async () => {
    const [old] = renderProcessesOf(server.pid);
    process.kill(old as number, 'SIGKILL');
    await until('the server to notice', async () => (await ready(server.base)) === 0);
    // Nobody to hand it to: the server renders itself.
    const meanwhile = await get(`${server.base}${BOOKLET}/en.pdf?size=letter`);
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.headers.connection).toBe('keep-alive');
    await until('a new render process', async () => (await ready(server.base)) === 1);
    const [replacement] = renderProcessesOf(server.pid);
    expect(replacement).not.toBe(old);
    const after = await get(`${server.base}${BOOKLET}/en.pdf?size=a5&profile=archive`);
    expect(after.status).toBe(200);
    expect(after.headers.connection).toBe('close');
  });

  it('finish the renders they hold when the server stops', async () => {
    const own = await startServer(path.join(tempDir('render-processes-stop-'), 'booklets.db'), { RENDER_PROCESSES: '1' });
    await until('a render process to be ready', async () => (await ready(own.base)) === 1);
    const [child] = renderProcessesOf(own.pid);
    const pending = get(`${own.base}${BOOKLET}/uk.pdf?size=a5&layout=booklet&with=az`);
    // A first render in a fresh process takes about a second: it is under way when the server stops.
    await new Promise((r) => setTimeout(r, 300));
    own.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(await own.exited).toBe(0);
    await until('the render process to end', () => !fs.existsSync(`/proc/${child}`) || fs.readFileSync(`/proc/${child}/stat`, 'utf8').includes(') Z'));
  });
});
