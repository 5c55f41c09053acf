import request from 'supertest';
import { createApp } from '../../src/app';
import { adminSetup, field, PASSWORD, signIn } from './helpers';

/** A login form's token and the cookie that goes with it. */
async function loginForm(agent: request.Agent) {
  const page = await agent.get('/admin/login');
  return field(page.text, 'csrf');
}

describe('signing in to /admin', () => {
  it('a user signs in with name and password and gets an HttpOnly, SameSite=Strict session cookie limited to /admin', async () => {
    const { app } = adminSetup();
    const agent = request.agent(app);
    const csrf = await loginForm(agent);
    const res = await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username: 'olena', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('booklets_admin='));
    expect(session).toMatch(/^booklets_admin=[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(session).not.toMatch(/Secure/);
    const dashboard = await agent.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('olena');
    expect(dashboard.headers['cache-control']).toBe('no-store');
  });

  it('the session cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const { deps } = adminSetup();
    const app = createApp({ ...deps, http: { trustProxy: true }, onServerError: () => undefined });
    const agent = request.agent(app);
    const page = await agent.get('/admin/login').set('X-Forwarded-Proto', 'https');
    expect(([] as string[]).concat(page.headers['set-cookie'] ?? []).join('\n')).toMatch(
      /booklets_login=[^;]+; Path=\/admin\/login; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure/,
    );
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? [])[0]?.split(';')[0] as string;
    const res = await request(app)
      .post('/admin/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf: field(page.text, 'csrf'), method: 'password', username: 'editor', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('booklets_admin='))).toMatch(/; Secure$/);
  });

  it('a key holder signs in with an API key made by the CLI service', async () => {
    const { app, deps } = adminSetup();
    const { key } = deps.keys.create({ name: 'Partner NGO', role: 'translator', languages: ['uk'] });
    const agent = await signIn(app, { key });
    const dashboard = await agent.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Partner NGO');
  });

  it('a revoked key cannot sign in, and revoking ends its sessions', async () => {
    const { app, deps } = adminSetup();
    const { key, info } = deps.keys.create({ name: 'Leaving partner', role: 'editor' });
    const agent = await signIn(app, { key });
    expect((await agent.get('/admin')).status).toBe(200);
    deps.keys.revoke(info.id);
    const after = await agent.get('/admin');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/admin/login');
    await expect(signIn(app, { key })).rejects.toThrow(/sign-in failed: 401/);
  });

  it('the database keeps only a hash of the session token', async () => {
    const { app, deps } = adminSetup();
    const agent = request.agent(app);
    const csrf = await loginForm(agent);
    const res = await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username: 'editor', password: PASSWORD });
    const token = /booklets_admin=([^;]+)/.exec(([] as string[]).concat(res.headers['set-cookie'] ?? []).join(';'))?.[1] as string;
    const rows = deps.db.prepare('SELECT * FROM admin_sessions').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64url') : v));
    expect(dump).not.toContain(token);
    const users = JSON.stringify(deps.db.prepare('SELECT * FROM users').all());
    expect(users).not.toContain(PASSWORD);
    expect(users).toMatch(/scrypt\$1024\$8\$1\$/);
  });

  it('an unknown user and a wrong password get the same answer', async () => {
    const { app } = adminSetup();
    const attempt = async (username: string, password: string) => {
      const agent = request.agent(app);
      const csrf = await loginForm(agent);
      const res = await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username, password });
      return {
        status: res.status,
        error: /<p class="message error" role="alert">([^<]*)<\/p>/.exec(res.text)?.[1],
        cookies: res.headers['set-cookie'],
      };
    };
    const unknown = await attempt('nobody', PASSWORD);
    const wrong = await attempt('olena', 'not the password at all');
    expect(unknown.status).toBe(401);
    expect(unknown.error).toBe('Wrong user name or password.');
    expect(wrong).toEqual(unknown);
  });

  it('a disabled user cannot sign in and their open sessions end', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    deps.admin.users.disable('olena');
    expect((await agent.get('/admin')).status).toBe(303);
    await expect(signIn(app, { username: 'olena', password: PASSWORD })).rejects.toThrow(/sign-in failed: 401/);
  });

  it('a sign-in post without its form token is refused (403) and starts no session', async () => {
    const { app, deps } = adminSetup();
    const agent = request.agent(app);
    await loginForm(agent);
    const res = await agent.post('/admin/login').type('form').send({ method: 'password', username: 'olena', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('The form was refused');
    const forged = await agent
      .post('/admin/login')
      .type('form')
      .send({ csrf: 'x'.repeat(43), method: 'password', username: 'olena', password: PASSWORD });
    expect(forged.status).toBe(403);
    // A token without the cookie it was made for (another browser's form) is refused too.
    const page = await request(app).get('/admin/login');
    const stolen = await request(app)
      .post('/admin/login')
      .type('form')
      .send({ csrf: field(page.text, 'csrf'), method: 'password', username: 'olena', password: PASSWORD });
    expect(stolen.status).toBe(403);
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM admin_sessions').get()).toEqual({ n: 0 });
  });

  it('after five failures for a user name further attempts get 429, even with the right password', async () => {
    const { app } = adminSetup();
    const agent = request.agent(app);
    const csrf = await loginForm(agent);
    for (let i = 0; i < 5; i++) {
      const res = await agent
        .post('/admin/login')
        .type('form')
        .send({ csrf, method: 'password', username: 'olena', password: `guess number ${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username: 'olena', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.text).toContain('Too many failed sign-ins. Wait 15 minutes and try again.');
    expect(blocked.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^booklets_admin=[^;]/)]));
    // The other user is not locked out by olena's failures from another client… but this client is.
    const sameClient = await agent
      .post('/admin/login')
      .type('form')
      .send({ csrf, method: 'password', username: 'editor', password: PASSWORD });
    expect(sameClient.status).toBe(429);
  });

  it('failures are also counted per client: trying many user names from one address gets 429', async () => {
    const { app } = adminSetup();
    const agent = request.agent(app);
    const csrf = await loginForm(agent);
    for (const username of ['anna', 'boris', 'chen', 'dana', 'emil']) {
      expect(
        (await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username, password: 'some guess here' })).status,
      ).toBe(401);
    }
    const sixth = await agent
      .post('/admin/login')
      .type('form')
      .send({ csrf, method: 'password', username: 'farid', password: 'some guess here' });
    expect(sixth.status).toBe(429);
    const key = await agent
      .post('/admin/login')
      .type('form')
      .send({ csrf, method: 'key', key: 'bk_AAAAAAAAAA_' + 'a'.repeat(43) });
    expect(key.status).toBe(429);
  });

  it('the failure window passes: sign-in works again after 15 minutes', async () => {
    let now = new Date('2026-01-10T10:00:00Z');
    const { app } = adminSetup({ now: () => now });
    const agent = request.agent(app);
    const csrf = await loginForm(agent);
    for (let i = 0; i < 5; i++)
      await agent
        .post('/admin/login')
        .type('form')
        .send({ csrf, method: 'password', username: 'olena', password: `guess ${i}` });
    expect(
      (await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username: 'olena', password: PASSWORD })).status,
    ).toBe(429);
    now = new Date('2026-01-10T10:15:01Z');
    expect(
      (await agent.post('/admin/login').type('form').send({ csrf, method: 'password', username: 'olena', password: PASSWORD })).status,
    ).toBe(303);
  });

  it('sessions end after 8 idle hours', async () => {
    let now = new Date('2026-01-10T08:00:00Z');
    const { app } = adminSetup({ now: () => now });
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    now = new Date('2026-01-10T15:59:00Z');
    expect((await agent.get('/admin')).status).toBe(200);
    now = new Date('2026-01-10T23:58:00Z');
    expect((await agent.get('/admin')).status).toBe(200);
    now = new Date('2026-01-11T08:00:00Z');
    expect((await agent.get('/admin')).status).toBe(303);
  });

  it('sessions end 7 days after sign-in, even when used all the time', async () => {
    let now = new Date('2026-01-10T08:00:00Z');
    const { app } = adminSetup({ now: () => now });
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    for (let hours = 7; hours < 7 * 24; hours += 7) {
      now = new Date(Date.parse('2026-01-10T08:00:00Z') + hours * 3600_000);
      expect([hours, (await agent.get('/admin')).status]).toEqual([hours, 200]);
    }
    now = new Date('2026-01-17T08:00:01Z');
    expect((await agent.get('/admin')).status).toBe(303);
  });

  it('signing out deletes the session: the old cookie no longer works', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const dashboard = await agent.get('/admin');
    const csrf = field(dashboard.text, 'csrf');
    const out = await agent.post('/admin/logout').type('form').send({ csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).join('\n')).toMatch(
      /booklets_admin=; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=0/,
    );
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM admin_sessions').get()).toEqual({ n: 0 });
    expect((await agent.get('/admin')).status).toBe(303);
  });

  it('pages need a session: a visitor is sent to the sign-in page and comes back after signing in', async () => {
    const { app } = adminSetup();
    const res = await request(app).get('/admin/booklets/rights/uk');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/login?next=%2Fadmin%2Fbooklets%2Frights%2Fuk');
    const agent = request.agent(app);
    const page = await agent.get(res.headers.location as string);
    expect(field(page.text, 'next')).toBe('/admin/booklets/rights/uk');
    const back = await agent
      .post('/admin/login')
      .type('form')
      .send({
        csrf: field(page.text, 'csrf'),
        method: 'password',
        username: 'olena',
        password: PASSWORD,
        next: 'https://evil.example/admin',
      });
    expect(back.headers.location).toBe('/admin');
  });

  it('readers of the public site never get a cookie', async () => {
    const { app } = adminSetup();
    for (const url of ['/', '/booklets/rights/uk', '/booklets/rights/uk.pdf', '/booklets/nothing/uk']) {
      const res = await request(app).get(url);
      expect([url, res.headers['set-cookie']]).toEqual([url, undefined]);
    }
  });
});
