import { ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { CacheFigures, Metrics } from '../observability/metrics';

/*
 * Render processes: documents nobody has asked for yet are made, and sent, by separate processes
 * at the lowest CPU priority, so that renders never take the event loop that serves downloads.
 *
 * The server reads each request as usual. When a GET of a booklet file would render (its document
 * is neither in memory nor on disk), the server hands the connection itself to a render process (a
 * file descriptor passed over the IPC channel, as Node's cluster module does), together with the
 * request's head; the render process parses the request again with the same application, renders,
 * answers with `Connection: close` and writes the document to the shared disk cache, where the
 * server finds it for every later request. The server's share of a render request is one parse and
 * one message, instead of routing, the render's result, sending the document and the garbage all
 * that leaves.
 */

/** Server -> render process. A request comes with its connection's TCP handle as the message's handle. */
export type ToRenderProcess = { type: 'request'; head: string } | { type: 'stop' };

/** What a render process observed since its last report, for the server's /metrics. */
export interface RenderProcessReport {
  /** Answered requests: method, route pattern, status, seconds. */
  requests: [string, string, number, number][];
  /** Renders: format, language, variant, seconds. */
  renders: [string, string, string, number][];
  /** Complete downloads, by format (counted in the database by the render process itself). */
  downloads: string[];
  /** The render process's cache counters since it started. */
  cache: { hits: number; diskHits: number; renders: number };
  /** Its log lines (JSON, each ending in a newline), written by the server with its own. */
  lines: string[];
  /** Connections handed over that have closed since the last report. */
  closed: number;
}

const ReportSchema = z.object({
  requests: z.array(z.tuple([z.string(), z.string(), z.number().int(), z.number().nonnegative()])).max(10_000),
  renders: z.array(z.tuple([z.string(), z.string(), z.string(), z.number().nonnegative()])).max(10_000),
  downloads: z.array(z.string()).max(10_000),
  cache: z.object({ hits: z.number().int().nonnegative(), diskHits: z.number().int().nonnegative(), renders: z.number().int().nonnegative() }),
  lines: z.array(z.string().max(64 * 1024)).max(10_000),
  closed: z.number().int().nonnegative(),
});

/** Render process -> server. */
const FromRenderProcessSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('report'), report: ReportSchema }),
]);

/** Heads larger than this are answered by the server itself (the limit of a request's headers is 16 KB). */
const MAX_HEAD = 32 * 1024;

/**
 * Requests one render process holds at most; past that (a flood of variants nobody asked for), the
 * server answers with its own bounded worker pool rather than piling connections up in one process.
 */
const MAX_IN_FLIGHT = 64;

/**
 * The command prefix that starts a process at the lowest CPU priority: Linux's SCHED_IDLE class with
 * util-linux's chrt (the process and every thread it starts run only on CPU time nothing else
 * wants), else nice 19 with coreutils' nice; none where neither works (then os.setPriority after the
 * start lowers the main thread). Checked once, by running `true` under it.
 */
