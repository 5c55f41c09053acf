import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import http from 'node:http';
import { importCatalog } from '../src/booklets/importer';
import { composeServices } from '../src/compose';
import { BOOKLETS_DIR, ROOT } from '../src/paths';
import { renderPdf } from '../src/rendering/pdf';
import { createPdfPool } from '../src/rendering/pdf/threads/pool';
import { openDatabase } from '../src/storage/db';
import { coldRendersUnderLoad, memoryAfterEverything, NGINX, processTreeRss, runWrk, startNginx, WRK } from './delivery';
import { printExportSection } from './export-memory';
import type { LoadResult } from './load';

/*
 * npm run bench: speed and size figures of the booklet service, printed as a table. Everything runs
 * on 127.0.0.1 and every loop is bounded in time. Figures are medians and p99 of repeated runs.
 */

const SLUG = 'right-to-information';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

/**
 * Sections to run: BENCH_ONLY=<names or numbers, comma-separated> (e.g. BENCH_ONLY=throughput,memory
 * or BENCH_ONLY=3,6); all when unset.
 */
const SECTIONS: Record<string, string> = {
  render: '1',
  'http-render': '1b',
  sizes: '2',
  throughput: '3',
  latency: '4',
  'cold-under-load': '5',
  memory: '6',
  export: '7',
};
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
/** Whether the section `name` (or its number) is to run. */
function only(name: string): boolean {
  return ONLY.length === 0 || ONLY.includes(name) || (SECTIONS[name] !== undefined && ONLY.includes(SECTIONS[name]));
}

function stats(samples: number[]): { median: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0 };
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
/** The host's 1-minute load average: other work on a shared machine weighs on every figure. */
const hostLoad = (): string => `host load average ${(os.loadavg()[0] ?? 0).toFixed(1)}`;
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
/** The 95th percentile of samples. */
const stats95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const THROUGHPUT_ROUNDS = 6;

function runLoad(url: string, connections: number, secs: number, rate?: number, startAt?: number): Promise<LoadResult> {
  if (WRK && rate === undefined) return runWrk(url, connections, secs);
  const args = [
    path.join(__dirname, 'load.js'),
    url,
    String(connections),
    String(secs),
    ...(rate ? [String(rate), ...(startAt ? [String(startAt)] : [])] : []),
  ];
  const run = (command: string, commandArgs: string[]): Promise<LoadResult> =>
    new Promise((resolve, reject) => {
      execFile(command, commandArgs, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
        if (err) reject(err);
        else resolve(JSON.parse(stdout) as LoadResult);
      });
    });
  if (rate !== undefined && steadyPriority !== 'normal') {
    return run(CHRT as string, ['--fifo', '10', process.execPath, ...args]).then(
      (r) => {
        steadyPriority = 'real-time';
        return r;
      },
      () => {
        steadyPriority = 'normal'; // not permitted here: measure at normal priority
        return run(process.execPath, args);
      },
    );
  }
  return run(process.execPath, args);
}

/**
 * The steady-rate client measures latencies; on a 2-core machine it shares the cores with the
 * service, so its own wake-ups are late whenever both cores are busy, and that lateness would be
 * counted as the service's. Where allowed (root, or CAP_SYS_NICE), it runs at real-time priority
 * (SCHED_FIFO with util-linux's chrt) so that its timers fire on time; the service keeps its normal
 * priority. Each round prints the client's own lateness either way.
 */
const CHRT = ['/usr/bin/chrt', '/bin/chrt'].find((p) => fs.existsSync(p));
let steadyPriority: 'unknown' | 'real-time' | 'normal' = CHRT ? 'unknown' : 'normal';

/** Pages of a PDF, read with pdfjs-dist (the tests' extraction script). */
function pageCount(pdf: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(ROOT, 'test/helpers/pdf-extract.mjs')],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => {
        if (err) reject(err);
        else resolve((JSON.parse(stdout) as { numPages: number }).numPages);
      },
    );
    child.stdin?.end(pdf);
  });
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(handler).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  const probe = await listen((_req, res) => res.end());
  const port = Number(new URL(probe.url).port);
  probe.close();
  return port;
}

