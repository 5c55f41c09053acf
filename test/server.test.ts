import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './helpers/net';

const ROOT = path.join(__dirname, '..');

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer in time:\n${log()}`);
}

describe('starting the service as a newcomer would', () => {
  let child: ChildProcess;
  let output = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-server-'));
  const dbPath = path.join(dir, 'nested', 'booklets.db');

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['dist/src/server.js'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    (global as { baseUrl?: string }).baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(`http://127.0.0.1:${port}/healthz`, child, () => output);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = (): string => (global as { baseUrl?: string }).baseUrl as string;

  it('creates the database with its folder and imports the sample booklets', () => {
    expect(fs.existsSync(dbPath)).toBe(true);
    expect(output).toContain('imported sample booklets');
  });

  it('serves the catalog with both booklets', async () => {
    const res = await fetch(`${base()}/`, { headers: { 'Accept-Language': 'en' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('href="/booklets/right-to-information/en"');
    expect(html).toContain('href="/booklets/contact-the-ombudsman/en"');
  });

  it('serves a PDF', async () => {
    const res = await fetch(`${base()}/booklets/contact-the-ombudsman/uk.pdf`);
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
