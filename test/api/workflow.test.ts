import request from 'supertest';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

function setup() {
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => Buffer.from('%PDF-1.7') });
  const key = (role: string, languages?: string[]) =>
    deps.keys.create({ name: `${role} ${languages?.join(',') ?? ''}`.trim(), role, languages: languages ?? null }).key;
  return {
    app,
    deps,
    editor: key('editor'),
    admin: key('admin'),
    ukTranslator: key('translator', ['uk']),
    azTranslator: key('translator', ['az']),
  };
}

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('the translation API', () => {
  it('lists booklets with status, completeness, outdated counts and links per language', async () => {
    const { app } = setup();
    const res = await request(app).get('/api/v1/booklets');
    expect(res.status).toBe(200);
    expect(res.body.booklets).toEqual([
      {
        slug: 'rights',
        sourceLanguage: 'en',
        title: 'Your rights',
        languages: [
          expect.objectContaining({
            lang: 'en',
            status: 'published',
            completeness: 1,
            outdatedSections: 0,
            publishedAt: expect.any(String),
            links: { html: '/booklets/rights/en', pdf: '/booklets/rights/en.pdf' },
          }),
          expect.objectContaining({ lang: 'uk', status: 'published', completeness: 1, outdatedSections: 0 }),
        ],
      },
    ]);
  });

  it('readers get the published text with an ETag; drafts need a key', async () => {
    const { app, ukTranslator } = setup();
    const pub = await request(app).get('/api/v1/booklets/rights/translations/uk');
    expect(pub.status).toBe(200);
    expect(pub.headers.etag).toMatch(/^"rights\.uk\.published\.\d+"$/);
    expect(pub.body.sections.map((s: { id: string }) => s.id)).toEqual(['intro', 'how']);
    expect((await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft')).status).toBe(401);
    const draft = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator));
    expect(draft.status).toBe(200);
    expect(draft.headers.etag).toMatch(/^"rights\.uk\.\d+"$/);
  });

  it('the published text has its own ETag: a write based on it cannot overwrite a draft its client never saw', async () => {
    const { app, ukTranslator } = setup();
    const url = '/api/v1/booklets/rights/translations/uk';
    const draft = await request(app).get(`${url}?version=draft`).set(auth(ukTranslator));
    const edited = await request(app)
      .put(`${url}/sections/intro`)
      .set(auth(ukTranslator))
      .set('If-Match', draft.headers.etag as string)
      .send({ title: 'Вступ', body: 'Чернетка, ще не опублікована.' });
    expect(edited.status).toBe(200);
    const published = await request(app).get(url);
    expect(published.headers.etag).not.toBe(edited.headers.etag);
    // A client holding the published text is told that the draft differs, and changes nothing.
    const stale = await request(app)
      .put(`${url}/sections/intro`)
      .set(auth(ukTranslator))
      .set('If-Match', published.headers.etag as string)
      .send({ title: 'Вступ', body: 'На основі опублікованого.' });
    expect(stale.status).toBe(412);
    const notModified = await request(app)
      .get(`${url}?version=draft`)
      .set(auth(ukTranslator))
      .set('If-None-Match', published.headers.etag as string);
    expect(notModified.status).toBe(200);
    expect(notModified.body.sections[0].body).toBe('Чернетка, ще не опублікована.');
    // If-Match compares strongly: a weak tag never matches.
    const weak = await request(app)
      .put(`${url}/sections/intro`)
      .set(auth(ukTranslator))
      .set('If-Match', `W/${edited.headers.etag as string}`)
      .send({ title: 'Вступ', body: 'Слабкий тег.' });
    expect(weak.status).toBe(412);
    const after = await request(app).get(`${url}?version=draft`).set(auth(ukTranslator));
    expect(after.body.sections[0].body).toBe('Чернетка, ще не опублікована.');
  });

  it('two clients edit the same section from the same revision: one wins, the other gets 412 and nothing is lost', async () => {
    const { app, ukTranslator } = setup();
    const read = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator));
    const etag = read.headers.etag as string;
    const first = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(auth(ukTranslator))
      .set('If-Match', etag)
      .send({ title: 'Вступ', body: 'Перша версія тексту.' });
    expect(first.status).toBe(200);
    const second = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(auth(ukTranslator))
      .set('If-Match', etag)
      .send({ title: 'Вступ', body: 'Друга версія тексту.' });
    expect(second.status).toBe(412);
    expect(second.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(second.body.currentRevision).toBe(first.headers.etag);
    const draft = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator));
    expect(draft.body.sections[0].body).toBe('Перша версія тексту.');
    const history = await request(app).get('/api/v1/booklets/rights/translations/uk/history').set(auth(ukTranslator));
    expect(history.body.revisions.map((r: { body: string }) => r.body)).toEqual(expect.arrayContaining(['Перша версія тексту.']));
  });

  it('a revoked key gets 401', async () => {
    const { app, deps } = setup();
    const { key, info } = deps.keys.create({ name: 'Leaving partner', role: 'translator', languages: ['uk'] });
    expect((await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(key))).status).toBe(200);
    deps.keys.revoke(info.id);
    const res = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(key));
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/not valid or has been revoked/);
  });

  it('one booklet: its sections and languages', async () => {
    const { app } = setup();
    const res = await request(app).get('/api/v1/booklets/rights');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug: 'rights',
      sourceLanguage: 'en',
      sections: [
        { id: 'intro', title: 'Introduction' },
        { id: 'how', title: 'How to ask' },
      ],
    });
    expect((await request(app).get('/api/v1/booklets/NOT%20A%20SLUG')).status).toBe(400);
  });

  it('refuses control characters and unpaired surrogates with a 422 that names them, so the language can still be exported', async () => {
    const { app, ukTranslator } = setup();
    const url = '/api/v1/booklets/rights/translations/uk';
    const before = await request(app).get(`${url}?version=draft`).set(auth(ukTranslator));
    for (const [field, text, shown] of [
      ['title', 'a\u0000b', 'U+0000'],
      ['body', 'Текст \u001b[31m червоний', 'U+001B'],
      ['body', 'Текст \ud800', 'U+D800'],
      ['title', 'Вступ\uffff', 'U+FFFF'],
    ] as const) {
      const input = { title: 'Вступ', body: 'Текст.', [field]: text };
      const res = await request(app)
        .put(`${url}/sections/intro`)
        .set(auth(ukTranslator))
        .set('If-Match', before.headers.etag as string)
        .send(input);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(`${field} contains ${shown}`);
    }
    const after = await request(app).get(`${url}?version=draft`).set(auth(ukTranslator));
    expect(after.headers.etag).toBe(before.headers.etag);
    expect((await request(app).get(`${url}/xliff`).set(auth(ukTranslator))).status).toBe(200);
    // Tabs, line breaks, emoji and right-to-left text stay allowed.
    const ok = await request(app)
      .put(`${url}/sections/intro`)
      .set(auth(ukTranslator))
      .set('If-Match', before.headers.etag as string)
      .send({ title: 'Вступ 😀', body: 'Рядок\tз табуляцією\r\nі ще один: مرحبا' });
    expect(ok.status).toBe(200);
  });

  it('a write without If-Match is 428', async () => {
    const { app, ukTranslator } = setup();
    const res = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(auth(ukTranslator))
      .send({ title: 'Вступ', body: 'Текст.' });
    expect(res.status).toBe(428);
  });

  it.each([
    ['no key', {}, 401],
    ['a revoked or unknown key', { Authorization: 'Bearer bk_AAAAAAAAAA_' + 'x'.repeat(43) }, 401],
    ['a malformed header', { Authorization: 'Basic abc' }, 401],
  ])('a write with %s is refused', async (_name, headers, status) => {
    const { app } = setup();
    const res = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(headers)
      .set('If-Match', '*')
      .send({ title: 'a', body: 'b' });
    expect(res.status).toBe(status);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('a translator key for uk editing az is 403; a translator cannot publish or edit the source', async () => {
    const { app, ukTranslator } = setup();
    const put = (lang: string) =>
      request(app)
        .put(`/api/v1/booklets/rights/translations/${lang}/sections/intro`)
        .set(auth(ukTranslator))
        .set('If-Match', '*')
        .send({ title: 'a', body: 'b' });
    expect((await put('az')).status).toBe(403);
    expect((await put('en')).status).toBe(403);
    expect(
      (await request(app).post('/api/v1/booklets/rights/translations/uk/publish').set(auth(ukTranslator)).set('If-Match', '*')).status,
    ).toBe(403);
  });

  it('bad bodies: 415 for non-JSON, 400 for broken JSON, 422 naming the field, 413 over 1 MB; nothing changes', async () => {
    const { app, ukTranslator } = setup();
    const url = '/api/v1/booklets/rights/translations/uk/sections/intro';
    const before = (await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator))).headers
      .etag as string;
    expect(
      (await request(app).put(url).set(auth(ukTranslator)).set('If-Match', before).set('Content-Type', 'text/plain').send('hello')).status,
    ).toBe(415);
    const broken = await request(app)
      .put(url)
      .set(auth(ukTranslator))
      .set('If-Match', before)
      .set('Content-Type', 'application/json')
      .send('{"title":');
    expect([broken.status, broken.body.detail]).toEqual([400, 'The request body is not valid JSON.']);
    for (const notAnObject of ['null', '"text"', '42']) {
      const res = await request(app)
        .put(url)
        .set(auth(ukTranslator))
        .set('If-Match', before)
        .set('Content-Type', 'application/json')
        .send(notAnObject);
      expect([notAnObject, res.status, res.body.detail]).toEqual([notAnObject, 400, 'The request body must be a JSON object.']);
    }
    const missing = await request(app).put(url).set(auth(ukTranslator)).set('If-Match', before).send({ title: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ field: 'body', message: 'body is required (a string)' }]);
    const badLink = await request(app)
      .put(url)
      .set(auth(ukTranslator))
      .set('If-Match', before)
      .send({ title: 'x', body: '[a](javascript:alert(1))' });
    expect(badLink.status).toBe(422);
    expect(badLink.body.errors[0].field).toBe('body');
    const huge = await request(app)
      .put(url)
      .set(auth(ukTranslator))
      .set('If-Match', before)
      .send({ title: 'x', body: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    const after = (await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator))).headers.etag;
    expect(after).toBe(before);
  });

  it('changing a source section outdates its uk translation; a minor change does not; readers see the marked fallback', async () => {
    const { app, editor } = setup();
    const src = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    const minor = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro?minor=true')
      .set(auth(editor))
      .set('If-Match', src.headers.etag as string)
      .send({ title: 'Introduction', body: 'You may ask for **information**. Call 916 (free of charge)!' });
    expect(minor.status).toBe(200);
    let uk = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(editor));
    expect(uk.body.sections[0].outdated).toBe(false);
    const major = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro')
      .set(auth(editor))
      .set('If-Match', minor.headers.etag as string)
      .send({ title: 'Introduction', body: 'New rules apply from January.' });
    expect(major.status).toBe(200);
    uk = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(editor));
    expect(uk.body.sections[0].outdated).toBe(true);
    const list = await request(app).get('/api/v1/booklets');
    expect(list.body.booklets[0].languages.find((l: { lang: string }) => l.lang === 'uk').outdatedSections).toBe(1);
    // Readers see only published text: publish the new source, and the Ukrainian page shows it marked.
    await request(app)
      .post('/api/v1/booklets/rights/translations/en/publish')
      .set(auth(editor))
      .set('If-Match', major.headers.etag as string)
      .expect(200);
    const page = await request(app).get('/booklets/rights/uk');
    expect(page.text).toContain('New rules apply from January.');
    expect(page.text).toContain('Переклад цього розділу оновлюється');
  });

  it('readers see only reviewed text: draft -> review -> publish; unpublish withdraws', async () => {
    const { app, ukTranslator, editor } = setup();
    let etag = (await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator))).headers
      .etag as string;
    const edit = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(auth(ukTranslator))
      .set('If-Match', etag)
      .send({ title: 'Вступ', body: 'Новий текст чернетки.' });
    expect(edit.body.status).toBe('draft');
    expect((await request(app).get('/booklets/rights/uk')).text).not.toContain('Новий текст чернетки.');
    const review = await request(app)
      .post('/api/v1/booklets/rights/translations/uk/review')
      .set(auth(ukTranslator))
      .set('If-Match', edit.headers.etag as string);
    expect(review.body.status).toBe('in-review');
    const publish = await request(app)
      .post('/api/v1/booklets/rights/translations/uk/publish')
      .set(auth(editor))
      .set('If-Match', review.headers.etag as string);
    expect(publish.status).toBe(200);
    expect((await request(app).get('/booklets/rights/uk')).text).toContain('Новий текст чернетки.');
    etag = publish.headers.etag as string;
    expect(
      (await request(app).post('/api/v1/booklets/rights/translations/uk/unpublish').set(auth(editor)).set('If-Match', etag)).status,
    ).toBe(200);
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(404);
  });

  it('asking again for review changes nothing, also when retried with the old ETag; publishing the same text again makes no new publication or edition, but partners are told again (not on a retry)', async () => {
    const { app, deps, ukTranslator, editor, admin } = setup();
    const partner = deps.keys.create({ name: 'Partner', role: 'translator', languages: ['uk'] });
    deps.webhooks.register(partner.info.id, 'http://127.0.0.1:9/hooks');
    const uk = '/api/v1/booklets/rights/translations/uk';
    const read = await request(app).get(`${uk}?version=draft`).set(auth(ukTranslator));
    const edit = await request(app)
      .put(`${uk}/sections/intro`)
      .set(auth(ukTranslator))
      .set('If-Match', read.headers.etag as string)
      .send({ title: 'Вступ', body: 'Текст для публікації.' });
    const review = await request(app)
      .post(`${uk}/review`)
      .set(auth(ukTranslator))
      .set('If-Match', edit.headers.etag as string);
    const reviewAgain = await request(app)
      .post(`${uk}/review`)
      .set(auth(ukTranslator))
      .set('If-Match', review.headers.etag as string);
    expect([reviewAgain.status, reviewAgain.headers.etag, reviewAgain.body.status]).toEqual([200, review.headers.etag, 'in-review']);
    // A retry with the ETag from before the first request (a second click on the same form).
    const retried = await request(app)
      .post(`${uk}/review`)
      .set(auth(ukTranslator))
      .set('If-Match', edit.headers.etag as string);
    expect([retried.status, retried.headers.etag]).toEqual([200, review.headers.etag]);
    expect((await request(app).post(`${uk}/review`).set(auth(ukTranslator))).status).toBe(428);
    const publish = await request(app)
      .post(`${uk}/publish`)
      .set(auth(editor))
      .set('If-Match', review.headers.etag as string);
    expect(publish.status).toBe(200);
    const page = await request(app).get('/booklets/rights/uk');
    const edition = /href="(\/booklets\/rights\/uk\.[0-9a-f]{16}\.pdf)"/.exec(page.text)?.[1];
    expect(edition).toBeDefined();
    const publications = deps.db.prepare("SELECT COUNT(*) AS n FROM publications WHERE lang = 'uk'").get() as { n: number };
    const events = deps.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get() as { n: number };
    const again = await request(app)
      .post(`${uk}/publish`)
      .set(auth(editor))
      .set('If-Match', publish.headers.etag as string);
    expect([again.status, again.headers.etag, again.body.status]).toEqual([200, publish.headers.etag, 'published']);
    expect(deps.db.prepare("SELECT COUNT(*) AS n FROM publications WHERE lang = 'uk'").get()).toEqual(publications);
    expect(events.n).toBe(1);
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 2 });
    // A retried publish with the ETag from before it took effect: nothing at all, not even an event.
    const retriedPublish = await request(app)
      .post(`${uk}/publish`)
      .set(auth(editor))
      .set('If-Match', review.headers.etag as string);
    expect([retriedPublish.status, retriedPublish.headers.etag]).toEqual([200, publish.headers.etag]);
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 2 });
    // The edition readers were given stays the same.
    expect((await request(app).get('/booklets/rights/uk')).text).toContain(`href="${edition}"`);
    const audit = await request(app).get('/api/v1/audit').set(auth(admin));
    const actions = (audit.body.entries as { action: string; target: string }[])
      .filter((e) => e.target === 'rights/uk')
      .map((e) => e.action);
    expect(actions).toEqual(['publish', 'publish', 'review']);
    // A change after that is published again as usual.
    const next = await request(app)
      .put(`${uk}/sections/intro`)
      .set(auth(editor))
      .set('If-Match', again.headers.etag as string)
      .send({ title: 'Вступ', body: 'Ще новіший текст.' });
    const republish = await request(app)
      .post(`${uk}/publish`)
      .set(auth(editor))
      .set('If-Match', next.headers.etag as string);
    expect(republish.status).toBe(200);
    expect((deps.db.prepare("SELECT COUNT(*) AS n FROM publications WHERE lang = 'uk'").get() as { n: number }).n).toBe(publications.n + 1);
    expect((await request(app).get('/booklets/rights/uk')).text).toContain('Ще новіший текст.');
  });

  it('restore makes an old revision current as a new revision; the audit log records every write', async () => {
    const { app, ukTranslator, admin } = setup();
    const read = await request(app).get('/api/v1/booklets/rights/translations/uk?version=draft').set(auth(ukTranslator));
    const oldRevision = read.body.sections[0].revision as number;
    const edit = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/intro')
      .set(auth(ukTranslator))
      .set('If-Match', read.headers.etag as string)
      .send({ title: 'Вступ', body: 'Змінений текст.' });
    const restored = await request(app)
      .post('/api/v1/booklets/rights/translations/uk/restore')
      .set(auth(ukTranslator))
      .set('If-Match', edit.headers.etag as string)
      .send({ revision: oldRevision });
    expect(restored.status).toBe(200);
    expect(restored.body.sections[0].body).toBe(read.body.sections[0].body);
    expect(restored.body.sections[0].revision).toBeGreaterThan(oldRevision);
    expect((await request(app).get('/api/v1/audit').set(auth(ukTranslator))).status).toBe(403);
    const audit = await request(app).get('/api/v1/audit').set(auth(admin));
    expect(audit.body.entries.slice(0, 2)).toEqual([
      expect.objectContaining({
        actor: 'translator uk',
        action: 'restore-section',
        target: 'rights/uk/intro',
        detail: `revision ${oldRevision}`,
      }),
      expect.objectContaining({
        actor: 'translator uk',
        action: 'edit-section',
        target: 'rights/uk/intro',
        beforeRevision: expect.any(String),
        afterRevision: expect.any(String),
      }),
    ]);
  });

  it('a translation made from an older source stays outdated when it is restored or comes back in an old XLIFF file', async () => {
    const { app, editor, ukTranslator } = setup();
    const uk = '/api/v1/booklets/rights/translations/uk';
    const before = await request(app).get(`${uk}?version=draft`).set(auth(ukTranslator));
    const oldRevision = before.body.sections[0].revision as number;
    const xliff = await request(app).get(`${uk}/xliff`).set(auth(ukTranslator));
    expect(xliff.status).toBe(200);
    // The source section changes (a major edit): the Ukrainian text is outdated.
    const en = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    const changed = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro')
      .set(auth(editor))
      .set('If-Match', en.headers.etag as string)
      .send({ title: 'Introduction', body: 'You may ask for **information** held by any public body. Call 916 (free of charge).' });
    expect(changed.status).toBe(200);
    const outdated = await request(app).get(`${uk}?version=draft`).set(auth(ukTranslator));
    expect(outdated.body.sections[0].outdated).toBe(true);
    // The translator edits the old file (translated from the old source) and imports it.
    const edited = xliff.text.replace(
      /(<unit id="intro\.title">[\s\S]*?<segment[^>]*>\s*<source>[^<]*<\/source>\s*<target>)([^<]*)(<\/target>)/,
      '$1Вступне слово$3',
    );
    expect(edited).not.toBe(xliff.text);
    const imported = await request(app)
      .put(`${uk}/xliff`)
      .set(auth(ukTranslator))
      .set('If-Match', outdated.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(edited);
    expect(imported.status).toBe(200);
    expect(imported.body.changed).toBe(1);
    const afterImport = await request(app).get(`${uk}?version=draft`).set(auth(ukTranslator));
    expect(afterImport.body.sections[0]).toMatchObject({ title: 'Вступне слово', outdated: true });
    // Restoring the revision translated from the old source keeps it outdated too.
    const restored = await request(app)
      .post(`${uk}/restore`)
      .set(auth(ukTranslator))
      .set('If-Match', afterImport.headers.etag as string)
      .send({ revision: oldRevision });
    expect(restored.status).toBe(200);
    expect(restored.body.sections[0]).toMatchObject({ body: before.body.sections[0].body, outdated: true });
    // A file whose <source> is no version of the source text is refused, and changes nothing.
    const forged = edited.replace(/<source>Introduction<\/source>/, '<source>Something else</source>');
    expect(forged).not.toBe(edited);
    const refused = await request(app)
      .put(`${uk}/xliff`)
      .set(auth(ukTranslator))
      .set('If-Match', restored.headers.etag as string)
      .set('Content-Type', 'application/xliff+xml')
      .send(forged);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/<source> of unit\(s\) "intro" is not the en text of that section, nor any earlier version of it/);
    expect((await request(app).get(`${uk}?version=draft`).set(auth(ukTranslator))).headers.etag).toBe(restored.headers.etag);
  });

  it('readers without a key see only published titles; unpublished booklets and drafts need a key', async () => {
    const { app, admin, editor } = setup();
    const created = await request(app)
      .post('/api/v1/booklets')
      .set(auth(admin))
      .send({
        slug: 'draft-only',
        sourceLanguage: 'en',
        title: 'Not yet public',
        subject: 'A draft',
        author: 'Ombudsman',
        edition: '2026-11',
        sections: [{ id: 'one', title: 'Secret section title', body: 'Draft text.' }],
      });
    expect(created.status).toBe(201);
    const en = await request(app).get('/api/v1/booklets/rights/translations/en?version=draft').set(auth(editor));
    const edit = await request(app)
      .put('/api/v1/booklets/rights/translations/en/sections/intro')
      .set(auth(editor))
      .set('If-Match', en.headers.etag as string)
      .send({ title: 'UNPUBLISHED DRAFT TITLE', body: 'You may ask for **information**. Call 916 (free of charge).' });
    expect(edit.status).toBe(200);
    const list = await request(app).get('/api/v1/booklets');
    expect(list.body.booklets.map((b: { slug: string }) => b.slug)).toEqual(['rights']);
    const one = await request(app).get('/api/v1/booklets/rights');
    expect(one.body.sections.map((x: { title: string }) => x.title)).toEqual(['Introduction', 'How to ask']);
    expect(JSON.stringify([list.body, one.body])).not.toMatch(/UNPUBLISHED|Secret|Not yet public/);
    expect((await request(app).get('/api/v1/booklets/draft-only')).status).toBe(404);
    // With a key, the latest text.
    const keyed = await request(app).get('/api/v1/booklets/rights').set(auth(editor));
    expect(keyed.body.sections[0].title).toBe('UNPUBLISHED DRAFT TITLE');
    const keyedList = await request(app).get('/api/v1/booklets').set(auth(editor));
    expect(keyedList.body.booklets.map((b: { slug: string }) => b.slug).sort()).toEqual(['draft-only', 'rights']);
    expect((await request(app).get('/api/v1/booklets/draft-only').set(auth(editor))).body.sections[0].title).toBe('Secret section title');
  });

  it('unknown booklet, language and section are 404 problems', async () => {
    const { app, editor } = setup();
    expect((await request(app).get('/api/v1/booklets/nope')).status).toBe(404);
    expect((await request(app).get('/api/v1/booklets/rights/translations/zz')).status).toBe(404);
    const res = await request(app)
      .put('/api/v1/booklets/rights/translations/uk/sections/nope')
      .set(auth(editor))
      .set('If-Match', '*')
      .send({ title: 'a', body: 'b' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
