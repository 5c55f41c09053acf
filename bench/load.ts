import http from 'node:http';
import autocannon from 'autocannon';

/** Result of one load run: requests per second and latency percentiles in milliseconds. */
export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Sends GET requests to `url` from `connections` keep-alive connections for `seconds` with
 * autocannon. Loopback only; bounded in time.
 */
export async function load(url: string, connections: number, seconds: number, rate?: number): Promise<LoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load only targets loopback');
  if (rate) return steady(target, connections, seconds, rate);
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
 * Requests at a steady rate, each timed from when it was due (not when a connection was free), so
 * a stalled server shows up in the latencies instead of silently lowering the rate.
 */
function steady(target: URL, connections: number, seconds: number, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const finish = (): void => {
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const pick = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      resolve({ requests: done, errors, rps: done / ((performance.now() - start) / 1000), p50: pick(0.5), p99: pick(0.99) });
    };
    const fire = (due: number): void => {
      http
        .get(target, { agent }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - due);
            if (++done === total) finish();
          });
        })
        .on('error', () => {
          errors++;
          if (++done === total) finish();
        });
    };
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) fire(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

// Run as a child process (so the load does not share the server's event loop):
// node load.js <url> <connections> <seconds> [requests per second] -> JSON on stdout.
if (require.main === module) {
  const [url = '', connections = '32', seconds = '5', rate] = process.argv.slice(2);
  void load(url, Number(connections), Number(seconds), rate ? Number(rate) : undefined).then((r) => process.stdout.write(JSON.stringify(r)));
}
