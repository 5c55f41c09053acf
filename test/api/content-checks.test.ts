import request from 'supertest';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

function setup() {
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => Buffer.from('%PDF-1.7') });
  const key = (role: string, languages?: string[]) =>
    deps.keys.create({ name: `${role} ${languages?.join(',') ?? ''}`.trim(), role, languages: languages ?? null }).key;
  return {
    app,
    editor: key('editor'),
    admin: key('admin'),
    ukTranslator: key('translator', ['uk']),
    faTranslator: key('translator', ['fa']),
  };
}

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Saves one section of a language with the ETag just read, as a partner's tool would. */
async function save(
  app: ReturnType<typeof setup>['app'],
  key: string,
  lang: string,
  section: { title: string; body: string },
  headers: Record<string, string> = {},
) {
  const read = await request(app).get(`/api/v1/booklets/rights/translations/${lang}?version=draft`).set(auth(key));
  return request(app)
    .put(`/api/v1/booklets/rights/translations/${lang}/sections/intro`)
    .set(auth(key))
    .set(headers)
    .set('If-Match', read.headers.etag as string)
    .send(section);
}

describe('content warnings when a section is saved', () => {
  it('a table and an emoji are saved, and the answer says what will not print as typed and what to do instead', async () => {
    const { app, editor } = setup();
    const body = 'Offices:\n\n| City | Phone |\n|---|---|\n| Baku | 916 |\n\nWelcome 😀!';
    const res = await save(app, editor, 'en', { title: 'Introduction', body });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([
      {
        code: 'table',
        field: 'body',
        section: 'intro',
        line: 3,
        sample: '| City | Phone |',
        message:
          'Line 3: tables are not supported: the page and the PDF show the rows as one line of text full of “|” signs. Write the table as a list instead, one item per row.',
      },
      {
        code: 'unsupported-characters',
        field: 'body',
        section: 'intro',
        line: 7,
        sample: 'Welcome 😀!',
        characters: [{ char: '😀', codePoint: 'U+1F600' }],
        message:
          'Line 7: the PDF cannot show 😀 (U+1F600), so they would be missing from the printed booklet. Replace or remove them, for example write the word instead of the emoji.',
      },
    ]);
    // The warnings did not stop the save, and the rest of the answer is the translation as before.
    expect(Object.keys(res.body).sort()).toEqual(['lang', 'links', 'published', 'revision', 'sections', 'status', 'warnings']);
    const draft = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    expect(draft.body.sections[0].body).toBe(body);
    expect(res.headers.etag).toBe(draft.headers.etag);
  });

  it('with Accept-Language: ar the message is in Arabic; ?lang= wins over the header', async () => {
    const { app, editor } = setup();
    const res = await save(app, editor, 'en', { title: '<b>Introduction</b>', body: 'Text.' }, { 'Accept-Language': 'ar' });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([
      {
        code: 'html',
        field: 'title',
        section: 'intro',
        line: 1,
        sample: '<b>',
        message:
          'العنوان: لا تُفسَّر شيفرة HTML: سيظهر «\u2068<b>\u2069» كما كُتب تمامًا. احذف وسوم HTML واستخدم تنسيق Markdown الخاص بالكتيّب: \u2066**غامق**\u2069، \u2066*مائل*\u2069، \u2066[نص](https://…)\u2069.',
      },
    ]);
    const read = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    const uk = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro?lang=uk')
      .set(auth(editor))
      .set('Accept-Language', 'ar')
      .set('If-Match', read.headers.etag as string)
      .send({ title: 'Introduction', body: '![Map](https://example.org/map.png)' });
    expect(uk.body.warnings.map((w: { message: string }) => w.message)).toEqual([
      expect.stringMatching(/^Рядок 1: зображення не підтримуються/),
    ]);
  });

  it('clean text, Ukrainian with ʼ, Persian with ZWNJ, "|" in a sentence and "!" before a link give an empty list', async () => {
    const { app, editor, ukTranslator, faTranslator } = setup();
    const en = await save(app, editor, 'en', {
      title: 'Introduction',
      body: 'Open Monday–Friday | 09:00–18:00. Important! [Apply online](https://example.org/apply?q=a<b)',
    });
    expect([en.status, en.body.warnings]).toEqual([200, []]);
    const uk = await save(app, ukTranslator, 'uk', { title: 'Вступ', body: 'Про сімʼю, її права та обовʼязки: ґрунтовно й чесно.' });
    expect([uk.status, uk.body.warnings]).toEqual([200, []]);
    const fa = await save(app, faTranslator, 'fa', { title: 'مقدمه', body: 'می‌توانید درخواست خود را تا ۱۵ روز بفرستید. تلفن: 916' });
    expect([fa.status, fa.body.warnings]).toEqual([200, []]);
  });

  it('a text that is not valid is refused as before (422 problem), with no warnings', async () => {
    const { app, editor } = setup();
    const res = await save(app, editor, 'en', { title: '<b>x</b>', body: '# Not allowed here' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.warnings).toBeUndefined();
  });
});

describe('content warnings when a booklet is created', () => {
  it("names the section of each warning, in the source language's rules, and the interface language of the request", async () => {
    const { app, admin } = setup();
    const res = await request(app)
      .post('/api/v1/booklets')
      .set(auth(admin))
      .set('Accept-Language', 'uk-UA,uk;q=0.9,en;q=0.5')
      .send({
        slug: 'asylum-basics',
        sourceLanguage: 'en',
        title: 'Asylum basics',
        subject: 'First steps',
        author: 'Ombudsman',
        edition: '2026-12',
        sections: [
          { id: 'first-steps', title: 'First steps', body: 'Register with the migration service.' },
          { id: 'help', title: 'Help', body: 'Call us.\n\nSee <script>alert(1)</script> and the law[^1].' },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ lang: 'en', status: 'draft', sections: [{ id: 'first-steps' }, { id: 'help' }] });
    expect(res.body.warnings).toEqual([
      {
        code: 'html',
        field: 'body',
        section: 'help',
        line: 3,
        sample: '<script>',
        message: expect.stringMatching(/^Рядок 3: HTML не обробляється: «<script>» буде показано саме так, як набрано\./),
      },
      {
        code: 'footnote',
        field: 'body',
        section: 'help',
        line: 3,
        sample: '[^1]',
        message: expect.stringMatching(/^Рядок 3: виноски не підтримуються/),
      },
    ]);
  });

  it('a booklet without problems answers an empty list', async () => {
    const { app, admin } = setup();
    const res = await request(app)
      .post('/api/v1/booklets')
      .set(auth(admin))
      .send({
        slug: 'clean',
        sourceLanguage: 'az',
        title: 'Hüquqlarınız',
        subject: 'Əsas məlumat',
        author: 'Ombudsman',
        edition: '2026-12',
        sections: [{ id: 'intro', title: 'Giriş', body: 'İnsan hüquqları: əlaqə, doğum, qız, şəhər.' }],
      });
    expect([res.status, res.body.warnings]).toEqual([201, []]);
  });
});

describe('the OpenAPI document describes the warnings', () => {
  it('both writes answer a SavedTranslation whose warnings name every code', async () => {
    const { app } = setup();
    const doc = (await request(app).get('/api/v1/openapi.json')).body;
    const ref = { $ref: '#/components/schemas/SavedTranslation' };
    expect(doc.paths['/booklets'].post.responses['201'].content['application/json'].schema).toEqual(ref);
    expect(
      doc.paths['/booklets/{slug}/translations/{lang}/sections/{sectionId}'].put.responses['200'].content['application/json'].schema,
    ).toEqual(ref);
    expect(doc.components.schemas.ContentWarning.properties.code.enum).toEqual([
      'table',
      'image',
      'html',
      'footnote',
      'setext-heading',
      'unsupported-characters',
    ]);
  });
});
