import request from 'supertest';
import { observedApp } from '../observability/support';

/**
 * A method an address does not answer gets 405 with the methods it does answer (RFC 9110), not a
 * 404 that says nothing is there; OPTIONS lists them too. Nothing changes.
 */
describe('methods an address does not answer', () => {
  const app = observedApp();
  const admin = app.deps.keys.create({ name: 'Admin', role: 'admin' }).key;

  it.each([
    ['POST', '/', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/booklets/rights', 'GET, HEAD, OPTIONS'],
    ['PUT', '/booklets/rights/uk', 'GET, HEAD, OPTIONS'],
    ['POST', '/booklets/rights/en.pdf', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/booklets/rights/print', 'GET, HEAD, OPTIONS'],
    ['POST', '/healthz', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/v1/booklets', 'GET, HEAD, POST, OPTIONS'],
    ['PUT', '/api/v1/booklets/rights', 'GET, HEAD, OPTIONS'],
    ['GET', '/api/v1/webhooks/1', 'DELETE, OPTIONS'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const res = await request(app.handler)[method.toLowerCase() as 'get'](path).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 405, type: '/problems/method-not-allowed' });
    expect(res.body.detail).toContain(`${method} is not allowed`);
  });

  it('OPTIONS lists the methods of an address', async () => {
    for (const [path, allow] of [
      ['/healthz', 'GET, HEAD, OPTIONS'],
      ['/booklets/rights/uk', 'GET, HEAD, OPTIONS'],
      ['/api/v1/booklets', 'GET, HEAD, POST, OPTIONS'],
    ] as const) {
      const res = await request(app.handler).options(path);
      expect([path, res.status, res.headers.allow]).toEqual([path, 204, allow]);
    }
  });

  it('/metrics tells nothing to whoever may not read it: 404 whatever the method, as for an unknown address', async () => {
    // Switched off; and loopback-only, asked through a proxy.
    for (const [access, headers] of [
      ['off', {}],
      ['loopback', { 'X-Forwarded-For': '198.51.100.7' }],
    ] as const) {
      const closed = observedApp({ metrics: { access } });
      for (const method of ['get', 'post', 'delete', 'options'] as const) {
        const res = await request(closed.handler)[method]('/metrics').set(headers);
        expect([access, method, res.status, res.headers.allow]).toEqual([access, method, 404, undefined]);
      }
    }
  });

  it('an address nothing answers stays 404, whatever the method', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const res = await request(app.handler)[method]('/no/such/address');
      expect(res.status).toBe(404);
      expect(res.headers.allow).toBeUndefined();
    }
  });

  it('the methods an address answers still work, and a refused method changed nothing', async () => {
    const before = (await request(app.handler).get('/api/v1/booklets').set('Authorization', `Bearer ${admin}`)).body;
    expect((await request(app.handler).delete('/api/v1/booklets/rights').set('Authorization', `Bearer ${admin}`)).status).toBe(405);
    const after = await request(app.handler).get('/api/v1/booklets').set('Authorization', `Bearer ${admin}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    expect((await request(app.handler).get('/booklets/rights/en.pdf')).status).toBe(200);
  });
});
