import net from 'node:net';
import autocannon from 'autocannon';

/** Result of one load run: requests per second and latency percentiles in milliseconds. */
export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** wrk: what the errors were (non-2xx/3xx responses, socket errors by kind). */
  errorDetail?: string;
  /** Steady-rate runs: p99 of how late the client itself sent requests, in milliseconds. */
  latenessP99?: number;
  /** Steady-rate runs: every latency, to pool rounds. */
  latencies?: number[];
  /** Steady-rate runs: when each of those requests was due, in milliseconds since the epoch. */
  dues?: number[];
}

/**
 * Sends GET requests to `url` from `connections` keep-alive connections for `seconds` with
 * autocannon. Loopback only; bounded in time.
 */
export async function load(url: string, connections: number, seconds: number, rate?: number, startAt?: number): Promise<LoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load only targets loopback');
  if (rate) {
    // A start time (milliseconds since the epoch) lines the run up with another process's.
    const wait = startAt === undefined ? 0 : startAt - (performance.timeOrigin + performance.now());
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return steady(target, connections, seconds, rate);
  }
  const r = await autocannon({ url, connections, duration: seconds });
  return {
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

/**
 * Requests at a steady rate over `connections` keep-alive connections, each request timed from when
 * it was due (not from when a connection was free), so a stalled server shows up in the latencies
 * instead of silently lowering the rate. The client speaks just enough HTTP/1.1 over plain sockets
 * (a prepared request, status line and Content-Length) to stay light: on a 2-core machine every
 * microsecond the client spends is taken from the service it measures. `lateness` is how late the
 * client itself sent requests (its own scheduling delays, part of the latencies).
 */
function steady(target: URL, connections: number, seconds: number, rate: number): Promise<LoadResult> {
  const request = Buffer.from(
    `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nAccept-Encoding: identity\r\n\r\n`,
    'latin1',
  );
  const latencies: number[] = [];
  const dues: number[] = [];
  const lateness: number[] = [];
  const total = Math.round(rate * seconds);
  let errors = 0;
  let sent = 0;
  let done = 0;
  const waiting: number[] = []; // due times of requests without a free connection
  const start = performance.now();

  return new Promise((resolve) => {
    const sockets: Connection[] = [];
    const finish = (): void => {
      for (const c of sockets) c.socket.destroy();
      // Sorted copies: latencies stay in step with their due times.
      const pick = (xs: number[], q: number): number => {
        const sorted = [...xs].sort((a, b) => a - b);
        return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      };
      resolve({
        requests: done,
        errors,
        rps: done / ((performance.now() - start) / 1000),
        p50: pick(latencies, 0.5),
        p99: pick(latencies, 0.99),
        latenessP99: pick(lateness, 0.99),
        latencies: latencies.map((x) => Math.round(x * 1000) / 1000),
        dues: dues.map((x) => Math.round((performance.timeOrigin + x) * 10) / 10),
      });
    };
    const complete = (c: Connection, ok: boolean): void => {
      if (!ok) errors++;
      latencies.push(performance.now() - c.due);
      dues.push(c.due);
      c.busy = false;
      if (++done === total) finish();
      else if (waiting.length > 0) send(c, waiting.shift() as number);
    };
    const send = (c: Connection, due: number): void => {
      c.busy = true;
      c.due = due;
      c.head = '';
      c.remaining = -1;
      lateness.push(performance.now() - due);
      c.socket.write(request);
    };
    for (let i = 0; i < connections; i++) {
      const socket = net.connect(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ''));
      socket.setNoDelay(true);
      const c: Connection = { socket, busy: false, due: 0, head: '', remaining: -1, status: 0 };
      socket.on('data', (chunk: Buffer) => {
        let body = chunk;
        if (c.remaining < 0) {
          c.head += chunk.toString('latin1');
          const end = c.head.indexOf('\r\n\r\n');
          if (end < 0) return;
          c.status = Number(c.head.slice(9, 12));
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(c.head.slice(0, end));
          c.remaining = length ? Number(length[1]) : 0;
          body = chunk.subarray(chunk.length - (c.head.length - end - 4));
        }
        c.remaining -= body.length;
        if (c.remaining <= 0) complete(c, c.status === 200);
      });
      socket.on('error', () => undefined); // followed by 'close'
      socket.on('close', () => {
        if (done === total) return;
        if (c.busy) complete(c, false);
        if (sockets.every((s) => s.socket.destroyed)) {
          // No connection left: everything not answered yet is an error.
          errors += total - done;
          done = total;
          sent = total;
          finish();
        }
      });
      sockets.push(c);
    }
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        const due = start + (sent++ * 1000) / rate;
        const free = sockets.find((c) => !c.busy && !c.socket.destroyed);
        if (free) send(free, due);
        else waiting.push(due);
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

interface Connection {
  socket: net.Socket;
  busy: boolean;
  due: number;
  head: string;
  remaining: number;
  status: number;
}

// Run as a child process (so the load does not share the server's event loop):
// node load.js <url> <connections> <seconds> [requests per second [start, ms since the epoch]]
// -> JSON on stdout.
if (require.main === module) {
  const [url = '', connections = '32', seconds = '5', rate, startAt] = process.argv.slice(2);
  void load(url, Number(connections), Number(seconds), rate ? Number(rate) : undefined, startAt ? Number(startAt) : undefined).then((r) =>
    process.stdout.write(JSON.stringify(r)),
  );
}
