import http from 'node:http';
import path from 'node:path';
import { ServerProcess, startServer, tempDir, removeTempDirs } from './server-process';

/** A GET with node:http (keep-alive agent), so the raw response headers are visible. */
function get(url: string, agent: http.Agent): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; at: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), at: Date.now() }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

afterAll(() => removeTempDirs());

describe('graceful shutdown of the real server', () => {
  let server: ServerProcess | undefined;
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('SIGTERM during an uncached render of a big PDF: the download completes, new connections are refused, the process exits 0', async () => {
    server = await startServer(path.join(tempDir('booklets-shutdown-'), 'booklets.db'));
    const agent = new http.Agent({ keepAlive: true });
    // A warm-up request on the same keep-alive connection, which then sits idle.
    expect((await get(`${server.base}/healthz`, agent)).status).toBe(200);

    // Bilingual Arabic/Persian booklet imposition as an archive PDF: the slowest render there is.
    const started = Date.now();
    const download = get(`${server.base}/booklets/right-to-information/ar.pdf?layout=booklet&with=fa&profile=archive&size=a4`, agent);
    await new Promise((r) => setTimeout(r, 150));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await fetch(`${server.base}/healthz`).then(
      (res) => `answered ${res.status}`,
      (e: Error) => `refused: ${String((e.cause as Error | undefined)?.message ?? e.message)}`,
    );

    const res = await download;
    const code = await server.exited;
    const exitedAt = Date.now();
    agent.destroy();

    expect(res.at).toBeGreaterThan(signalled);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers.connection).toBe('close');
    expect(res.body.length).toBe(Number(res.headers['content-length']));
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.body.subarray(-8).toString()).toContain('%%EOF');
    expect(refused).toMatch(/^refused: .*ECONNREFUSED/);
    expect(code).toBe(0);
    expect(server.output()).toMatch(/received SIGTERM, finishing requests/);
    expect(server.output()).toMatch(/"msg":"stopped"|stopped/);
    console.log(
      `graceful shutdown: render in flight for ${signalled - started} ms before SIGTERM, answered ${res.at - signalled} ms after it ` +
        `(${res.body.length} bytes); exit 0 ${exitedAt - signalled} ms after SIGTERM`,
    );
  }, 60_000);

  it('SIGINT with only idle keep-alive connections stops at once with exit 0', async () => {
    server = await startServer(path.join(tempDir('booklets-shutdown-'), 'booklets.db'));
    // After the start-up warm-up: a render it still runs would be waited for, which is not what
    // this test is about (the test above is).
    const deadline = Date.now() + 45_000;
    while (!server.output().includes('render threads warmed up') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain('render threads warmed up');
    const agent = new http.Agent({ keepAlive: true });
    expect((await get(`${server.base}/`, agent)).status).toBe(200);
    const signalled = Date.now();
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000);
    agent.destroy();
  }, 60_000);
});
