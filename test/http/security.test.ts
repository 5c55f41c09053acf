import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import { SERVER_OPTIONS } from '../../src/http/security';
import { observedApp, settle } from '../observability/support';

const CSP = "default-src 'none';style-src 'self';img-src 'self' data:;form-action 'self';base-uri 'none';frame-ancestors 'none'";

describe('security headers', () => {
  const app = observedApp();

  it.each([
    '/',
    '/booklets/rights/uk',
    '/booklets/rights/en.pdf',
    '/booklets/rights/en.pdf',
    '/api/v1/booklets',
    '/healthz',
    '/no/such/page',
  ])('%s has a strict policy and no tell-tale headers (the second PDF comes from the hot path)', async (path) => {
    const res = await request(app.handler).get(path).set('Accept', 'text/html');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    // Only the partner API is readable from other sites (see the CORS tests below).
    expect(res.headers['access-control-allow-origin']).toBe(path.startsWith('/api/') ? '*' : undefined);
  });

  it('allows no script in the policy at all', () => {
    expect(CSP).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
  });

  it('sends HSTS for a year, without subdomains, when the service is public over HTTPS', async () => {
    const https = observedApp({ hsts: true });
    for (const path of ['/', '/booklets/rights/en.pdf', '/booklets/rights/en.pdf']) {
      const res = await request(https.handler).get(path);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });
});

describe('CORS on the partner API', () => {
  const app = observedApp();
  const origin = 'https://partner.example.org';
  const editorKey = app.deps.keys.create({ name: 'E', role: 'editor' }).key;

  it('lets any site read public data, without credentials', async () => {
    for (const path of ['/api/v1/booklets', '/api/v1/booklets/rights/translations/uk', '/api/v1/openapi.json']) {
      const res = await request(app.handler).get(path).set('Origin', origin);
      expect([path, res.status, res.headers['access-control-allow-origin']]).toEqual([path, 200, '*']);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['access-control-expose-headers']).toContain('ETag');
    }
  });

  it('gives no CORS headers to authenticated requests or writes', async () => {
    const authed = await request(app.handler).get('/api/v1/booklets').set('Origin', origin).set('Authorization', `Bearer ${editorKey}`);
    expect(authed.status).toBe(200);
    expect(authed.headers['access-control-allow-origin']).toBeUndefined();
    for (const [method, path] of [
      ['post', '/api/v1/booklets'],
      ['put', '/api/v1/booklets/rights/translations/uk/sections/intro'],
      ['delete', '/api/v1/webhooks/1'],
    ] as const) {
      const res = await request(app.handler)[method](path).set('Origin', origin).send({});
      expect([method, res.status >= 400, res.headers['access-control-allow-origin']]).toEqual([method, true, undefined]);
    }
  });

  it('answers a preflight for a plain read', async () => {
    const res = await request(app.handler)
      .options('/api/v1/booklets')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'If-None-Match');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD');
    expect(res.headers['access-control-allow-headers']).toBe('If-None-Match');
  });

  it.each([
    ['PUT', undefined],
    ['POST', 'content-type'],
    ['DELETE', undefined],
    ['GET', 'authorization'],
    ['GET', 'If-None-Match, X-Custom'],
  ])('refuses a preflight for %s with headers %s', async (method, headers) => {
    const r = request(app.handler)
      .options('/api/v1/booklets/rights/translations/uk/publish')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', method);
    const res = await (headers ? r.set('Access-Control-Request-Headers', headers) : r);
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
    expect(res.body.detail).toMatch(/only read public data/);
  });

  it('gives booklet pages and files no CORS headers', async () => {
    const res = await request(app.handler).get('/booklets/rights/en.pdf').set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('size limits', () => {
  /** A raw request over a real socket to a server made with the service's options. */
  async function rawRequest(headerBytes: number): Promise<string> {
    const app = observedApp();
    const server = http.createServer(SERVER_OPTIONS, app.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      return await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = '';
        socket.on('data', (d) => (data += d.toString('latin1')));
        socket.on('end', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(headerBytes)}\r\nConnection: close\r\n\r\n`);
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('answers headers over 16 KB with 431 and serves those under it', async () => {
    expect(await rawRequest(20 * 1024)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await rawRequest(12 * 1024)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers an API body over 1 MB with 413 and stores nothing', async () => {
    const app = observedApp();
    const { key } = app.deps.keys.create({ name: 'A', role: 'admin' });
    const before = app.deps.db.prepare('SELECT COUNT(*) AS n FROM booklets').get();
    const res = await request(app.handler)
      .post('/api/v1/booklets')
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ slug: 'big', title: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(app.deps.db.prepare('SELECT COUNT(*) AS n FROM booklets').get()).toEqual(before);
    await settle();
    expect(app.access().at(-1)).toMatchObject({ status: 413, method: 'POST' });
  });
});
