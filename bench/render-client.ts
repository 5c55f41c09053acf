import http from 'node:http';

/**
 * A client that keeps the render pool busy: it asks for print variants nobody asked for yet, from
 * `loops` concurrent loops, for `seconds`, and prints how many it received as JSON. Run as a child
 * process so that, as in production, the clients do not share the server's event loop. It uses
 * node:http and throws the bytes away, so that it takes as little as it can of the CPU the
 * measured service runs on.
 *
 * node render-client.js <seconds> <loops> < urls.json
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

async function main(): Promise<void> {
  const [seconds = '5', loops = '2'] = process.argv.slice(2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const urls = JSON.parse(Buffer.concat(chunks).toString('utf8')) as string[];
  for (const url of urls) {
    if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('renders only target loopback');
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(loops) });
  const until = Date.now() + Number(seconds) * 1000;
  let next = 0;
  let received = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < until && next < urls.length) {
      await get(agent, urls[next++] as string);
      received++;
    }
  };
  await Promise.all(Array.from({ length: Number(loops) }, loop));
  agent.destroy();
  process.stdout.write(JSON.stringify({ received, exhausted: next >= urls.length }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
