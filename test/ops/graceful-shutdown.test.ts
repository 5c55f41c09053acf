import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gracefulShutdown, ShutdownStep } from '../../src/shutdown';

/** An in-process server: /slow answers after `ms`, /never does not answer, anything else at once. */
async function server(slowMs = 300) {
  const srv = http.createServer((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('slow done'), slowMs);
    else if (req.url !== '/never') res.end('quick');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { srv, port: (srv.address() as AddressInfo).port };
}

function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

function setup(srv: http.Server, steps: ShutdownStep[], times: { drainMs?: number; stepMs?: number } = {}) {
  const logs: string[] = [];
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (resolveExit = r));
  const stop = gracefulShutdown({
    server: srv,
    steps,
    ...times,
    log: (level, msg) => logs.push(`${level}: ${msg}`),
    exit: (code) => resolveExit(code),
  });
  return { stop, exited, logs };
}

describe('graceful shutdown', () => {
  it('lets the request in flight finish with Connection: close, then closes each step in order and exits 0', async () => {
    const { srv, port } = await server();
    const closed: string[] = [];
    const { stop, exited, logs } = setup(srv, [
      {
        name: 'pool',
        run: async () => {
          await new Promise((r) => setTimeout(r, 20));
          closed.push('pool');
        },
      },
      { name: 'database', run: () => void closed.push('database') },
    ]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const slow = get(port, '/slow', agent);
    await new Promise((r) => setTimeout(r, 50));
    stop('SIGTERM');
    stop('SIGINT');
    expect(await slow).toEqual({ status: 200, body: 'slow done', connection: 'close' });
    expect(await exited).toBe(0);
    expect(closed).toEqual(['pool', 'database']);
    expect(logs).toEqual(
      expect.arrayContaining([
        'info: received SIGTERM, finishing requests',
        'info: received SIGINT while stopping; still finishing requests',
        'info: stopped',
      ]),
    );
    await expect(get(port, '/', new http.Agent())).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('idle keep-alive connections are closed at once; the busy one is answered with Connection: close', async () => {
    const { srv, port } = await server(400);
    const { stop, exited } = setup(srv, []);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    await Promise.all([get(port, '/', agent), get(port, '/', agent)]);
    const slow = get(port, '/slow', agent);
    await new Promise((r) => setTimeout(r, 50));
    stop('SIGTERM');
    // The other connection is idle and closed by the shutdown; the slow one still answers.
    expect((await slow).connection).toBe('close');
    expect(await exited).toBe(0);
    agent.destroy();
  });

  it('bounded: requests that never finish are cut after drainMs, a hanging step is abandoned, a failing one reported; exit 1', async () => {
    const { srv, port } = await server();
    const closed: string[] = [];
    const { stop, exited, logs } = setup(
      srv,
      [
        { name: 'hanging pool', run: () => new Promise<void>(() => undefined) },
        {
          name: 'webhooks',
          run: () => {
            throw new Error('boom');
          },
        },
        { name: 'database', run: () => void closed.push('database') },
      ],
      { drainMs: 200, stepMs: 100 },
    );
    const never = get(port, '/never', new http.Agent()).catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    stop('SIGTERM');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await never).toMatch(/socket hang up|ECONNRESET/);
    expect(closed).toEqual(['database']);
    expect(logs).toEqual(
      expect.arrayContaining([
        'error: requests still running after 200 ms; closing their connections',
        'error: gave up waiting for hanging pool after 100 ms',
        'error: closing webhooks failed',
        'error: stopped',
      ]),
    );
  });
});
