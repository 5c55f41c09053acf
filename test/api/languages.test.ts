import request from 'supertest';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }));
const admin = deps.keys.create({ name: 'Admin', role: 'admin' }).key;
const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

const georgian = { code: 'ka', nativeName: 'ქართული', englishName: 'Georgian', script: 'Geor' };

describe('/api/v1/languages', () => {
  it('lists the languages readers are offered, to anyone, in order', async () => {
    const res = await request(app).get('/api/v1/languages');
    expect(res.status).toBe(200);
    expect(res.body.languages.map((l: { code: string }) => l.code)).toEqual(deps.languages.codes());
    expect(res.body.languages[5]).toEqual({
      code: 'fa',
      nativeName: 'فارسی',
      englishName: 'Persian',
      dir: 'rtl',
      script: 'Arab',
      fallback: null,
      aliases: [],
      numbering: null,
      calendar: null,
      retired: false,
    });
  });

  it('an admin adds a language; the direction follows its script; it is in the audit log', async () => {
    const res = await request(app).post('/api/v1/languages').set(auth(admin)).send(georgian);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/v1/languages/ka');
    expect(res.body).toMatchObject({ ...georgian, dir: 'ltr', retired: false });
    expect((await request(app).get('/api/v1/languages/KA')).body.nativeName).toBe('ქართული');
    expect(deps.audit.list(5).map((e) => e.action)).toContain('language.add');
    // The catalog offers it at once, in its own name.
    expect((await request(app).get('/?lang=ka')).text).toMatch(/<html lang="ka" dir="ltr">/);
  });

  it('refuses editors, bad values (naming each field) and a second language with the same code', async () => {
    expect(
      (
        await request(app)
          .post('/api/v1/languages')
          .set(auth(editor))
          .send({ ...georgian, code: 'hy' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(app)
          .post('/api/v1/languages')
          .send({ ...georgian, code: 'hy' })
      ).status,
    ).toBe(401);
    const bad = await request(app)
      .post('/api/v1/languages')
      .set(auth(admin))
      .send({ code: 'x', nativeName: '', script: 'Mymr', colour: 1 });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'nativeName', 'englishName']));
    const myanmar = await request(app)
      .post('/api/v1/languages')
      .set(auth(admin))
      .send({ code: 'my', nativeName: 'မြန်မာ', englishName: 'Burmese', script: 'Mymr' });
    expect(myanmar.status).toBe(422);
    expect(myanmar.body.detail).toMatch(/Myanmar/);
    expect((await request(app).post('/api/v1/languages').set(auth(admin)).send(georgian)).status).toBe(409);
    expect(deps.languages.find('my')).toBeUndefined();
  });

  it('retiring hides a language from readers and keeps its text; restoring brings it back', async () => {
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(200);
    const retired = await request(app).patch('/api/v1/languages/uk').set(auth(admin)).send({ retired: true });
    expect(retired.status).toBe(200);
    expect(retired.body.retired).toBe(true);
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(404);
    expect((await request(app).get('/api/v1/languages')).body.languages.map((l: { code: string }) => l.code)).not.toContain('uk');
    expect(
      (await request(app).get('/api/v1/languages?retired=true').set(auth(admin))).body.languages.map((l: { code: string }) => l.code),
    ).toContain('uk');
    // In use: it cannot be deleted.
    const del = await request(app).delete('/api/v1/languages/uk').set(auth(admin));
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/retire it instead/);
    expect((await request(app).patch('/api/v1/languages/uk').set(auth(admin)).send({ retired: false })).status).toBe(200);
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(200);
  });

  it('a language with interface strings of its own is in use: deleting it is a 409, nothing is lost', async () => {
    await request(app)
      .post('/api/v1/languages')
      .set(auth(admin))
      .send({ code: 'ky', nativeName: 'Кыргызча', englishName: 'Kyrgyz', script: 'Cyrl' });
    deps.interfaceStrings.saveOne('ky', { key: 'site.name', text: 'Маалымат китепчелери' }, { name: 'Translator' });
    const del = await request(app).delete('/api/v1/languages/ky').set(auth(admin));
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/interface strings/);
    expect(deps.interfaceStrings.view('ky').strings.find((s) => s.key === 'site.name')?.text).toBe('Маалымат китепчелери');
  });

  it('an unused language can be deleted', async () => {
    await request(app)
      .post('/api/v1/languages')
      .set(auth(admin))
      .send({ code: 'hy', nativeName: 'Հայերեն', englishName: 'Armenian', script: 'Armn' });
    expect((await request(app).delete('/api/v1/languages/hy').set(auth(admin))).status).toBe(204);
    expect((await request(app).get('/api/v1/languages/hy')).status).toBe(404);
  });
});