/**
 * Starts the built service (dist/src/server.js with the Node options of `npm start`) on a fresh
 * database in a temporary folder, and waits until it answers.
 */
async function startService(): Promise<{
  url: string;
  pid: number;
  warmedUp: (limit: number) => Promise<void>;
  renders: () => Promise<number>;
  drained: (limit: number) => Promise<void>;
  stop: () => Promise<void>;
}> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const nodeOptions =
    /^(?:exec )?node\s+(.*?)\s*dist\/src\/server\.js$/
      .exec(pkg.scripts.start ?? '')?.[1]
      ?.split(/\s+/)
      .filter(Boolean) ?? [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-service-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeOptions, path.join(ROOT, 'dist/src/server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: url, DATABASE_PATH: path.join(dir, 'booklets.db') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The service logs one line when its start-up warm-up of the render threads is done.
  let log = '';
  const warmedUp = new Promise<void>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-4096);
      if (log.includes('render threads warmed up')) resolve();
    });
  });
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until || child.exitCode !== null) throw new Error('the service did not start (run "npm run build" first)');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Renders performed so far, from the service's own /metrics (a loopback request).
  const renders = async (): Promise<number> => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('booklets_render_cache_requests_total{result="render"}'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  };
  // Waits (at most `limit` ms) until the service's render queue is empty and nothing more is rendered.
  const drained = async (limit: number): Promise<void> => {
    const until = Date.now() + limit;
    let before = -1;
    for (;;) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const queued = Number(/^booklets_pdf_pool_queue_size (\d+)/m.exec(text)?.[1] ?? 0);
      const now = await renders();
      if ((queued === 0 && now === before) || Date.now() > until) return;
      before = now;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  return {
    url,
    pid: child.pid as number,
    warmedUp: (limit) => Promise.race([warmedUp, new Promise<void>((r) => setTimeout(r, limit).unref())]),
    renders,
    drained,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How long the bench waits at most for the service's start-up warm-up ("render threads warmed up" in its log). */
const WARM_UP_MS = 30_000;

/** Which document an address asks for: the print parameters with their defaults filled in. */
function documentOf(url: string): string {
  const u = new URL(url, 'http://x');
  const q = u.searchParams;
  return `${u.pathname}?${q.get('size') ?? 'a4'}/${q.get('layout') ?? 'pages'}/${q.get('profile') ?? 'accessible'}/${q.get('with') ?? ''}`;
}

/** FNV-1a of a string: a fixed order that looks random. */
function scramble(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function main(): Promise<void> {
  const db = openDatabase(':memory:');
  const pool = createPdfPool();
  const deps = composeServices(db, { pdfJobs: (job) => pool.render(job) });
  importCatalog(deps.repo, deps.languageAdmin, BOOKLETS_DIR);
  console.log(
    `Booklet service benchmark — ${os.cpus().length} cores, Node ${process.version}, ${seconds} s per load run; host load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  if (ONLY.length > 0)
    console.log(
      `BENCH_ONLY=${ONLY.join(',')} (sections: ${Object.entries(SECTIONS)
        .map(([n, k]) => `${k} ${n}`)
        .join(', ')})`,
    );
  console.log('');

  // Every print variant of a booklet, as paths: sizes a4/a5/letter × layout pages/booklet (not with
  // letter) × profile accessible/archive × alone or with each other language (?with=).
  const variantPaths = (slug: string): string[] => {
    const langs = deps.booklets.languagesOf(slug).languages; // the same sample booklets as the service's
    return langs.flatMap((lang) =>
      ['a4', 'a5', 'letter'].flatMap((size) =>
        (size === 'letter' ? ['pages'] : ['pages', 'booklet']).flatMap((layout) =>
          ['accessible', 'archive'].flatMap((profile) =>
            ['', ...langs.filter((l) => l !== lang)].map(
              (w) => `/booklets/${slug}/${lang}.pdf?size=${size}&layout=${layout}&profile=${profile}${w ? `&with=${w}` : ''}`,
            ),
          ),
        ),
      ),
    );
  };
  const slugs = deps.booklets.catalog().map((b) => b.slug);
  const allVariants = slugs.flatMap(variantPaths);

  if (only('render')) {
    console.log('1. Cold render of the sample booklet (PDF, A4, not cached; fonts loaded; in-process)');
    // One language per script the sample booklet is published in, and every right-to-left one.
    const published = deps.booklets.languagesOf(SLUG).languages.map((code) => deps.languages.get(code));
    const sample = published.filter((l, i) => l.dir === 'rtl' || published.findIndex((o) => o.script === l.script) === i);
    for (const { code: lang } of sample) {
      const doc = deps.render.layout(deps.booklets.read(SLUG, lang));
      const first = process.hrtime.bigint();
      const pdf = await renderPdf(doc);
      const firstMs = Number(process.hrtime.bigint() - first) / 1e6;
      const times: number[] = [];
      const until = Date.now() + 3000;
      while (Date.now() < until && times.length < 200) {
        const t = process.hrtime.bigint();
        await renderPdf(doc);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      const { median, p99 } = stats(times);
      const pages = await pageCount(pdf);
      console.log(
        `   ${lang}: median ${ms(median)}, p99 ${ms(p99)} over ${times.length} renders (first in process ${ms(firstMs)}); ${pages} pages, ${kb(pdf.length)}`,
      );
    }
  }

  // Sections 1b-5 measure the service as `npm start` runs it: its own process with its PDF worker pool,
  // logging to a pipe that nobody reads, the database made from the sample booklets.
  const needsServer = ['http-render', 'sizes', 'throughput', 'latency', 'cold-under-load'].some(only);
  const server = needsServer ? await startService() : undefined;
  /** Documents asked of `server` so far (documentOf), so that "nobody asked for yet" stays true. */
  const asked = new Set<string>();
  /**
   * Print variants of both booklets nobody asked for yet, as URLs of `server`, in an order that
   * moves between booklets and languages at every step (a fixed scrambled order within each), half
   * of them bilingual while single-language ones last.
   */
  const freshVariants = (): string[] => {
    const groups = new Map<string, string[]>();
    for (const v of allVariants) {
      if (asked.has(documentOf(v))) continue;
      const key = v.slice(0, v.indexOf('.pdf'));
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    // Within a language, single-language and bilingual (?with=) documents alternate while both last.
    const lists = [...groups.values()].map((g) => {
      const order = (l: string[]): string[] => l.sort((a, b) => scramble(a) - scramble(b));
      const single = order(g.filter((v) => !v.includes('with=')));
      const bilingual = order(g.filter((v) => v.includes('with=')));
      return Array.from(
        { length: g.length },
        (_, i) => ((i % 2 === 0 && single.length > 0) || bilingual.length === 0 ? single.shift() : bilingual.shift()) as string,
      );
    });
    const out: string[] = [];
    for (let i = 0; lists.some((l) => i < l.length); i++)
      for (const l of lists) if (i < l.length) out.push(`${server?.url}${l[i] as string}`);
    return out;
  };
  const timed = async (url: string): Promise<number> => {
    asked.add(documentOf(url));
    const t = process.hrtime.bigint();
    await (await fetch(url)).arrayBuffer();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };

  if (server && only('http-render')) {
    // What a reader waits for: a PDF nobody asked for yet, through HTTP (request, queue, render in the
    // worker pool, answer), not in-process. The service warms its render threads at start-up.
    console.log(`\n1b. Cold render through HTTP (PDFs nobody asked for yet, as a reader waits for them; ${hostLoad()})`);
    const startedFirst = await timed(`${server.url}/booklets/${SLUG}/uk.pdf?size=letter`);
    console.log(`   first PDF right after start, while the warm-up runs: ${ms(startedFirst)}`);
    await server.warmedUp(WARM_UP_MS);
    // The booklet's languages by direction: right-to-left text is shaped and reordered (target 40 ms).
    const published = deps.booklets.languagesOf(SLUG).languages.map((code) => deps.languages.get(code));
    const byDirection = [
      [published.filter((l) => l.dir === 'ltr').map((l) => l.code), 25],
      [published.filter((l) => l.dir === 'rtl').map((l) => l.code), 40],
    ] as const;
    for (const [langs, target] of byDirection) {
      const times: number[] = [];
      for (const query of ['size=a5', 'size=letter&profile=archive', 'size=a4&profile=archive', 'size=a5&profile=archive']) {
        for (const lang of langs) times.push(await timed(`${server.url}/booklets/${SLUG}/${lang}.pdf?${query}`));
      }
      console.log(
        `   ${langs.join('/')}: first after the warm-up ${ms(times[0] as number)} (target ≤ 150 ms), median ${ms(median(times))} over ${times.length} (target ≤ ${target} ms)`,
      );
    }
  } else if (server && ['throughput', 'latency', 'cold-under-load'].some(only)) {
    // Timed with warm render threads, and after the start-up warm-up has stopped taking CPU.
    await server.warmedUp(WARM_UP_MS);
  }

  const pdfUrl = `${server?.url}/booklets/${SLUG}/en.pdf`;
  let pdfBytes = Buffer.alloc(0);
  if (server) {
    asked.add(documentOf(pdfUrl));
    pdfBytes = Buffer.from(await (await fetch(pdfUrl)).arrayBuffer());
    await fetch(pdfUrl); // the second request is served by the hot path
  }

  if (server && only('sizes')) {
    const html = await (await fetch(`${server.url}/booklets/${SLUG}/ru`, { headers: { 'Accept-Encoding': 'identity' } })).text();
    console.log('\n2. Sizes');
    console.log(`   12-page PDF (en): ${kb(pdfBytes.length)} (target ≤ 80 KB)`);
    console.log(`   Largest HTML page (ru): ${kb(Buffer.byteLength(html))} before compression (target ≤ 44 KB)`);
  }

  if (server && only('throughput')) {
    console.log(
      `\n3. Cached download throughput: the service, express.static and nginx serving the same bytes (16 connections; ${hostLoad()})`,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-static-'));
    fs.writeFileSync(path.join(dir, 'booklet.pdf'), pdfBytes);
    const staticApp = express();
    staticApp.use(express.static(dir));
    const staticServer = await listen(staticApp);
    // nginx: one worker, sendfile on, no access log, the same bytes as a static file.
    const nginx = NGINX ? await startNginx(pdfBytes, 'booklet.pdf') : undefined;
    const servers = [
      { name: 'service', url: pdfUrl, rps: [] as number[] },
      { name: 'express.static', url: `${staticServer.url}/booklet.pdf`, rps: [] as number[] },
      ...(nginx ? [{ name: 'nginx', url: `${nginx.url}/booklet.pdf`, rps: [] as number[] }] : []),
    ];
    const [ours, express_, nginx_] = servers as [(typeof servers)[0], (typeof servers)[0], (typeof servers)[0] | undefined];
    console.log(
      `   load generator: ${WRK ? 'wrk' : "autocannon (install Debian's wrk for figures less limited by the client)"}; ${THROUGHPUT_ROUNDS} short rounds, the servers taking turns`,
    );
    if (!nginx) console.log('   nginx is not installed: "apt-get install nginx-light" (Debian) adds it to this table');
    const vsStatic: number[] = [];
    const vsNginx: number[] = [];
    const throughputSeconds = Math.max(1, Math.round(seconds * 0.4));
    for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
      // Which server goes first rotates, and the order reverses every other round, so that none
      // always follows another.
      const turn = servers.map((_, i) => servers[(i + round) % servers.length] as (typeof servers)[0]);
      if (round % 2 === 0) turn.reverse();
      const results = new Map<string, LoadResult>();
      for (const s of turn) results.set(s.name, await runLoad(s.url, 16, throughputSeconds));
      const r = (s: (typeof servers)[0]): LoadResult => results.get(s.name) as LoadResult;
      for (const s of servers) s.rps.push(r(s).rps);
      vsStatic.push(r(ours).rps / Math.max(1, r(express_).rps));
      if (nginx_) vsNginx.push(r(ours).rps / Math.max(1, r(nginx_).rps));
      console.log(
        `   round ${round}: ${servers.map((s) => `${s.name} ${r(s).rps.toFixed(0)} req/s (p99 ${ms(r(s).p99)}${r(s).errors ? `, errors ${r(s).errors}` : ''})`).join(' | ')}` +
          ` — service/express.static ${(vsStatic.at(-1) as number).toFixed(2)}×${nginx_ ? `, service/nginx ${(vsNginx.at(-1) as number).toFixed(2)}×` : ''}`,
      );
    }
    staticServer.close();
    await nginx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`   medians: ${servers.map((s) => `${s.name} ${median(s.rps).toFixed(0)} req/s`).join(', ')}`);
    console.log(
      `   service vs express.static: ratio of the medians ${(median(ours.rps) / median(express_.rps)).toFixed(2)}×; median of the rounds' ratios: ${median(vsStatic).toFixed(2)}× (target ≥ 5×)`,
    );
    if (nginx_) {
      console.log(
        `   service vs nginx: rounds ${vsNginx.map((x) => `${x.toFixed(2)}×`).join(', ')}; median of the rounds' ratios: ${median(vsNginx).toFixed(2)}× (target ≥ 0.5×)`,
      );
    }
  }

  if (server && only('latency')) {
    // Latency at a steady 500 downloads/s (a busy public service), not at saturation: the question is
    // whether renders slow down everyone else's downloads. One steady stream of downloads runs
    // throughout while renders are switched on and off in alternate windows of two seconds; each
    // download is counted as idle or busy by when it was due. Both conditions so share every moment
    // of whatever else the machine is doing, which on a shared host moves p99 more than renders do.
    // Renders are asked for at a realistic 8 new documents per second in the busy windows.
    const RATE = 500;
    const RENDER_RATE = 8;
    const WINDOW_MS = 2000;
    const SETTLE_MS = 300; // after the last render of a busy window, before downloads count as idle
    // Renders as the server does them: requests for print variants nobody asked for yet, from a client
    // in another process, so each is laid out and rendered (by the service's worker pool).
    // Both sample booklets, alternating, so that the renders are as varied as readers' requests.
    const variants = freshVariants();
    // The render thread's first jobs load fonts and warm up; the measurement sees it warm.
    for (const warm of variants.filter((u) => /\/(uk|ar|fa)\.pdf\?size=a5&layout=booklet&profile=accessible&with=(en|uk)$/.test(u))) {
      await fetch(warm).then((r) => r.arrayBuffer());
      asked.add(documentOf(warm));
      variants.splice(variants.indexOf(warm), 1);
    }
    // A fixed render rate over the whole stream must not run out of variants nobody asked for yet
    // (2 booklets × 6 languages × 60 variants): with many BENCH_SECONDS the stream is shortened.
    const wanted = Math.max(4, 2 * Math.round((seconds * 4000) / WINDOW_MS)); // 20 windows, 40 s at the default
    const affordable = 2 * Math.floor((0.9 * variants.length) / ((RENDER_RATE * WINDOW_MS) / 1000));
    const WINDOWS = Math.min(wanted, affordable);
    const total = (WINDOWS * WINDOW_MS) / 1000;
    console.log(
      `\n4. Download latency at ${RATE} downloads/s, idle and while renders run continuously (${RENDER_RATE} new documents/s; ${hostLoad()})`,
    );
    console.log(
      `   one steady stream for ${total} s; renders on and off in alternate ${WINDOW_MS / 1000}-s windows, so that other work on`,
    );
    console.log(
      "   the machine weighs on both alike; renders in the service's worker pool (nice 10); latencies timed from when each request was due",
    );
    console.log(
      `   renders asked for at ${RENDER_RATE}/s in the busy windows, each when due: ${(RENDER_RATE * total) / 2} of ${variants.length} variants nobody asked for yet` +
        (WINDOWS < wanted ? ` (stream shortened from ${(wanted * WINDOW_MS) / 1000} s so that they last)` : ''),
    );
    const startAt = Date.now() + 1500; // both clients are up by then
    const rendersBefore = await server.renders();
    type RenderClientResult = {
      received: number;
      sent: number;
      failed: number;
      abandoned: number;
      exhausted: boolean;
      windows: [number, number, number][];
    };
    const renderClient = new Promise<RenderClientResult>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [path.join(__dirname, 'render-client.js'), String(total), '2', String(WINDOW_MS), String(startAt), String(RENDER_RATE)],
        (err, stdout) => {
          if (err) reject(err);
          else resolve(JSON.parse(stdout) as RenderClientResult);
        },
      );
      child.stdin?.end(JSON.stringify(variants));
    });
    const stream = await runLoad(pdfUrl, 8, total, RATE, startAt);
    const rendered = await renderClient;
    for (const url of variants.slice(0, rendered.sent)) asked.add(documentOf(url));
    const renders = (await server.renders()) - rendersBefore;
    // Busy: due while a busy window's renders were in flight. Idle: due in a quiet window, once the
    // renders of the window before had been answered for SETTLE_MS.
    const activity = new Map(rendered.windows.map(([index, from, to]) => [index, { from, to }]));
    const idleAll: number[] = [];
    const busyAll: number[] = [];
    const quarters = Array.from({ length: 4 }, () => ({ idle: [] as number[], busy: [] as number[] }));
    const latencies = stream.latencies ?? [];
    const dues = stream.dues ?? [];
    latencies.forEach((latency, i) => {
      const due = dues[i] as number;
      const index = Math.floor((due - startAt) / WINDOW_MS);
      if (index < 0 || index >= WINDOWS) return;
      const quarter = quarters[Math.floor((index * 4) / WINDOWS)] as { idle: number[]; busy: number[] };
      if (index % 2 === 0) {
        const busy = activity.get(index);
        if (busy && due >= busy.from && due <= busy.to) {
          busyAll.push(latency);
          quarter.busy.push(latency);
        }
      } else if (due >= (activity.get(index - 1)?.to ?? startAt + index * WINDOW_MS) + SETTLE_MS) {
        idleAll.push(latency);
        quarter.idle.push(latency);
      }
    });
    const busySeconds = [...activity.values()].reduce((sum, w) => sum + (w.to - w.from) / 1000, 0);
    const p99 = (xs: number[]): number => stats(xs).p99;
    const over = (xs: number[], limit: number): string =>
      `${((100 * xs.filter((x) => x > limit).length) / Math.max(1, xs.length)).toFixed(1)} %`;
    const line = (label: string, xs: number[]): string =>
      `   ${label}${xs.length} downloads, p50 ${ms(stats(xs).median)}, p95 ${ms(stats95(xs))}, p99 ${ms(p99(xs))}, slower than 3 ms ${over(xs, 3)}`;
    console.log(
      `   steady-rate client at ${steadyPriority} priority; its own lateness p99 ${ms(stream.latenessP99 ?? 0)}; errors ${stream.errors}`,
    );
    if (rendered.exhausted) console.log('   (ran out of print variants to render before the end: use fewer BENCH_SECONDS)');
    console.log(
      `   renders achieved: ${renders} by the service in ${busySeconds.toFixed(1)} s of busy windows, ${(renders / Math.max(1, busySeconds)).toFixed(1)} new documents/s ` +
        `(asked ${RENDER_RATE}/s, at most ${Math.max(2, Math.ceil(RENDER_RATE / 2))} in flight; ${rendered.sent} sent${rendered.failed ? `, ${rendered.failed} failed` : ''}` +
        `${rendered.abandoned ? `, ${rendered.abandoned} still unanswered 2 s after the stream, abandoned` : ''})`,
    );
    console.log(line('idle:          ', idleAll));
    console.log(line('with renders:  ', busyAll));
    // A quarter without both kinds of downloads (renders ran out) has no ratio.
    const quarterRatios = quarters.map((q) =>
      q.busy.length > 0 && q.idle.length > 0 ? `${(p99(q.busy) / p99(q.idle)).toFixed(2)}×` : '–',
    );
    console.log(`   p99 ratio by quarter of the run: ${quarterRatios.join(', ')}`);
    console.log(`   p99 ratio: ${(p99(busyAll) / p99(idleAll)).toFixed(2)}× (target ≤ 1.5×)`);
    // Quiet windows hold about as many downloads as busy ones; renders that outlast their window take
    // the quiet time after it, and too few idle downloads leave the ratio to chance.
    if (idleAll.length < busyAll.length / 4) {
      console.log(
        `   (only ${idleAll.length} idle downloads: renders outlasted their windows, so the ratio says little; the service renders too slowly on this host now)`,
      );
    }
    if (rendered.abandoned) await server.drained(60_000); // abandoned renders still run in the pool
  }

  if (server && only('cold-under-load')) {
    const CONNECTIONS = 64;
    const RENDER_RATE = 3;
    const PAIRS = 5;
    const runSeconds = Math.max(2, Math.round(seconds * 0.6)); // 3 s at the default
    console.log(
      `\n5. Cold renders while cached downloads saturate the service (${WRK ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections on a cached PDF; ${hostLoad()})`,
    );
    console.log(
      `   ${PAIRS} pairs of ${runSeconds}-s runs (more if fewer than 10 renders were timed), downloads alone and with PDFs nobody asked`,
    );
    console.log(
      `   for yet (one after another, at most ${RENDER_RATE} a second; distinct languages, sizes, layouts, profiles, bilingual ?with=),`,
    );
    console.log('   which goes first alternating; each PDF timed from its request to its last byte');
    const fresh = freshVariants();
    const total = fresh.length;
    await coldRendersUnderLoad({
      cachedUrl: pdfUrl,
      fresh,
      seconds: runSeconds,
      pairs: PAIRS,
      connections: CONNECTIONS,
      rate: RENDER_RATE,
      minimum: 10,
      load: runLoad,
      renders: server.renders,
    });
    for (const url of freshVariants().slice(0, total - fresh.length)) asked.add(documentOf(url));
  }

  let sharedRss: number | undefined;
  if (server) {
    sharedRss = processTreeRss(server.pid).bytes;
    await server.stop();
  }

  if (only('memory')) {
    const loadSeconds = 4 * seconds;
    console.log(`\n6. Memory: RSS of the service's processes (the server and any children, from /proc) on a fresh service (${hostLoad()})`);
    console.log(
      `   after rendering every variant of both sample booklets (${allVariants.length}: every size/layout/profile, alone and with every other`,
    );
    console.log(`   language), then after ${loadSeconds} s of cached downloads and pages`);
    if (sharedRss !== undefined)
      console.log(`   (the service of the sections above, when it stopped: ${(sharedRss / 1024 / 1024).toFixed(1)} MB)`);
    const pages = ['/', ...slugs.flatMap((slug) => deps.booklets.languagesOf(slug).languages.map((lang) => `/booklets/${slug}/${lang}`))];
    await memoryAfterEverything({
      start: startService,
      variants: allVariants,
      pages,
      seconds: loadSeconds,
      connections: 16,
      load: runLoad,
    });
  }

  await pool.close();
  db.close();

  // The static export in a process of its own (bench/export-memory.ts): peak RSS, files, time.
  if (only('export')) await printExportSection(hostLoad());
}

const benchStarted = Date.now();
main().then(
  () =>
    console.log(
      `\nBench done in ${((Date.now() - benchStarted) / 1000).toFixed(0)} s; host load average (1, 5, 15 min) ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(', ')}`,
    ),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
