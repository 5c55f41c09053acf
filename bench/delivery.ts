import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load';

/*
 * Delivery figures of `npm run bench` (bench/run.ts calls these): wrk with a list of addresses, nginx
 * serving the same bytes as a static file, cold renders while cached downloads saturate the service,
 * and the memory of the service's processes after rendering every print variant and a load.
 */

/** wrk (Debian package) when installed: a C client leaves more of the 2 cores to the server. */
export const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => fs.existsSync(p));
/** nginx (Debian's nginx-light) when installed, to compare cached downloads with. */
export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => fs.existsSync(p));

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
const sleep = (msecs: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, msecs)));

/** A load generator as run.ts runs it (wrk when installed, else autocannon in a child process). */
export type Load = (url: string, connections: number, seconds: number) => Promise<LoadResult>;

/**
 * Runs wrk (one thread) with a latency report and reads requests/s and the p50/p99 latencies from
 * it. With `paths`, each connection's requests go through that list of addresses in turn (a Lua
 * script) on the host of `url`, with `headers` added.
 */
export function runWrk(
  url: string,
  connections: number,
  secs: number,
  paths?: string[],
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  if (!WRK) return Promise.reject(new Error('wrk is not installed'));
  let script: string | undefined;
  if (paths) {
    script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-')), 'paths.lua');
    const lua = (s: string): string => JSON.stringify(s); // ASCII addresses: a JSON string is a Lua string
    fs.writeFileSync(
      script,
      `local paths = { ${paths.map(lua).join(', ')} }\n` +
        `local headers = { ${Object.entries(headers)
          .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
          .join(', ')} }\n` +
        'local i = 0\n' +
        'request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i], headers)\nend\n',
    );
  }
  return new Promise<LoadResult>((resolve, reject) => {
    execFile(WRK, ['-t1', `-c${connections}`, `-d${secs}s`, '--latency', ...(script ? ['-s', script] : []), url], (err, stdout) => {
      if (script) fs.rmSync(path.dirname(script), { recursive: true, force: true });
      if (err) return reject(err);
      const time = (label: string): number => {
        const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
        if (!m) return NaN;
        const v = Number(m[1]);
        return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
      };
      const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
      const errorDetail = `non-2xx/3xx ${non2xx}${socket ? `, connect ${socket[1]}, read ${socket[2]}, write ${socket[3]}, timeout ${socket[4]}` : ''}`;
      resolve({
        requests,
        errors: non2xx + socketErrors,
        errorDetail,
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
        p50: time('50'),
        p99: time('99'),
      });
    });
  });
}

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** GET `url` to the end; resolves with the milliseconds it took, rejects unless it answered 200. */
function timedGet(url: string): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Number(process.hrtime.bigint() - t) / 1e6)
            : reject(new Error(`${url} answered ${res.statusCode}`)),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * nginx serving `body` as a static file: one worker, sendfile on, no access log, on loopback, from a
 * temporary prefix with its own configuration, run in the foreground as a child of the bench
 * (`nginx -p <prefix> -c <conf> -g 'daemon off;'`). `stop` ends it and removes the prefix.
 */
