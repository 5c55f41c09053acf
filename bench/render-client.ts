import http from 'node:http';

/**
 * A client that keeps the render pool busy: it asks for print variants nobody asked for yet, from
 * `loops` concurrent loops, and prints what it did as JSON. Run as a child process so that, as in
 * production, the clients do not share the server's event loop. It uses node:http and throws the
 * bytes away, so that it takes as little as it can of the CPU the measured service runs on.
 *
 *   node render-client.js <seconds> <loops> [<windowMs> <startAt> [<rate>]] < urls.json
 *
 * With a rate (requests per second), renders are asked for at that steady rate instead, each when it
 * is due whether or not the ones before it were answered (readers do not wait for each other), and
 * `loops` is ignored.
 *
 * With a window, renders are asked for only in alternate windows of `windowMs` from `startAt`
 * (milliseconds since the epoch): busy, quiet, busy, quiet… The output lists, for each busy window,
 * its index, when its first request was sent and when its last response was received, so that a steady client running
 * at the same time can tell which of its requests ran next to renders and which did not.
 */
function get(agent: http.Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`render request answered ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Milliseconds since the epoch, with sub-millisecond precision (comparable across processes). */
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function main(): Promise<void> {
  const [seconds = '5', loops = '2', windowArg, startArg, rateArg] = process.argv.slice(2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const urls = JSON.parse(Buffer.concat(chunks).toString('utf8')) as string[];
  for (const url of urls) {
    if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('renders only target loopback');
  }
  const windowMs = windowArg ? Number(windowArg) : 0;
  const startAt = startArg ? Number(startArg) : now();
  await sleep(startAt - now());
  const agent = new http.Agent({ keepAlive: true, maxSockets: rateArg ? Infinity : Number(loops) });
  const until = startAt + Number(seconds) * 1000;
  /** Busy window index -> [first request sent, last response received]. */
  const activity = new Map<number, [number, number]>();
  let next = 0;
  let received = 0;
  const loop = async (): Promise<void> => {
    while (next < urls.length) {
      const t = now();
      if (t >= until) return;
      const index = windowMs > 0 ? Math.floor((t - startAt) / windowMs) : 0;
      if (index % 2 === 1) {
        await sleep(startAt + (index + 1) * windowMs - t); // a quiet window: wait for the next busy one
        continue;
      }
      const seen = activity.get(index) ?? [t, t];
      activity.set(index, seen);
      await get(agent, urls[next++] as string);
      seen[1] = now();
      received++;
    }
  };
  /**
   * At a steady rate: request i is due at startAt + i / rate, skipping quiet windows, whether or not
   * the ones before were answered — but with at most half a second's worth in flight, so that a
   * service that cannot keep up is not handed an ever longer queue that spills over into the quiet
   * windows (the achieved rate then shows it). Renders still in flight two seconds after the end are
   * abandoned (counted, not waited for).
   */
  let failed = 0;
  let abandoned = 0;
  let done = false;
  const paced = async (rate: number): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    const cap = Math.max(2, Math.ceil(rate / 2));
    let due = startAt;
    while (next < urls.length && due < until) {
      const index = windowMs > 0 ? Math.floor((due - startAt) / windowMs) : 0;
      if (index % 2 === 1) {
        due = startAt + (index + 1) * windowMs; // a quiet window: the next request is due when it ends
        continue;
      }
      await sleep(due - now());
      while (inFlight.size >= cap) await Promise.race(inFlight);
      const t = now();
      if (windowMs > 0 && Math.floor((t - startAt) / windowMs) !== index) {
        due = t; // waited into the next window: send when that one is busy
        continue;
      }
      const seen = activity.get(index) ?? [t, t];
      activity.set(index, seen);
      const url = urls[next++] as string;
      const request: Promise<void> = get(agent, url)
        .then(
          () => {
            seen[1] = Math.max(seen[1], now());
            received++;
          },
          () => void (done ? undefined : failed++),
        )
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      due = Math.max(due + 1000 / rate, now() - 1000 / rate); // behind after a wait: no burst to catch up
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, until + 2000 - now()))));
    while (inFlight.size > 0 && (await Promise.race([Promise.race(inFlight).then(() => 'answered' as const), late])) === 'answered');
    clearTimeout(timer);
    abandoned = inFlight.size;
    done = true;
  };
  const rate = rateArg ? Number(rateArg) : 0;
  if (rate > 0) await paced(rate);
  else await Promise.all(Array.from({ length: Number(loops) }, loop));
  agent.destroy();
  process.stdout.write(
    JSON.stringify({
      received,
      sent: next,
      failed,
      abandoned,
      exhausted: next >= urls.length,
      windows: [...activity].map(([index, [from, to]]) => [index, from, to]),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
