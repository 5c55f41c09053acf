import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signature } from '../../src/webhooks/service';
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
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
    pdf: async () => Buffer.from('%PDF'),
    webhooks: { backoff: [50], pollMs: 20 },
  });
  const admin = deps.keys.create({ name: 'Admin', role: 'admin' }).key;
  const partner = deps.keys.create({ name: 'Partner NGO', role: 'translator', languages: ['uk'] });
  const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
  return { app, deps, admin, partner, editor };
}

const publish = async (app: Parameters<typeof request>[0], editor: string) => {
  const read = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set('Authorization', `Bearer ${editor}`);
  return request(app).post('/api/v1/booklets/rights/translations/uk/publish').set('Authorization', `Bearer ${editor}`).set('If-Match', read.headers.etag as string);
};

describe('webhooks for partners', () => {
  it('a receiver on 127.0.0.1 gets a correctly signed event after publish', async () => {
    const { app, admin, partner, editor } = setup();
    const hook = await receiver([200]);
    try {
      const reg = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url: hook.url });
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
      const reg = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url: hook.url });
      await publish(app, editor);
      await until(() => hook.received.length === 3);
      const deliveries = await request(app).get(`/api/v1/webhooks/${reg.body.id}/deliveries`).set('Authorization', `Bearer ${admin}`);
      expect(deliveries.body.deliveries[0]).toMatchObject({ event: 'translation.published' });
      expect(new Set(hook.received.map((r) => r.headers['x-booklets-delivery'])).size).toBe(1);
      // A webhook that does not exist has no deliveries to list: 404, not an empty list.
      const unknown = await request(app).get(`/api/v1/webhooks/${Number(reg.body.id) + 1000}/deliveries`).set('Authorization', `Bearer ${admin}`);
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
      await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
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
    expect((await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${editor}`).send({ key: partner.info.id, url: 'https://x.org' })).status).toBe(403);
    expect((await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url: 'ftp://x.org' })).status).toBe(400);
    expect((await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: 'AAAAAAAAAA', url: 'https://x.org' })).status).toBe(404);
    const reg = await request(app).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ key: partner.info.id, url: 'https://partner.example.org/hook' });
    expect((await request(app).get('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`)).body.webhooks).toHaveLength(1);
    expect((await request(app).delete(`/api/v1/webhooks/${reg.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await request(app).delete(`/api/v1/webhooks/${reg.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(404);
    expect((await request(app).delete('/api/v1/webhooks/abc').set('Authorization', `Bearer ${admin}`)).status).toBe(400);
  });
});