export async function startNginx(body: Buffer, name: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!NGINX) throw new Error('nginx is not installed');
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  // Run as root, nginx's worker switches to an unprivileged user, which must be able to read the file.
  fs.chmodSync(prefix, 0o755);
  fs.mkdirSync(path.join(prefix, 'www'), { mode: 0o755 });
  fs.writeFileSync(path.join(prefix, 'www', name), body, { mode: 0o644 });
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  const temp = (what: string): string => `${what}_temp_path ${path.join(prefix, `${what}-temp`)};`;
  fs.writeFileSync(
    conf,
    [
      'worker_processes 1;',
      `pid ${path.join(prefix, 'nginx.pid')};`,
      `error_log ${path.join(prefix, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  tcp_nopush on;',
      '  keepalive_requests 1000000;',
      '  types { application/pdf pdf; }',
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  server { listen 127.0.0.1:${port}; root ${path.join(prefix, 'www')}; }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      await timedGet(`${url}/${name}`);
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until || child.exitCode !== null) {
      child.kill('SIGTERM');
      const log = fs.existsSync(path.join(prefix, 'error.log')) ? fs.readFileSync(path.join(prefix, 'error.log'), 'utf8') : '';
      fs.rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await sleep(50);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM'); // nginx: fast shutdown
        await exited;
      }
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Resident set size of `pid` and all its descendants (from /proc), in bytes; 0 where /proc is missing. */
export function processTreeRss(pid: number): { bytes: number; anon: number; file: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  let bytes = 0;
  let anon = 0;
  let file = 0;
  let processes = 0;
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const kB = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
      bytes += kB('VmRSS');
      anon += kB('RssAnon');
      file += kB('RssFile') + kB('RssShmem');
      processes++;
    } catch {
      continue; // ended meanwhile
    }
    todo.push(...(children.get(p) ?? []));
  }
  return { bytes, anon, file, processes };
}

export interface ColdUnderLoadOptions {
  /** A PDF already rendered (served by the hot path): the downloads that saturate the service. */
  cachedUrl: string;
  /** PDFs nobody asked for yet, distinct documents; taken from the front as they are used. */
  fresh: string[];
  /** Seconds of each load run. */
  seconds: number;
  /** Pairs of runs (downloads alone, downloads with renders), which goes first alternating. */
  pairs: number;
  connections: number;
  /** Most render requests per second during a run with renders (one after another). */
  rate: number;
  /** Renders to time at least. */
  minimum: number;
  load: Load;
  /** Renders the service has performed so far (its /metrics). */
  renders: () => Promise<number>;
}

/**
 * Cold renders while cached downloads saturate the service. In alternate runs the load generator
 * downloads a cached PDF from `connections` connections alone, or while PDFs nobody asked for yet are
 * requested one after another, at most `rate` per second, from a quarter of a second after the load
 * starts to a quarter of a second before it ends. Each is timed from its request to its last byte, as
 * a reader waits for it. Prints the completion times (p50, p95, max) and the downloads' throughput
 * with renders as a share of the adjacent run without. Runs more pairs (up to twice as many) until at
 * least `minimum` renders are timed.
 */
export async function coldRendersUnderLoad(o: ColdUnderLoadOptions): Promise<void> {
  const completions: number[] = [];
  const ratios: number[] = [];
  const asked: string[] = [];
  let failed = 0;
  const rendersBefore = await o.renders();
  const busyRun = async (): Promise<{ load: LoadResult; times: number[] }> => {
    const started = Date.now();
    const loadRun = o.load(o.cachedUrl, o.connections, o.seconds);
    const times: number[] = [];
    let due = started + 250;
    while (due <= started + o.seconds * 1000 - 250) {
      const url = o.fresh.shift();
      if (!url) break;
      await sleep(due - Date.now());
      const sent = Date.now();
      asked.push(url);
      await timedGet(url).then(
        (t) => void times.push(t),
        () => void failed++,
      );
      due = Math.max(sent + 1000 / o.rate, Date.now()); // the next one when this one is answered, at most `rate` per second
    }
    return { load: await loadRun, times };
  };
  for (let pair = 1; pair <= o.pairs || (completions.length < o.minimum && pair <= 2 * o.pairs); pair++) {
    let idle: LoadResult;
    let busy: { load: LoadResult; times: number[] };
    if (pair % 2) {
      idle = await o.load(o.cachedUrl, o.connections, o.seconds);
      busy = await busyRun();
    } else {
      busy = await busyRun();
      idle = await o.load(o.cachedUrl, o.connections, o.seconds);
    }
    const ratio = busy.load.rps / Math.max(1, idle.rps);
    ratios.push(ratio);
    completions.push(...busy.times);
    console.log(
      `   pair ${pair}: downloads alone ${idle.rps.toFixed(0)} req/s (errors ${idle.errors}) | with ${busy.times.length} renders ` +
        `${busy.load.rps.toFixed(0)} req/s (errors ${busy.load.errors}), ${(100 * ratio).toFixed(0)} %; renders p50 ${ms(median(busy.times))}, max ${ms(Math.max(0, ...busy.times))}`,
    );
  }
  const rendered = (await o.renders()) - rendersBefore;
  const languages = new Set(asked.map((u) => /\/([^/]+)\.pdf/.exec(u)?.[1]));
  const booklets = new Set(asked.map((u) => /\/booklets\/([^/]+)\//.exec(u)?.[1]));
  console.log(
    `   ${asked.length} PDFs nobody asked for yet (${asked.filter((u) => u.includes('with=')).length} bilingual; ${languages.size} languages, ${booklets.size} booklets), ` +
      `${rendered} of them rendered by the service${rendered < asked.length ? ' (the rest: cache hits)' : ''}${failed ? `, ${failed} failed` : ''}`,
  );
  console.log(
    `   cold PDFs under saturating downloads: p95 ${ms(quantile(completions, 0.95))} (target ≤ 1000 ms), max ${ms(Math.max(0, ...completions))}, p50 ${ms(median(completions))}`,
  );
  console.log(
    `   downloads' throughput while they render: ${(100 * median(ratios)).toFixed(0)} % of the adjacent run without (median of the pairs; target ≥ 80 %)`,
  );
}

/** A counter or gauge of the service's /metrics (the sum over its labels); NaN when not readable. */
async function metric(baseUrl: string, name: string): Promise<number> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return lines.length > 0 ? lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0) : NaN;
  } catch {
    return NaN;
  }
}

