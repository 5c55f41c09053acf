import http from 'node:http';

/** Result of one load run: requests per second and latency percentiles in milliseconds. */
export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Sends GET requests to `url` from `connections` keep-alive connections for `seconds`, reading
 * every body fully. Loopback only; bounded in time.
 */
export function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load only targets loopback');
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const start = process.hrtime.bigint();
      const req = http.get(target, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const worker = async (): Promise<void> => {
    while (Date.now() < end) await one();
  };
  const started = Date.now();
  return Promise.all(Array.from({ length: connections }, worker)).then(() => {
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pick = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      requests: latencies.length,
      errors,
      rps: latencies.length / ((Date.now() - started) / 1000),
      p50: pick(0.5),
      p99: pick(0.99),
    };
  });
}

// Run as a child process: node load.js <url> <connections> <seconds> -> JSON on stdout.
if (require.main === module) {
  const [url = '', connections = '32', seconds = '5'] = process.argv.slice(2);
  void load(url, Number(connections), Number(seconds)).then((r) => process.stdout.write(JSON.stringify(r)));
}
