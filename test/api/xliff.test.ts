import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';
import { sectionUnitsXliff } from '../helpers/xliff-section-units';

const { app, deps } = createTestApp(path.join(__dirname, '../../booklets'), { pdf: async () => Buffer.from('%PDF') });
const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
const auth = { Authorization: `Bearer ${editor}` };
const url = (lang: string) => `/api/v1/booklets/right-to-information/translations/${lang}/xliff`;
const draft = async (lang: string) =>
  (await request(app).get(`/api/v1/booklets/right-to-information/translations/${lang}?version=draft`).set(auth)).body as {
    sections: { id: string; title: string; body: string }[];
  };

describe('XLIFF exchange through the API', () => {
  it.each(['uk', 'ar', 'fa'])('%s: export then import of the unchanged file changes nothing and keeps every character', async (lang) => {
    const before = await draft(lang);
    const exported = await request(app).get(url(lang)).set(auth);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/xliff\+xml/);
    expect(exported.text).toContain(`trgLang="${lang}"`);
    const imported = await request(app)
      .put(url(lang))
      .set(auth)
      .set('If-Match', exported.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(exported.text);
    expect(imported.status).toBe(200);
    expect(imported.body.changed).toBe(0);
    expect(imported.headers.etag).toBe(exported.headers.etag);
    expect(await draft(lang)).toEqual(before);
  });

  it('an edited file becomes new revisions of the changed sections only, every character kept', async () => {
    const exported = await request(app).get(url('fa')).set(auth);
    const changedBody = 'متن تازه: می‌توانید با شمارهٔ 916 (رایگان) تماس بگیرید — ⁦+994 12 345 67 89⁩.';
    const xml = exported.text.replace(/(<unit id="fees\.body">[\s\S]*?<target[^>]*>)[\s\S]*?(<\/target>)/, `$1${changedBody}$2`);
    expect(xml).not.toBe(exported.text);
    const res = await request(app)
      .put(url('fa'))
      .set(auth)
      .set('If-Match', exported.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(xml);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(1);
    expect((await draft('fa')).sections.find((s) => s.id === 'fees')?.body).toBe(changedBody);
  });

  it('a file in the one-unit-per-section layout (segments "title" and "body") is still imported', async () => {
    const before = await draft('uk');
    const source = await draft('en');
    const exported = await request(app).get(url('uk')).set(auth);
    const units = before.sections.map((s) => {
      const src = source.sections.find((x) => x.id === s.id) as { title: string; body: string };
      const target = s.id === 'fees' ? { title: 'Скільки це коштує', body: s.body } : { title: s.title, body: s.body };
      return { id: s.id, source: { title: src.title, body: src.body }, target, state: 'translated' as const };
    });
    const xml = sectionUnitsXliff({ booklet: 'right-to-information', sourceLang: 'en', targetLang: 'uk', units });
    const res = await request(app)
      .put(url('uk'))
      .set(auth)
      .set('If-Match', exported.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(xml);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(1);
    const texts = (d: typeof before) => d.sections.map(({ id, title, body }) => ({ id, title, body }));
    expect(texts(await draft('uk'))).toEqual(texts(before).map((s) => (s.id === 'fees' ? { ...s, title: 'Скільки це коштує' } : s)));
  });

  it.each([
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff>&e;</xliff>'],
    [
      'a billion laughs',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xliff>&b;</xliff>',
    ],
    ['malformed XML', '<xliff version="2.0"><file>'],
  ])('%s is rejected with 422 and changes nothing', async (_name, xml) => {
    const before = await request(app).get(url('uk')).set(auth);
    const res = await request(app)
      .put(url('uk'))
      .set(auth)
      .set('If-Match', before.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(xml);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect((await request(app).get(url('uk')).set(auth)).headers.etag).toBe(before.headers.etag);
  });

  it('a file for another language names the problem; a non-XLIFF body is 415; no If-Match is 428', async () => {
    const az = await request(app).get(url('az')).set(auth);
    const uk = await request(app).get(url('uk')).set(auth);
    const wrong = await request(app)
      .put(url('uk'))
      .set(auth)
      .set('If-Match', uk.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(az.text);
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/trgLang/);
    expect(
      (
        await request(app)
          .put(url('uk'))
          .set(auth)
          .set('If-Match', uk.headers.etag as string)
          .set('Content-Type', 'text/plain')
          .send('x')
      ).status,
    ).toBe(415);
    expect((await request(app).put(url('uk')).set(auth).set('Content-Type', 'application/xliff+xml').send(uk.text)).status).toBe(428);
  });
});
