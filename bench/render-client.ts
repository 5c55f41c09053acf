/**
 * A client that keeps the render pool busy: it asks for print variants nobody asked for yet, from
 * `loops` concurrent loops, for `seconds`, and prints how many it received as JSON. Run as a child
 * process so that, as in production, the clients do not share the server's event loop.
 *
 * node render-client.js <seconds> <loops> < urls.json
 */
async function main(): Promise<void> {
  const [seconds = '5', loops = '2'] = process.argv.slice(2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const urls = JSON.parse(Buffer.concat(chunks).toString('utf8')) as string[];
  for (const url of urls) {
    if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('renders only target loopback');
  }
  const until = Date.now() + Number(seconds) * 1000;
  let next = 0;
  let received = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < until && next < urls.length) {
      const res = await fetch(urls[next++] as string);
      if (res.status !== 200) throw new Error(`render request answered ${res.status}`);
      await res.arrayBuffer();
      received++;
    }
  };
  await Promise.all(Array.from({ length: Number(loops) }, loop));
  process.stdout.write(JSON.stringify({ received, exhausted: next >= urls.length }));
}

void main();
