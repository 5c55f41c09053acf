import request from 'supertest';
import { createApp } from '../../src/app';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';
import { extractPdf, documentText } from '../helpers/pdf';

const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }));
const admin = deps.keys.create({ name: 'Admin', role: 'admin' }).key;
const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

const leaflet = {
  slug: 'asylum-basics',
  sourceLanguage: 'en',
  title: 'Asylum basics',
  subject: 'First steps after arrival',
  author: 'Commissioner for Human Rights (Ombudsman)',
  edition: '2026-12',
  sections: [
    { id: 'first-steps', title: 'First steps', body: 'Register with the migration service.' },
    { id: 'help', title: 'Where to get help', body: ':::contact\nname: Ombudsman\nphone: 916\n:::' },
  ],
};

describe('creating booklets', () => {
  it('an admin creates a booklet with its source sections; it is a draft until published', async () => {
    const res = await request(app).post('/api/v1/booklets').set(auth(admin)).send(leaflet);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/v1/booklets/asylum-basics');
    expect(res.body).toMatchObject({ lang: 'en', status: 'draft', sections: [{ id: 'first-steps' }, { id: 'help' }] });
    expect((await request(app).get('/booklets/asylum-basics/en')).status).toBe(404);
    expect((await request(app).get('/?lang=en')).text).not.toContain('Asylum basics');
    const published = await request(app)
      .post('/api/v1/booklets/asylum-basics/translations/en/publish')
      .set(auth(editor))
      .set('If-Match', res.headers.etag as string);
    expect(published.status).toBe(200);
    const page = await request(app).get('/booklets/asylum-basics/en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Register with the migration service.');
    // The catalog is cached per content change: the new booklet appears at once.
    expect((await request(app).get('/?lang=en')).text).toContain('Asylum basics');
  });

  it('refuses a duplicate (409), an editor (403), bad fields (422 naming them) and a non-JSON body (415)', async () => {
    expect(
      (
        await request(app)
          .post('/api/v1/booklets')
          .set(auth(admin))
          .send({ ...leaflet, slug: 'rights' })
      ).status,
    ).toBe(409);
    expect((await request(app).post('/api/v1/booklets').set(auth(editor)).send(leaflet)).status).toBe(403);
    const bad = await request(app)
      .post('/api/v1/booklets')
      .set(auth(admin))
      .send({ ...leaflet, slug: 'Bad Slug', edition: '2026', sections: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['edition', 'sections', 'slug']);
    const dup = await request(app)
      .post('/api/v1/booklets')
      .set(auth(admin))
      .send({ ...leaflet, slug: 'dup-sections', sections: [leaflet.sections[0], leaflet.sections[0]] });
    expect(dup.status).toBe(422);
    expect((await request(app).post('/api/v1/booklets').set(auth(admin)).set('Content-Type', 'application/xml').send('<x/>')).status).toBe(
      415,
    );
    expect((await request(app).get('/booklets/dup-sections/en')).status).toBe(404);
  });
});

describe('content is always text, never markup', () => {
  it('<script> and {{…}} in a body show as text in HTML and PDF', async () => {
    const read = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    const body = 'Do not run <script>alert("x")</script> and keep {{constructor}} and {{{raw}}} as typed.';
    const edit = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro')
      .set(auth(editor))
      .set('If-Match', read.headers.etag as string)
      .send({ title: '<b>Intro</b> {{title}}', body });
    expect(edit.status).toBe(200);
    await request(app)
      .post('/api/v1/booklets/rights/translations/en/publish')
      .set(auth(editor))
      .set('If-Match', edit.headers.etag as string)
      .expect(200);
    const page = await request(app).get('/booklets/rights/en');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.text).toContain('{{constructor}} and {{{raw}}}');
    expect(page.text).toContain('&lt;b&gt;Intro&lt;/b&gt; {{title}}');
    const pdf = await extractPdf((await request(app).get('/booklets/rights/en.pdf').buffer(true)).body as Buffer);
    expect(documentText(pdf)).toContain('Do not run <script>alert("x")</script> and keep {{constructor}} and {{{raw}}} as typed.');
  });
});

describe('rate limits', () => {
  it('writes beyond the limit per key get 429; reads and other keys are not limited', async () => {
    const limited = createApp({ ...deps, writesPerMinute: 3, onServerError: () => undefined });
    const key = deps.keys.create({ name: 'Busy tool', role: 'translator', languages: ['uk'] }).key;
    const other = deps.keys.create({ name: 'Other tool', role: 'translator', languages: ['uk'] }).key;
    const put = (k: string) =>
      request(limited)
        .put('/api/v1/booklets/rights/translations/uk/sections/intro')
        .set(auth(k))
        .set('If-Match', '"stale"')
        .send({ title: 'a', body: 'b' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await put(key)).status);
    expect(statuses).toEqual([412, 412, 412, 429, 429]);
    const last = await put(key);
    expect(last.headers['content-type']).toMatch(/problem\+json/);
    expect((await put(other)).status).toBe(412);
    expect((await request(limited).get('/api/v1/booklets/rights/translations/uk')).status).toBe(200);
  });
});
