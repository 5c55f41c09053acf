import request from 'supertest';
import { agentFamily, anonymiseAddress, clientAddress } from '../../src/observability/client';
import { createLogger } from '../../src/observability/logger';
import { requestIdOf } from '../../src/observability/request-id';
import { everyRow, observedApp, settle } from './support';

const READER_IP = '198.51.100.77';
const READER_IP6 = '2001:db8:abcd:12::1';
const AGENT = 'DistinctiveReader/9.9 (Linux; phone-4242-XYZ)';

/** What a reader does: catalog, redirect, page, PDF (twice: the second from the hot path), a range, a miss. */
async function readAsReader(handler: Parameters<typeof request>[0], ip: string): Promise<void> {
  const as = (r: request.Test) => r.set('X-Forwarded-For', ip).set('User-Agent', AGENT).set('Accept-Language', 'uk');
  for (const path of [
    '/',
    '/booklets/rights',
    '/booklets/rights/uk',
    '/booklets/rights/en.pdf',
    '/booklets/rights/en.pdf',
    '/booklets/nothing/en',
    '/api/v1/booklets',
  ]) {
    await as(request(handler).get(path));
  }
  await as(request(handler).get('/booklets/rights/en.pdf').set('Range', 'bytes=0-99'));
  await as(request(handler).head('/booklets/rights/uk'));
  await settle();
}

