import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { cli, createKey, removeTempDirs, ServerProcess, startServer, tempDir } from './server-process';

/**
 * A read-only copy: a backup of the primary shipped to a second instance started with READ_ONLY=1.
 * Readers get the same pages and files from both (same ETags); writes are refused with a 503 that
 * names the primary, and /healthz says what the instance is.
 */
/** A GET on a fresh connection (no pooled keep-alive socket that the server may have closed meanwhile). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; etag?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('a read-only copy made from a shipped backup', () => {
  const BASE_URL = 'https://booklets.example.org';
  const PRIMARY_URL = 'https://edit.booklets.example.org';
  let primary: ServerProcess;
  let copy: ServerProcess;
  let key = '';
  let copyDb = '';

  beforeAll(async () => {
    const primaryDb = path.join(tempDir('booklets-primary-'), 'booklets.db');
    primary = await startServer(primaryDb, { BASE_URL });
    key = await createKey(primaryDb, 'admin', 'Replica test');
    // Shipping: a backup taken while the primary runs, put in place on the second machine.
    const shipped = path.join(tempDir('booklets-shipped-'), 'booklets-backup.db');
    const backup = await cli(['backup', shipped], { DATABASE_PATH: primaryDb });
    expect(backup.code).toBe(0);
    copyDb = path.join(tempDir('booklets-copy-'), 'booklets.db');
    fs.copyFileSync(shipped, copyDb);
    copy = await startServer(copyDb, { BASE_URL, READ_ONLY: '1', PRIMARY_URL });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([primary?.stop(), copy?.stop()]);
    removeTempDirs();
  });

  it.each([
    ['the catalog', '/'],
    ['a booklet page', '/booklets/right-to-information/uk'],
    ['a right-to-left page', '/booklets/right-to-information/fa'],
    ['a PDF', '/booklets/right-to-information/fa.pdf'],
    ['a print edition', '/booklets/right-to-information/uk.pdf?layout=booklet'],
    ['the partner API', '/api/v1/booklets/right-to-information'],
  ])(
    '%s is the same from both, with the same ETag',
    async (_what, address) => {
      const headers = { 'Accept-Language': 'uk', 'Accept-Encoding': 'identity' };
      const [a, b] = await Promise.all([get(`${primary.base}${address}`, headers), get(`${copy.base}${address}`, headers)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(b.body.equals(a.body)).toBe(true);
      expect(b.etag).toBe(a.etag);
    },
    60_000,
  );

  it('an edition address from the primary is served by the copy', async () => {
    const page = await (await fetch(`${primary.base}/booklets/right-to-information/uk`)).text();
    const edition = /href="(\/booklets\/right-to-information\/uk\.[0-9a-f]{16}\.pdf)"/.exec(page)?.[1];
    expect(edition).toBeDefined();
    const res = await fetch(`${copy.base}${edition}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('/healthz says the copy is read-only and names the primary; the primary says nothing of the kind', async () => {
    expect(await (await fetch(`${copy.base}/healthz`)).json()).toEqual({ status: 'ok', readOnly: true, primary: PRIMARY_URL });
    expect(await (await fetch(`${primary.base}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('API writes are refused with 503 read-only naming the primary, and change nothing', async () => {
    const before = await (await fetch(`${copy.base}/api/v1/booklets/right-to-information/translations/uk`)).json();
    const auth = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    for (const [method, address, body] of [
      ['POST', '/api/v1/booklets', { slug: 'new' }],
      ['PUT', '/api/v1/booklets/right-to-information/translations/uk/sections/intro', { title: 'x', body: 'y' }],
      ['POST', '/api/v1/booklets/right-to-information/translations/uk/publish', {}],
      ['DELETE', '/api/v1/webhooks/1', undefined],
    ] as const) {
      const res = await fetch(`${copy.base}${address}`, { method, headers: auth, ...(body ? { body: JSON.stringify(body) } : {}) });
      expect({ address, status: res.status, type: res.headers.get('content-type') }).toEqual({
        address,
        status: 503,
        type: 'application/problem+json; charset=utf-8',
      });
      const problem = (await res.json()) as { type: string; detail: string; primary: string };
      expect(problem).toMatchObject({ type: '/problems/read-only', primary: PRIMARY_URL });
      expect(problem.detail).toContain(`Write to ${PRIMARY_URL}`);
    }
    expect(await (await fetch(`${copy.base}/api/v1/booklets/right-to-information/translations/uk`)).json()).toEqual(before);
  });

  it("/admin refuses signing in with a page in the editor's language that links to the primary", async () => {
    const res = await fetch(`${copy.base}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'uk', Accept: 'text/html' },
      body: 'method=password&username=editor&password=secret',
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('Ця копія лише для читання');
    expect(html).toContain(`href="${PRIMARY_URL}/admin/login"`);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await fetch(`${copy.base}/admin`, { headers: { 'Accept-Language': 'fa', Accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('این نسخه فقط برای خواندن است');
  });

  it('imports and key changes on the copy are refused by the command line; listing still works', async () => {
    const env = { DATABASE_PATH: copyDb, READ_ONLY: '1', PRIMARY_URL };
    const imported = await cli(['import'], env);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('read-only');
    expect(imported.stderr).toContain(PRIMARY_URL);
    const created = await cli(['keys', 'create', '--role', 'admin', '--name', 'x'], env);
    expect(created.code).toBe(1);
    expect((await cli(['keys', 'list'], env)).code).toBe(0);
  });

  it('READ_ONLY takes only clear values', async () => {
    const bad = await cli(['keys', 'list'], { DATABASE_PATH: copyDb, READ_ONLY: 'maybe' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('READ_ONLY must be 1 or true');
  });
});