/** What the service's /metrics says about its memory (the main thread's heap, Buffers, render cache). */
async function memoryBreakdown(baseUrl: string): Promise<string> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const value = (name: string): number => Number(new RegExp(`^${name} ([\\d.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
    return (
      `main thread's V8 heap ${mb(value('nodejs_heap_size_used_bytes'))} used of ${mb(value('nodejs_heap_size_total_bytes'))}, ` +
      `external (Buffers) ${mb(value('nodejs_external_memory_bytes'))}, render cache ${value('booklets_render_cache_entries')} entries ${mb(value('booklets_render_cache_bytes'))}`
    );
  } catch {
    return '/metrics not readable';
  }
}

export interface MemoryOptions {
  /** Starts a fresh service (its own database and cache folder). */
  start: () => Promise<{ url: string; pid: number; renders: () => Promise<number>; stop: () => Promise<void> }>;
  /** Every print variant of every booklet, as paths (/booklets/…). */
  variants: string[];
  /** Reader pages (catalog and booklet pages), as paths. */
  pages: string[];
  /** Seconds of load after rendering. */
  seconds: number;
  connections: number;
  load: Load;
}

/**
 * Memory of the service: a fresh service renders every print variant of both sample booklets (two
 * requests at a time), then serves `seconds` of cached downloads and pages (every variant and every
 * page in turn, half and half). Prints the resident set size of the server process and all its
 * descendants after rendering, its highest sample during the load and after the load.
 */
export async function memoryAfterEverything(o: MemoryOptions): Promise<void> {
  const service = await o.start();
  try {
    const rss = (): number => processTreeRss(service.pid).bytes;
    const started = rss();
    const variants = o.variants;
    const t = Date.now();
    let next = 0;
    let failed = 0;
    const loop = async (): Promise<void> => {
      while (next < variants.length) {
        await timedGet(`${service.url}${variants[next++] as string}`).catch(() => void failed++);
      }
    };
    await Promise.all([loop(), loop()]);
    const renderSeconds = (Date.now() - t) / 1000;
    const rendered = await service.renders();
    const afterRendering = processTreeRss(service.pid);
    console.log(
      `   rendered ${rendered} documents (${variants.length} variants${failed ? `, ${failed} failed` : ''}) in ${renderSeconds.toFixed(1)} s; ` +
        `RSS right after start ${mb(started)}`,
    );
    console.log(
      `   RSS after rendering every variant: ${mb(afterRendering.bytes)} (target ≤ 250 MB; ${afterRendering.processes} process${afterRendering.processes === 1 ? '' : 'es'}, ` +
        `anonymous ${mb(afterRendering.anon)}, files ${mb(afterRendering.file)})`,
    );
    console.log(`     ${await memoryBreakdown(service.url)}`);
    // Half PDFs, half pages: each variant followed by the next page in turn.
    const mixed = variants.flatMap((v, i) => [v, o.pages[i % o.pages.length] as string]);
    const hotBefore = await metric(service.url, 'booklets_hot_responses_total');
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 250);
    let result: LoadResult;
    let pdfRequests: number;
    if (WRK) {
      result = await runWrk(service.url, o.connections, o.seconds, mixed, { 'Accept-Encoding': 'gzip, br' });
      pdfRequests = result.requests / 2;
    } else {
      // Without wrk: one cached PDF and one page at the same time.
      const [a, b] = await Promise.all([
        o.load(`${service.url}${variants[0] as string}`, o.connections / 2, o.seconds),
        o.load(`${service.url}${o.pages[0] as string}`, o.connections / 2, o.seconds),
      ]);
      result = {
        requests: a.requests + b.requests,
        errors: a.errors + b.errors,
        rps: a.rps + b.rps,
        p50: a.p50,
        p99: Math.max(a.p99, b.p99),
      };
      pdfRequests = a.requests;
    }
    clearInterval(sampler);
    const hot = (await metric(service.url, 'booklets_hot_responses_total')) - hotBefore;
    const afterLoad = processTreeRss(service.pid);
    peak = Math.max(peak, afterLoad.bytes);
    console.log(
      `   load: ${o.seconds} s of cached downloads and pages (${WRK ? `all ${variants.length} variants and ${o.pages.length} pages in turn` : 'one PDF and one page'}, ` +
        `${o.connections} connections): ${result.rps.toFixed(0)} req/s, p99 ${ms(result.p99)}, errors ${result.errors}${result.errors && result.errorDetail ? ` (${result.errorDetail})` : ''}; ` +
        `the hot path answered ${Number.isNaN(hot) ? '?' : `${((100 * hot) / Math.max(1, pdfRequests)).toFixed(0)} %`} of the PDF downloads`,
    );
    console.log(
      `   RSS after the load: ${mb(afterLoad.bytes)} (target ≤ 250 MB; anonymous ${mb(afterLoad.anon)}, files ${mb(afterLoad.file)}); highest during the load ${mb(peak)}`,
    );
    console.log(`     ${await memoryBreakdown(service.url)}`);
  } finally {
    await service.stop();
  }
}