describe('logs while serving readers', () => {
  it('write one access line per request — also for the hot path — with no address and no user agent', async () => {
    const app = observedApp({ trustProxy: true });
    await readAsReader(app.handler, READER_IP);
    const access = app.access();
    expect(access).toHaveLength(9);
    expect(app.deps.render.cache.renders).toBeGreaterThan(0);
    const pdfLines = access.filter((l) => l.path === '/booklets/rights/en.pdf');
    expect(pdfLines.map((l) => [l.status, l.route])).toEqual([
      [200, '/booklets/:slug/:file'],
      [200, '/booklets/:slug/:file'],
      [206, '/booklets/:slug/:file'],
    ]);
    for (const line of access) {
      expect(Object.keys(line).sort()).toEqual([
        'bytes',
        'level',
        'method',
        'ms',
        'msg',
        'path',
        'pid',
        'requestId',
        'route',
        'status',
        'time',
      ]);
      expect(typeof line.ms).toBe('number');
    }
    expect(access.find((l) => l.path === '/booklets/nothing/en')).toMatchObject({ status: 404, route: '/booklets/:slug/:file' });
    expect(access.find((l) => l.path === '/api/v1/booklets')).toMatchObject({ status: 200, route: '/api/v1/booklets' });
    expect(access.find((l) => l.method === 'HEAD')).toMatchObject({ bytes: 0 });
    expect(pdfLines[2]).toMatchObject({ bytes: 100 });

    const logs = app.text();
    for (const secret of [READER_IP, '198.51.100', AGENT, 'DistinctiveReader', 'phone-4242', '127.0.0.1', '::ffff']) {
      expect(logs).not.toContain(secret);
    }
  });

  it('keep no address or user agent in any row of any table (download counts included)', async () => {
    const app = observedApp({ trustProxy: true, logClient: 'off' });
    await readAsReader(app.handler, READER_IP);
    await readAsReader(app.handler, READER_IP6);
    app.deps.downloads.flush();
    const rows = everyRow(app.deps);
    expect(rows).toContain('rights');
    for (const secret of [READER_IP, '198.51.100', READER_IP6, '2001:db8', AGENT, 'DistinctiveReader', '127.0.0.1']) {
      expect(rows).not.toContain(secret);
    }
  });

  it('in anonymised mode, log only the network (/24, /48) and the software family', async () => {
    const app = observedApp({ trustProxy: true, logClient: 'anonymised' });
    await readAsReader(app.handler, READER_IP);
    await readAsReader(app.handler, READER_IP6);
    const clients = new Set(app.access().map((l) => l.client));
    expect(clients).toEqual(new Set(['198.51.100.0/24', '2001:db8:abcd::/48']));
    expect(new Set(app.access().map((l) => l.agent))).toEqual(new Set(['DistinctiveReader']));
    for (const secret of [READER_IP, READER_IP6, 'DistinctiveReader/9.9', 'phone-4242']) expect(app.text()).not.toContain(secret);
  });

  it('in anonymised mode without trust proxy, ignore X-Forwarded-For and log the peer network', async () => {
    const app = observedApp({ logClient: 'anonymised' });
    await request(app.handler).get('/').set('X-Forwarded-For', READER_IP);
    await settle();
    expect(app.access()[0]?.client).toBe('127.0.0.0/24');
    expect(app.text()).not.toContain('198.51.100');
  });

  it('never log secrets: keys, cookies, passwords, query tokens', async () => {
    const app = observedApp();
    const { key } = app.deps.keys.create({ name: 'Editor', role: 'editor' });
    await request(app.handler).get('/api/v1/audit').set('Authorization', `Bearer ${key}`).set('Cookie', 'session=cookie-secret-123');
    await request(app.handler).get('/api/v1/booklets').set('Authorization', 'Bearer not-a-real-key-but-secret-456');
    await request(app.handler).get('/booklets/rights/en?token=query-secret-789&password=hunter2');
    await request(app.handler)
      .post('/api/v1/booklets')
      .set('Authorization', `Bearer ${key}`)
      .send({ slug: 'x', password: 'body-secret-000' });
    await settle();
    const logs = app.text();
    const errors = app.lines().filter((l) => l.level === 'error');
    expect({ statuses: app.access().map((l) => l.status), errors }).toEqual({ statuses: [403, 401, 200, 403], errors: [] });
    for (const secret of [
      key,
      key.slice(-12),
      'cookie-secret-123',
      'secret-456',
      'query-secret-789',
      'hunter2',
      'body-secret-000',
      'token=',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('censor secret fields even if code logs them by mistake', () => {
    const out: string[] = [];
    const logger = createLogger({ destination: { write: (s: string) => void out.push(s) } });
    logger.info(
      { headers: { authorization: 'Bearer k-1', cookie: 'c-2' }, password: 'p-3', token: 't-4', config: { metrics: { token: 'm-5' } } },
      'oops',
    );
    const line = out.join('');
    for (const secret of ['k-1', 'c-2', 'p-3', 't-4', 'm-5']) expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('log an unexpected error as one error line with the request id, and answer 500 without details', async () => {
    const app = observedApp(
      {},
      {
        pdf: async () => {
          throw new Error('renderer exploded');
        },
      },
    );
    const res = await request(app.handler).get('/booklets/rights/en.pdf?size=a5').set('X-Request-Id', 'trace-500.a');
    await settle();
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('exploded');
    const error = app.lines().find((l) => l.level === 'error');
    expect(error).toMatchObject({ msg: 'request failed', requestId: 'trace-500.a', err: { message: 'renderer exploded' } });
    expect(app.access()[0]).toMatchObject({ requestId: 'trace-500.a', status: 500 });
  });
});

describe('request ids', () => {
  it('echo a sane incoming X-Request-Id in the response and the log, on both paths', async () => {
    const app = observedApp();
    await request(app.handler).get('/booklets/rights/en.pdf');
    for (const [path, id] of [
      ['/booklets/rights/en.pdf', 'hot-Path_1.2-3'],
      ['/healthz', 'a'.repeat(64)],
    ] as const) {
      const res = await request(app.handler).get(path).set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toBe(id);
    }
    await settle();
    expect(
      app
        .access()
        .slice(1)
        .map((l) => l.requestId),
    ).toEqual(['hot-Path_1.2-3', 'a'.repeat(64)]);
    expect(app.deps.metrics).toBeDefined();
  });

  it('replace an id that is too long or has other characters, and give each request its own', async () => {
    const app = observedApp();
    await request(app.handler).get('/booklets/rights/en.pdf');
    const ids: string[] = [];
    for (const bad of ['a'.repeat(65), 'has space', 'semi;colon', 'ünïcode', '', undefined]) {
      const r = request(app.handler).get('/booklets/rights/en.pdf');
      const res = await (bad === undefined ? r : r.set('X-Request-Id', bad));
      const id = res.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      ids.push(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    await settle();
    expect(app.text()).not.toContain('semi;colon');
  });

  it('accept exactly ≤ 64 characters of [A-Za-z0-9._-]', () => {
    expect(requestIdOf('Abc.9_-')).toBe('Abc.9_-');
    expect(requestIdOf('x'.repeat(64))).toBe('x'.repeat(64));
    expect(requestIdOf('x'.repeat(65))).not.toBe('x'.repeat(65));
    expect(requestIdOf(['one', 'two'])).not.toBe('one');
    expect(requestIdOf('a/b')).not.toBe('a/b');
  });
});

describe('reducing an address', () => {
  it.each([
    ['203.0.113.195', '203.0.113.0/24'],
    ['::ffff:203.0.113.195', '203.0.113.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:0db8:0000::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0::/48'],
    ['not an address', 'invalid'],
    ['', 'unknown'],
  ])('%s becomes %s', (input, expected) => {
    expect(anonymiseAddress(input)).toBe(expected);
  });

  it('finds the client like Express: trusted hops are skipped from the right', () => {
    const req = (peer: string, xff?: string) =>
      ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as never;
    expect(clientAddress(req('10.0.0.2', '1.1.1.1, 2.2.2.2'), () => false)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', '1.1.1.1, 2.2.2.2'), () => true)).toBe('1.1.1.1');
    expect(clientAddress(req('10.0.0.2', '1.1.1.1, 2.2.2.2'), (_a, i) => i < 1)).toBe('2.2.2.2');
    expect(clientAddress(req('10.0.0.2'), () => true)).toBe('10.0.0.2');
  });

  it('keeps only the product name of a user agent', () => {
    expect(agentFamily('Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0')).toBe('Mozilla');
    expect(agentFamily('curl/8.5.0')).toBe('curl');
    expect(agentFamily('  <script>')).toBe('unknown');
    expect(agentFamily(undefined)).toBe('unknown');
  });
});

describe('writing log lines', () => {
  it('writes access lines in blocks, but warnings and errors at once', () => {
    const written: string[] = [];
    let flushes = 0;
    const destination = { write: (line: string) => void written.push(line), flush: () => void flushes++ };
    const logger = createLogger({ destination });
    logger.info({ path: '/' }, 'request');
    logger.info({ path: '/booklets' }, 'request');
    expect(flushes).toBe(0);
    logger.warn('disk cache unavailable');
    expect(flushes).toBe(1);
    logger.error({ err: new Error('boom') }, 'request failed');
    expect(flushes).toBe(2);
    expect(written).toHaveLength(4);
  });
});
