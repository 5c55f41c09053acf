import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '../../src/compose';
import { AppError } from '../../src/errors';
import { openDatabase } from '../../src/storage/db';
import { signature, unroutableHost, WebhookOptions } from '../../src/webhooks/service';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Delivery {
  id: number;
  event: string;
  attempts: number;
  deliveredAt: string | null;
  failedAt: string | null;
  lastError: string | null;
}

/** A receiver on 127.0.0.1 (port 0) that answers with the given statuses in turn, the last one repeating. */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Services on a new database with a clock the test moves, and a partner's key. */
function setup(options: WebhookOptions = {}) {
  let clock = Date.parse('2026-12-01T10:00:00.000Z');
  const deps = composeServices(openDatabase(':memory:'), {
    processMetrics: false,
    webhooks: { backoff: [1000, 5000], now: () => clock, ...options },
  });
  const partner = deps.keys.create({ name: 'Partner NGO', role: 'translator', languages: ['uk'] });
  return {
    webhooks: deps.webhooks,
    keyId: partner.info.id,
    advance: (ms: number) => (clock += ms),
    deliveries: (id: number) => deps.webhooks.deliveries(id) as Delivery[],
  };
}

/** The AppError `fn` throws (fails the test when it throws nothing or something else). */
function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('WebhookService', () => {
  describe('signature', () => {
    it('is "sha256=" and the hex HMAC-SHA-256 of "<timestamp>.<body>" with the secret', () => {
      const expected = crypto.createHmac('sha256', 'the-secret').update('1700000000.{"a":1}').digest('hex');
      expect(signature('the-secret', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
    });

    it('changes with the secret, the timestamp and the body', () => {
      const base = signature('s', '1', 'body');
      expect(signature('t', '1', 'body')).not.toBe(base);
      expect(signature('s', '2', 'body')).not.toBe(base);
      expect(signature('s', '1', 'body ')).not.toBe(base);
      // The dot separates: "1" + "2.x" is not "12" + "x".
      expect(signature('s', '1', '2.x')).not.toBe(signature('s', '12', 'x'));
    });
  });

  describe('unroutableHost', () => {
    it.each([
      ['169.254.169.254', 'a link-local'],
      ['169.254.0.1', 'a link-local'],
      ['0.0.0.0', 'an unspecified'],
      ['224.0.0.1', 'a multicast'],
      ['239.255.255.250', 'a multicast'],
      ['255.255.255.255', 'a broadcast'],
      ['[::]', 'an unspecified'],
      ['[fe80::1]', 'a link-local'],
      ['[ff02::1]', 'a multicast'],
      ['[::ffff:169.254.169.254]', 'a link-local'],
      ['[::ffff:a9fe:a9fe]', 'a link-local'],
      ['[::ffff:0.0.0.0]', 'an unspecified'],
      ['[::ffff:224.0.0.1]', 'a multicast'],
      ['[64:ff9b::a9fe:a9fe]', 'a link-local'],
      ['[2002:a9fe:a9fe::1]', 'a link-local'],
    ])('refuses %s as %s address', (host, reason) => {
      expect(unroutableHost(host)).toBe(reason);
    });

    it.each([
      '127.0.0.1',
      '[::1]',
      '10.0.0.5',
      '172.16.1.1',
      '192.168.1.10',
      '[::ffff:127.0.0.1]',
      '[::ffff:192.168.1.10]',
      '[fd00::1]',
      '93.184.216.34',
      '[2001:db8::1]',
      'partner.example.org',
      'localhost',
    ])('allows %s', (host) => {
      expect(unroutableHost(host)).toBeUndefined();
    });
  });

  describe('register', () => {
    it('refuses a URL with a user name or a password (400) and registers nothing', () => {
      const { webhooks, keyId } = setup();
      for (const url of [
        'https://user:pw@partner.example.org/hooks',
        'https://user@partner.example.org/hooks',
        'https://:pw@partner.example.org/hooks',
      ]) {
        const error = appError(() => webhooks.register(keyId, url));
        expect(error.status).toBe(400);
        expect(error.fields[0]).toMatchObject({ field: 'url', message: 'credentials in the URL' });
      }
      expect(webhooks.list()).toEqual([]);
    });

    it('refuses what is not an http(s) URL and a metadata address (400)', () => {
      const { webhooks, keyId } = setup();
      expect(appError(() => webhooks.register(keyId, 'not a url')).status).toBe(400);
      expect(appError(() => webhooks.register(keyId, 'ftp://partner.example.org/hooks')).status).toBe(400);
      expect(appError(() => webhooks.register(keyId, 'http://169.254.169.254/latest/meta-data')).status).toBe(400);
      expect(appError(() => webhooks.register(keyId, 'http://[::ffff:169.254.169.254]/')).status).toBe(400);
      expect(webhooks.list()).toEqual([]);
    });

    it('refuses a key that does not exist (404)', () => {
      const { webhooks } = setup();
      expect(appError(() => webhooks.register('nokey', 'https://partner.example.org/hooks')).status).toBe(404);
    });

    it('registers a loopback URL for a key, with a secret shown once', () => {
      const { webhooks, keyId } = setup();
      const hook = webhooks.register(keyId, 'http://127.0.0.1:9/hooks');
      expect(hook).toMatchObject({ keyId, url: 'http://127.0.0.1:9/hooks', createdAt: '2026-12-01T10:00:00.000Z' });
      expect(hook.secret.length).toBeGreaterThanOrEqual(32);
      expect(webhooks.list()).toEqual([{ id: hook.id, keyId, url: hook.url, createdAt: hook.createdAt }]);
    });
  });

  describe('delivery', () => {
    it('sends a queued event to the receiver with a signature the receiver can check', async () => {
      const { webhooks, keyId, deliveries } = setup();
      const hook = await receiver([200]);
      try {
        const registered = webhooks.register(keyId, hook.url);
        webhooks.enqueue('translation.published', { booklet: 'rights', lang: 'uk' });
        expect(await webhooks.deliverDue()).toBe(1);
        expect(hook.received).toHaveLength(1);
        const [event] = hook.received as [Received];
        const timestamp = event.headers['x-booklets-timestamp'] as string;
        expect(timestamp).toBe(String(Date.parse('2026-12-01T10:00:00.000Z') / 1000));
        expect(event.headers['x-booklets-signature']).toBe(signature(registered.secret, timestamp, event.body));
        expect(event.headers['x-booklets-event']).toBe('translation.published');
        expect(event.headers['content-type']).toBe('application/json');
        expect(JSON.parse(event.body)).toMatchObject({
          event: 'translation.published',
          createdAt: '2026-12-01T10:00:00.000Z',
          data: { booklet: 'rights', lang: 'uk' },
        });
        expect(deliveries(registered.id)).toEqual([
          expect.objectContaining({
            event: 'translation.published',
            attempts: 1,
            deliveredAt: expect.any(String),
            failedAt: null,
            lastError: null,
          }),
        ]);
        // Delivered: nothing more is due.
        expect(await webhooks.deliverDue()).toBe(0);
        expect(hook.received).toHaveLength(1);
      } finally {
        await hook.close();
      }
    });

    it('retries after a 500 once the back-off has passed, then records the delivery', async () => {
      const { webhooks, keyId, advance, deliveries } = setup();
      const hook = await receiver([500, 200]);
      try {
        const registered = webhooks.register(keyId, hook.url);
        webhooks.enqueue('translation.published', { booklet: 'rights', lang: 'uk' });
        expect(await webhooks.deliverDue()).toBe(1);
        expect(deliveries(registered.id)[0]).toMatchObject({ attempts: 1, deliveredAt: null, failedAt: null, lastError: 'HTTP 500' });

        // Not before the first back-off (1000 ms) has passed.
        advance(999);
        expect(await webhooks.deliverDue()).toBe(0);
        advance(1);
        expect(await webhooks.deliverDue()).toBe(1);

        expect(hook.received).toHaveLength(2);
        const [first, second] = hook.received as [Received, Received];
        expect(second.body).toBe(first.body);
        expect(second.headers['x-booklets-delivery']).toBe(first.headers['x-booklets-delivery']);
        expect(second.headers['x-booklets-signature']).toBe(
          signature(registered.secret, second.headers['x-booklets-timestamp'] as string, second.body),
        );
        expect(deliveries(registered.id)[0]).toMatchObject({ attempts: 2, deliveredAt: expect.any(String), lastError: null });
      } finally {
        await hook.close();
      }
    });

    it('waits the next back-off after each failure, and gives up after maxAttempts', async () => {
      const { webhooks, keyId, advance, deliveries } = setup({ maxAttempts: 3 });
      const hook = await receiver([503]);
      try {
        const registered = webhooks.register(keyId, hook.url);
        webhooks.enqueue('translation.published', {});
        expect(await webhooks.deliverDue()).toBe(1);
        advance(1000);
        expect(await webhooks.deliverDue()).toBe(1);
        // The second back-off is 5000 ms.
        advance(4999);
        expect(await webhooks.deliverDue()).toBe(0);
        advance(1);
        expect(await webhooks.deliverDue()).toBe(1);
        expect(deliveries(registered.id)[0]).toMatchObject({
          attempts: 3,
          deliveredAt: null,
          failedAt: expect.any(String),
          lastError: 'HTTP 503',
        });
        advance(3_600_000);
        expect(await webhooks.deliverDue()).toBe(0);
        expect(hook.received).toHaveLength(3);
      } finally {
        await hook.close();
      }
    });

    it('queues nothing without webhooks, and nothing for a revoked one', async () => {
      const { webhooks, keyId } = setup();
      webhooks.enqueue('translation.published', {});
      expect(await webhooks.deliverDue()).toBe(0);
      const hook = webhooks.register(keyId, 'http://127.0.0.1:9/hooks');
      webhooks.revoke(hook.id);
      webhooks.enqueue('translation.published', {});
      expect(await webhooks.deliverDue()).toBe(0);
      expect(webhooks.deliveries(hook.id)).toEqual([]);
    });

    it('does not send to a host name that resolves to a metadata address', async () => {
      const sent: string[] = [];
      const { webhooks, keyId, deliveries } = setup({
        lookup: async () => ['169.254.169.254'],
        fetch: async (url: string | URL | Request) => {
          sent.push(url instanceof Request ? url.url : url.toString());
          return new Response(null, { status: 200 });
        },
      });
      const registered = webhooks.register(keyId, 'http://partner.example.org/hooks');
      webhooks.enqueue('translation.published', {});
      expect(await webhooks.deliverDue()).toBe(1);
      expect(sent).toEqual([]);
      expect(deliveries(registered.id)[0]).toMatchObject({ attempts: 1, deliveredAt: null });
      expect(deliveries(registered.id)[0]!.lastError).toContain('link-local');
    });

    it('sends to a host name that resolves to a private address', async () => {
      const sent: string[] = [];
      const { webhooks, keyId, deliveries } = setup({
        lookup: async () => ['10.1.2.3'],
        fetch: async (url: string | URL | Request) => {
          sent.push(url instanceof Request ? url.url : url.toString());
          return new Response(null, { status: 204 });
        },
      });
      const registered = webhooks.register(keyId, 'http://partner.example.org/hooks');
      webhooks.enqueue('translation.published', {});
      await webhooks.deliverDue();
      expect(sent).toEqual(['http://partner.example.org/hooks']);
      expect(deliveries(registered.id)[0]).toMatchObject({ attempts: 1, deliveredAt: expect.any(String) });
    });
  });
});