let idlePrefix: string[] | null | undefined;
export function lowPriorityPrefix(): string[] | null {
  if (idlePrefix !== undefined) return idlePrefix;
  const candidates: string[][] = [
    ...['/usr/bin/chrt', '/bin/chrt'].filter((p) => fs.existsSync(p)).map((p) => [p, '--idle', '0']),
    ...['/usr/bin/nice', '/bin/nice'].filter((p) => fs.existsSync(p)).map((p) => [p, '-n', '19']),
  ];
  idlePrefix = null;
  for (const prefix of candidates) {
    try {
      execFileSync(prefix[0] as string, [...prefix.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
      idlePrefix = prefix;
      break;
    } catch {
      // not permitted here: try the next
    }
  }
  return idlePrefix;
}

/** The request line and headers as received (header bytes are kept as latin1 strings by Node). */
function requestHead(req: IncomingMessage): string {
  let head = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${head}\r\n`;
}

export interface RenderProcessesOptions {
  /** How many processes (one per core left to renders). */
  count: number;
  /** Receives each process's report (the server adds it to its metrics). */
  metrics: Metrics;
  /** Writes a log line of a render process with the server's own (one output, whole lines). */
  logLine: (line: string) => void;
  log: (level: 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  /** The compiled entry; default dist/src/render-process.js beside the running server. */
  entry?: string;
  /** Node options of the processes. */
  execArgv?: string[];
  /** Environment of the processes (default: the server's). */
  env?: NodeJS.ProcessEnv;
}

interface Slot {
  index: number;
  child: ChildProcess | undefined;
  ready: boolean;
  startedAt: number;
  /** Consecutive quick failures, for the restart delay. */
  failures: number;
  /** Requests handed over and not yet reported answered. */
  inFlight: number;
  /**
   * Hand-overs whose sending has not completed: Node sends one handle at a time and drops those
   * still waiting when the process ends, without calling back; the server settles them itself then.
   */
  sending: Set<(err?: Error | null) => void>;
  timer: NodeJS.Timeout | undefined;
  cache: RenderProcessReport['cache'];
}

const NO_FIGURES = { hits: 0, diskHits: 0, renders: 0 };

type CacheCounts = RenderProcessReport['cache'];

/** `total` with `counts` added to its cache counters. */
function addCounts<T extends CacheCounts>(total: T, counts: CacheCounts): T {
  return { ...total, hits: total.hits + counts.hits, diskHits: total.diskHits + counts.diskHits, renders: total.renders + counts.renders };
}

/** The server's side of the render processes: starts them, hands them requests, restarts them. */
export class RenderProcesses {
  private readonly slots: Slot[];
  private stopping = false;
  /** Cache counters of processes that have ended (their last report). */
  private retired = { ...NO_FIGURES };
  /** Requests handed over (booklets_render_process_requests_total). */
  handedOver = 0;

  constructor(private readonly options: RenderProcessesOptions) {
    this.slots = Array.from({ length: Math.max(1, options.count) }, (_, index) => ({
      index, child: undefined, ready: false, startedAt: 0, failures: 0, inFlight: 0, sending: new Set(), timer: undefined, cache: { ...NO_FIGURES },
    }));
  }

  start(): void {
    for (const slot of this.slots) this.spawn(slot);
  }

  /** Processes that take requests now. */
  get ready(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /**
   * Hands the request's connection to the render process of its document's cache key (one process
   * per key, so that concurrent requests for one document share one render there). `keyOf` gives
   * the key when the request would render now, else undefined; it is asked only once the request
   * could be handed over at all. False when the request stays here: the caller answers it itself.
   * Should passing the connection fail, `fallback` answers it here after all.
   */
  handOff(req: IncomingMessage, res: ServerResponse, keyOf: () => string | undefined, fallback: () => void): boolean {
    if (this.stopping || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    // Only a request alone on its connection: a response to an earlier request (pipelined) still to
    // be written here would be cut off, and the reader would take this answer for that one. A
    // response waiting behind another has no socket yet.
    if (res.socket !== req.socket) return false;
    // A request body would stay behind with the server; Expect: 100-continue was answered here.
    if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') return false;
    if (req.headers.expect !== undefined) return false;
    const socket: Socket = req.socket;
    if (!(socket as Socket & { _handle?: unknown })._handle || this.waiting.has(socket)) return false;
    const key = keyOf();
    if (key === undefined) return false;
    const slot = this.slots[Number.parseInt(key.slice(0, 8), 16) % this.slots.length];
    const child = slot?.child;
    if (!slot?.ready || !child?.connected || slot.inFlight >= MAX_IN_FLIGHT) return false;
    const head = requestHead(req);
    if (head.length > MAX_HEAD) return false;
    // Sent once the bytes read with this request have all been parsed: a request pipelined behind
    // it in the same read arrives first (`arrived`), and then the server answers both itself.
    this.waiting.add(socket);
    process.nextTick(() => {
      const interrupted = this.interrupted.has(socket);
      this.waiting.delete(socket);
      this.interrupted.delete(socket);
      const handle = (socket as Socket & { _handle?: unknown })._handle;
      if (interrupted || !handle || socket.destroyed || !slot.ready || slot.child !== child || !child.connected) {
        if (!socket.destroyed) fallback();
        return;
      }
      this.send(slot, child, socket, handle, { type: 'request', head }, fallback);
    });
    return true;
  }

  /** Connections with a request about to be handed over (see handOff). */
  private readonly waiting = new WeakSet<Socket>();
  /** Of those, connections on which another request arrived meanwhile. */
  private readonly interrupted = new WeakSet<Socket>();

  /**
   * Called for every request the server reads: another request on a connection whose previous one
   * is about to be handed over keeps both with the server, answered in order.
   */
  arrived(req: IncomingMessage): void {
    if (this.waiting.has(req.socket)) this.interrupted.add(req.socket);
  }

  private send(slot: Slot, child: ChildProcess, socket: Socket, handle: unknown, message: ToRenderProcess, fallback: () => void): void {
    socket.pause();
    this.handedOver++;
    slot.inFlight++;
    const settle = (err?: Error | null): void => {
      if (!slot.sending.delete(settle)) return;
      if (err) {
        // Not sent (the process ended or the channel failed): the server answers after all.
        if (slot.child === child) slot.inFlight = Math.max(0, slot.inFlight - 1);
        if (socket.destroyed) return;
        socket.resume();
        fallback();
        return;
      }
      // The render process holds its own descriptor of the connection now: the server closes its
      // own (which sends nothing to the client) and forgets the request.
      socket.destroy();
    };
    slot.sending.add(settle);
    // The connection's own descriptor (the TCP handle, as Node's child_process passes it), not the
    // socket: a socket of the server's would enrol the process in net.Server's tracking of
    // connections held by cluster workers, under which server.close() never ends once such a process
    // has died.
    child.send(message, handle as Socket, settle);
  }

  /** The server's own cache figures with the counters of every render process since it started added. */
  withTheirs(own: CacheFigures): CacheFigures {
    return [this.retired, ...this.slots.map((s) => s.cache)].reduce<CacheFigures>((total, counts) => addCounts(total, counts), own);
  }

  /**
   * Asks every process to finish its requests and exit; kills what is left after `timeoutMs`. Later
   * calls wait for the same.
   */
  stop(timeoutMs = 10_000): Promise<void> {
    this.stopped ??= this.stopAll(timeoutMs);
    return this.stopped;
  }

  private stopped: Promise<void> | undefined;

  private async stopAll(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.timer);
        const child = slot.child;
        slot.ready = false;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.connected) child.send({ type: 'stop' } satisfies ToRenderProcess, () => undefined);
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(slot: Slot): void {
    const entry = this.options.entry ?? path.join(__dirname, '..', 'render-process.js');
    const execArgv = this.options.execArgv ?? ['--max-old-space-size=256', '--single-threaded-gc'];
    const prefix = lowPriorityPrefix();
    let child: ChildProcess;
    try {
      child = fork(entry, [], {
        execPath: prefix ? (prefix[0] as string) : process.execPath,
        execArgv: prefix ? [...prefix.slice(1), process.execPath, ...execArgv] : execArgv,
        env: this.options.env ?? process.env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'json',
      });
    } catch (e) {
      this.options.log('error', 'could not start a render process', { error: String(e) });
      this.restartLater(slot);
      return;
    }
    slot.child = child;
    slot.ready = false;
    slot.inFlight = 0;
    slot.startedAt = Date.now();
    slot.cache = { ...NO_FIGURES };
    if (!prefix && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 19);
      } catch {
        // not permitted: it runs at normal priority
      }
    }
    child.on('message', (raw: unknown) => this.received(slot, child, raw));
    child.on('error', (e) => this.options.log('error', 'render process error', { process: slot.index, error: String(e) }));
    child.once('exit', (code, signal) => {
      if (slot.child !== child) return;
      slot.ready = false;
      slot.child = undefined;
      slot.inFlight = 0;
      for (const settle of [...slot.sending]) settle(new Error('the render process ended'));
      this.retired = addCounts(this.retired, slot.cache);
      slot.cache = { ...NO_FIGURES };
      if (this.stopping) return;
      this.options.log('error', 'a render process ended; the server renders itself until it is back', { process: slot.index, code, signal });
      this.restartLater(slot);
    });
  }

  /** Starts the slot's process again, after 1 s, doubling with each quick failure up to 30 s. */
  private restartLater(slot: Slot): void {
    slot.failures = Date.now() - slot.startedAt > 60_000 ? 0 : slot.failures + 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.max(0, slot.failures - 1));
    slot.timer = setTimeout(() => {
      if (!this.stopping) this.spawn(slot);
    }, delay);
    slot.timer.unref();
  }

  private received(slot: Slot, child: ChildProcess, raw: unknown): void {
    const parsed = FromRenderProcessSchema.safeParse(raw);
    if (!parsed.success || slot.child !== child) return;
    const message = parsed.data;
    if (message.type === 'ready') {
      slot.ready = !this.stopping;
      return;
    }
    const { report } = message;
    const metrics = this.options.metrics;
    slot.inFlight = Math.max(0, slot.inFlight - report.closed);
    for (const [method, route, status, seconds] of report.requests) metrics.observeRequest(method, route, status, seconds);
    for (const [format, lang, variant, seconds] of report.renders) metrics.observeRender(format, lang, variant, seconds);
    for (const format of report.downloads) metrics.observeDownload(format);
    for (const line of report.lines) this.options.logLine(line);
    slot.cache = report.cache;
  }
}

/**
 * In a render process: what its application records in its metrics and writes to its log goes to
 * the server instead, once per turn of the event loop, so that the server's /metrics shows every
 * request and render, and its output has every log line whole (two processes writing blocks to one
 * pipe could interleave them). Lines are written to standard output when the server is gone.
 */
export class ReportToServer {
  private report: RenderProcessReport | undefined;

  constructor(
    private readonly cache: () => CacheFigures,
    private readonly send: (report: RenderProcessReport, sent?: () => void) => boolean,
  ) {}

  /** Replaces the recording methods of `metrics` with ones that report to the server. */
  forward(metrics: Metrics): void {
    metrics.observeRequest = (method, route, status, seconds) => void this.pending().requests.push([method, route, status, seconds]);
    metrics.observeRender = (format, lang, variant, seconds) => void this.pending().renders.push([format, lang, variant, seconds]);
    metrics.observeDownload = (format) => void this.pending().downloads.push(format);
  }

  /** Counts a connection handed over that has closed. */
  closed(): void {
    this.pending().closed++;
  }

  /** A log destination (pino's) whose lines go to the server. */
  readonly log = {
    write: (line: string): void => void this.pending().lines.push(line),
  };

  /** Sends what is pending now; `done` runs once it has left (before the process exits). */
  flush(done?: () => void): void {
    const report = this.report;
    this.report = undefined;
    if (!report) {
      done?.();
      return;
    }
    const { hits, diskHits, renders } = this.cache();
    report.cache = { hits, diskHits, renders };
    if (this.send(report, done)) return;
    if (report.lines.length > 0) {
      try {
        fs.writeSync(1, report.lines.join(''));
      } catch {
        // no output left
      }
    }
    done?.();
  }

  private pending(): RenderProcessReport {
    if (!this.report) {
      this.report = { requests: [], renders: [], downloads: [], cache: { ...NO_FIGURES }, lines: [], closed: 0 };
      setImmediate(() => this.flush());
    }
    return this.report;
  }
}
