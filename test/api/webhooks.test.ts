import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signature, WebhookOptions } from '../../src/webhooks/service';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A partner's receiver on 127.0.0.1 that answers with the given statuses in turn. */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => void }> {
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/booklets`, received, close: () => server.close() };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function setup() {
  return setupWith({});
}

function setupWith(webhooks: WebhookOptions) {
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
    pdf: async () => Buffer.from('%PDF'),
    webhooks: { backoff: [50], pollMs: 20, ...webhooks },
  });
  const admin = deps.keys.create({ name: 'Admin', role: 'admin' }).key;
  const partner = deps.keys.create({ name: 'Partner NGO', role: 'translator', languages: ['uk'] });
  const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
  return { app, deps, admin, partner, editor };
}

const publish = async (app: Parameters<typeof request>[0], editor: string) => {
  const read = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set('Authorization', `Bearer ${editor}`);
  return request(app)
    .post('/api/v1/booklets/rights/translations/uk/publish')
    .set('Authorization', `Bearer ${editor}`)
    .set('If-Match', read.headers.etag as string);
};

describe('webhooks for partners', () => {
  it('a receiver on 127.0.0.1 gets a correctly signed event after publish', async () => {
    const { app, admin, partner, editor } = setup();
    const hook = await receiver([200]);
    try {
      const reg = await request(app)
        .post('/api/v1/webhooks')
        .set('Authorization', `Bearer ${admin}`)
        .send({ key: partner.info.id, url: hook.url });
      expect(reg.status).toBe(201);
      const secret = reg.body.secret as string;
      expect((await publish(app, editor)).status).toBe(200);
      await until(() => hook.received.length === 1);
      const [event] = hook.received as [Received];
      const timestamp = event.headers['x-booklets-timestamp'] as string;
      expect(event.headers['x-booklets-signature']).toBe(signature(secret, timestamp, event.body));
      expect(event.headers['x-booklets-event']).toBe('translation.published');
      expect(event.headers['content-type']).toBe('application/json');
      expect(JSON.parse(event.body)).toMatchObject({ event: 'translation.published', data: { booklet: 'rights', lang: 'uk' } });
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    } finally {
      hook.close();
    }
  });

  it('a failing receiver is retried with back-off until it accepts', async () => {
    const { app, deps, admin, partner, editor } = setup();
    deps.webhooks.start();
    const hook = await receiver([500, 503, 200]);
    try {
      const reg = await request(app)
        .post('/api/v1/webhooks')
        .set('Authorization', `Bearer ${admin}`)
        .send({ key: partner.info.id, url: hook.url });
      await publish(app, editor);
      await until(() => hook.received.length === 3);
      const deliveries = await request(app).get(`/api/v1/webhooks/${reg.body.id}/deliveries`).set('Authorization', `Bearer ${admin}`);
      expect(deliveries.body.deliveries[0]).toMatchObject({ event: 'translation.published' });
      expect(new Set(hook.received.map((r) => r.headers['x-booklets-delivery'])).size).toBe(1);
      // A webhook that does not exist has no deliveries to list: 404, not an empty list.
      const unknown = await request(app)
        .get(`/api/v1/webhooks/${Number(reg.body.id) + 1000}/deliveries`)
        .set('Authorization', `Bearer ${admin}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(`There is no webhook ${Number(reg.body.id) + 1000}.`);
    } finally {
      deps.webhooks.stop();
      hook.close();
    }
  });

  it('publishing does not wait for a slow partner', async () => {
    const { app, admin, partner, editor } = setup();
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await request(app)
        .post('/api/v1/webhooks')
        .set('Authorization', `Bearer ${admin}`)
        .send({ key: partner.info.id, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
      const started = Date.now();
      expect((await publish(app, editor)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('only admins manage webhooks; bad URLs and unknown keys are refused', async () => {
    const { app, admin, editor, partner } = setup();
    expect(
      (
        await request(app)
          .post('/api/v1/webhooks')
          .set('Authorization', `Bearer ${editor}`)
          .send({ key: partner.info.id, url: 'https://x.org' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(app)
          .post('/api/v1/webhooks')
          .set('Authorization', `Bearer ${admin}`)
          .send({ key: partner.info.id, url: 'ftp://x.org' })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .post('/api/v1/webhooks')
          .set('Authorization', `Bearer ${admin}`)
          .send({ key: 'AAAAAAAAAA', url: 'https://x.org' })
      ).status,
    ).toBe(404);
    const reg = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ key: partner.info.id, url: 'https://partner.example.org/hook' });
    expect((await request(app).get('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`)).body.webhooks).toHaveLength(1);
    expect((await request(app).delete(`/api/v1/webhooks/${reg.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await request(app).delete(`/api/v1/webhooks/${reg.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(404);
    expect((await request(app).delete('/api/v1/webhooks/abc').set('Authorization', `Bearer ${admin}`)).status).toBe(400);
  });
});

describe('registering webhooks', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://2852039166/', 'link-local'], // 169.254.169.254 written as one number
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://[::ffff:169.254.169.254]/hook', 'link-local'],
    ['http://[::a9fe:a9fe]/hook', 'link-local'], // IPv4-compatible
    ['http://[64:ff9b::a9fe:a9fe]/hook', 'link-local'], // NAT64
    ['http://[::ffff:0:a9fe:a9fe]/hook', 'link-local'], // IPv4-translated
    ['http://[2002:a9fe:a9fe::]/hook', 'link-local'], // 6to4
    ['http://0.0.0.0:8080/hook', 'unspecified'],
    ['http://[::]/hook', 'unspecified'],
    ['http://239.1.2.3/hook', 'multicast'],
    ['http://[ff02::1]/hook', 'multicast'],
  ])('refuses %s (%s address), and registers nothing', async (url, kind) => {
    const { app, deps, admin, partner } = setup();
    const res = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(kind);
    expect(deps.webhooks.list()).toEqual([]);
  });

  it('accepts receivers on loopback, private networks and public names', async () => {
    const { app, admin, partner } = setup();
    for (const url of ['http://127.0.0.1:9/hook', 'http://[::1]:9/hook', 'http://10.1.2.3/hook', 'https://partner.example.org/hooks']) {
      const res = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url });
      expect([url, res.status]).toEqual([url, 201]);
    }
  });

  it.each(['https://ngo:s3cret-pass@partner.example.org/hooks', 'https://s3cret-token@partner.example.org/hooks'])(
    'refuses credentials in the URL (%s): deliveries are signed instead',
    async (url) => {
      const { app, deps, admin, partner } = setup();
      const res = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('user name or password');
      expect(JSON.stringify(res.body)).not.toContain('s3cret');
      expect(deps.webhooks.list()).toEqual([]);
    },
  );

  it('a host name that resolves to a refused address gets no delivery', async () => {
    const looked: string[] = [];
    let fetched = 0;
    const { app, deps, admin, partner, editor } = setupWith({
      lookup: async (host) => {
        looked.push(host);
        return host === 'metadata.example' ? ['169.254.169.254'] : ['127.0.0.1'];
      },
      fetch: async () => {
        fetched++;
        return new Response('', { status: 200 });
      },
    });
    const reg = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ key: partner.info.id, url: 'http://metadata.example/latest/' });
    expect(reg.status).toBe(201);
    expect((await publish(app, editor)).status).toBe(200);
    await until(() => (deps.webhooks.deliveries(reg.body.id)[0] as { lastError: string | null }).lastError !== null);
    expect(looked).toContain('metadata.example');
    expect(fetched).toBe(0);
    const deliveries = await request(app).get(`/api/v1/webhooks/${reg.body.id}/deliveries`).set('Authorization', `Bearer ${admin}`);
    expect(deliveries.body.deliveries[0]).toMatchObject({
      deliveredAt: null,
      lastError: 'metadata.example is a link-local (169.254.169.254) address; not delivered',
    });
  });

  it('a webhook kept from before the rule shows no credentials, in the list or in delivery errors', async () => {
    const { app, deps, admin, partner, editor } = setupWith({
      lookup: async () => ['203.0.113.7'],
      fetch: (async (url: string) => {
        throw new Error(`Request cannot be constructed from a URL that includes credentials: ${url}`);
      }) as unknown as typeof fetch,
    });
    const reg = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ key: partner.info.id, url: 'https://partner.example.org/hooks' });
    deps.db.prepare('UPDATE webhooks SET url = ? WHERE id = ?').run('https://ngo:s3cret-pass@partner.example.org/hooks', reg.body.id);
    const list = await request(app).get('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`);
    expect(list.body.webhooks[0].url).toBe('https://***@partner.example.org/hooks');
    expect((await publish(app, editor)).status).toBe(200);
    await until(() => (deps.webhooks.deliveries(reg.body.id)[0] as { lastError: string | null }).lastError !== null);
    const deliveries = await request(app).get(`/api/v1/webhooks/${reg.body.id}/deliveries`).set('Authorization', `Bearer ${admin}`);
    expect(deliveries.body.deliveries[0].lastError).toContain('https://***@partner.example.org/hooks');
    expect(JSON.stringify(deliveries.body)).not.toContain('s3cret');
  });

  it('creating and deleting are audited', async () => {
    const { app, admin, partner } = setup();
    const reg = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ key: partner.info.id, url: 'https://partner.example.org/hooks' });
    expect(reg.status).toBe(201);
    expect((await request(app).delete(`/api/v1/webhooks/${reg.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    const audit = await request(app).get('/api/v1/audit').set('Authorization', `Bearer ${admin}`);
    const entries = (audit.body.entries as { actor: string; action: string; target: string; detail: string | null }[]).filter((e) =>
      e.action.endsWith('-webhook'),
    );
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['Admin', 'delete-webhook', `webhook/${reg.body.id}`],
      ['Admin', 'create-webhook', `webhook/${reg.body.id}`],
    ]);
    expect(entries[1]?.detail).toBe(`key ${partner.info.id}, https://partner.example.org/hooks`);
  });

  it('deleting a webhook that does not exist is a 404 and audits nothing', async () => {
    const { app, admin } = setup();
    expect((await request(app).delete('/api/v1/webhooks/999').set('Authorization', `Bearer ${admin}`)).status).toBe(404);
    const audit = await request(app).get('/api/v1/audit').set('Authorization', `Bearer ${admin}`);
    expect((audit.body.entries as { action: string }[]).some((e) => e.action.endsWith('-webhook'))).toBe(false);
  });
});
