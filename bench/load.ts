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
  const r = await autocannon({ url, connections, duration: seconds, ...(rate ? { overallRate: rate } : {}) });
  return {
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

// Run as a child process (so the load does not share the server's event loop):
// node load.js <url> <connections> <seconds> [requests per second] -> JSON on stdout.
if (require.main === module) {
  const [url = '', connections = '32', seconds = '5', rate] = process.argv.slice(2);
  void load(url, Number(connections), Number(seconds), rate ? Number(rate) : undefined).then((r) => process.stdout.write(JSON.stringify(r)));
}
