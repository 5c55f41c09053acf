import request from 'supertest';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

/** The small en/uk booklet, keys of each role, and Hazaragi (falls back to Persian) with the booklet translated and published. */
function setup() {
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => Buffer.from('%PDF-1.7') });
  const key = (role: string, languages?: string[]) =>
    deps.keys.create({ name: `${role} ${languages?.join(',') ?? ''}`.trim(), role, languages: languages ?? null }).key;
  deps.languageAdmin.add({ code: 'haz', nativeName: 'هزارگی', englishName: 'Hazaragi', script: 'Arab', fallback: 'fa' }, 'test');
  const actor = { name: 'test' };
  let etag = deps.translations.view('rights', 'haz', 'draft').etag;
  etag = deps.translations.editSection(
    'rights',
    'haz',
    'intro',
    { title: 'مقدمه', body: 'شما می‌توانید معلومات بخواهید.' },
    etag,
    actor,
  ).etag;
  etag = deps.translations.editSection('rights', 'haz', 'how', { title: 'چگونه', body: 'به صورت حضوری یا کتبی.' }, etag, actor).etag;
  deps.translations.transition('rights', 'haz', 'publish', etag, actor);
  return {
    app,
    deps,
    editor: key('editor'),
    hazTranslator: key('translator', ['haz']),
    ukTranslator: key('translator', ['uk']),
  };
}

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const PERSIAN_CONTENTS = 'فهرست مطالب';
const HAZ_CONTENTS = 'فهرست محتوا';

/** The text of a booklet page's contents heading. */
const contentsHeading = (html: string): string | undefined => /<h2 id="toc-title">([^<]*)<\/h2>/.exec(html)?.[1];

type StringRow = {
  key: string;
  english: string;
  text: string;
  origin: string;
  textLang: string;
  revision: number;
  published: string | null;
  plural: string | null;
};
const row = (body: { strings: StringRow[] }, key: string) => body.strings.find((s) => s.key === key);

describe('interface strings through the API', () => {
  it('a new language with fallback fa shows Persian strings until its own are published, and then its page and ETag change', async () => {
    const { app, hazTranslator, editor } = setup();
    const before = await request(app).get('/booklets/rights/haz');
    expect(before.status).toBe(200);
    expect(before.text).toContain(PERSIAN_CONTENTS);

    const list = await request(app).get('/api/v1/interface-strings/haz').set(auth(hazTranslator));
    expect(list.status).toBe(200);
    expect(row(list.body, 'booklet.contents')).toMatchObject({
      english: 'Contents',
      text: PERSIAN_CONTENTS,
      origin: 'fallback',
      textLang: 'fa',
      revision: 0,
      published: null,
    });
    expect(list.body.completeness).toBe(0);

    const saved = await request(app)
      .put('/api/v1/interface-strings/haz/strings/booklet.contents')
      .set(auth(hazTranslator))
      .send({ text: HAZ_CONTENTS });
    expect(saved.status).toBe(200);
    expect(saved.body.saved).toBe(true);
    expect(saved.body.status).toBe('draft');
    expect(row(saved.body, 'booklet.contents')).toMatchObject({ text: HAZ_CONTENTS, origin: 'draft', textLang: 'haz', published: null });

    // A draft is not shown to readers.
    const draftPage = await request(app).get('/booklets/rights/haz');
    expect(draftPage.text).toContain(PERSIAN_CONTENTS);
    expect(draftPage.text).not.toContain(HAZ_CONTENTS);
    expect(draftPage.headers.etag).toBe(before.headers.etag);

    expect((await request(app).post('/api/v1/interface-strings/haz/review').set(auth(hazTranslator))).body.status).toBe('in-review');
    // Translators submit; editors publish.
    expect((await request(app).post('/api/v1/interface-strings/haz/publish').set(auth(hazTranslator))).status).toBe(403);
    const published = await request(app).post('/api/v1/interface-strings/haz/publish').set(auth(editor));
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(row(published.body, 'booklet.contents')).toMatchObject({ origin: 'published', published: HAZ_CONTENTS });

    const after = await request(app).get('/booklets/rights/haz');
    expect(after.status).toBe(200);
    expect(after.text).toContain(HAZ_CONTENTS);
    // The contents heading is Hazaragi now; strings Hazaragi has not translated yet (the link back
    // to the contents after each section) still come from its fallback, Persian.
    expect(contentsHeading(after.text)).toBe(HAZ_CONTENTS);
    expect(contentsHeading(draftPage.text)).toBe(PERSIAN_CONTENTS);
    expect(after.headers.etag).toBeDefined();
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // Persian readers are not affected by Hazaragi's strings.
    expect((await request(app).get('/booklets/rights/en')).text).not.toContain(HAZ_CONTENTS);
  });

  it('refuses a text whose placeholders differ from the English ones, naming them, and an unknown key', async () => {
    const { app, hazTranslator } = setup();
    const put = (key: string, text: string) =>
      request(app).put(`/api/v1/interface-strings/haz/strings/${key}`).set(auth(hazTranslator)).send({ text });
    const missing = await put('booklet.edition', 'ویرایش');
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toContain('missing {{edition}}');
    const extra = await put('booklet.edition', 'ویرایش {{edition}} {{name}}');
    expect(extra.status).toBe(422);
    expect(extra.body.detail).toContain('{{name}}');
    expect((await put('booklet.edition', 'ویرایش {{edition}}')).status).toBe(200);
    expect((await put('booklet.nothing', 'x')).status).toBe(422);
    expect((await put('booklet.contents', 'x'.repeat(2001))).status).toBe(422);
    // A plural form may leave out the number; Hazaragi's plural forms are those Intl gives it.
    expect((await put('booklet.sections_one', 'یک بخش')).status).toBe(200);
    expect((await put('booklet.sections_few', 'چند بخش')).status).toBe(422);
  });

  it('refuses a save over a string changed since the revision it was based on', async () => {
    const { app, hazTranslator } = setup();
    const put = (text: string, baseRevision: number) =>
      request(app).put('/api/v1/interface-strings/haz/strings/booklet.contents').set(auth(hazTranslator)).send({ text, baseRevision });
    const first = await put('یک', 0);
    const revision = row(first.body, 'booklet.contents')!.revision;
    expect((await put('دو', revision)).status).toBe(200);
    const stale = await put('سه', revision);
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ text: 'دو' });
  });

  it('a translator for uk cannot read or edit ru strings; readers need a key', async () => {
    const { app, ukTranslator } = setup();
    expect((await request(app).get('/api/v1/interface-strings/ru')).status).toBe(401);
    expect((await request(app).get('/api/v1/interface-strings/ru').set(auth(ukTranslator))).status).toBe(403);
    const put = await request(app)
      .put('/api/v1/interface-strings/ru/strings/booklet.contents')
      .set(auth(ukTranslator))
      .send({ text: 'Оглавление' });
    expect(put.status).toBe(403);
    expect((await request(app).get('/api/v1/interface-strings/ru/xliff').set(auth(ukTranslator))).status).toBe(403);
    expect(
      (
        await request(app)
          .put('/api/v1/interface-strings/uk/strings/booklet.contents')
          .set(auth(ukTranslator))
          .send({ text: 'Зміст книжки' })
      ).status,
    ).toBe(200);
    expect(
      (await request(app).put('/api/v1/interface-strings/en/strings/booklet.contents').set(auth(ukTranslator)).send({ text: 'x' })).status,
    ).toBe(403);
  });

  it('round-trips a language through XLIFF 2.0: what is exported imports unchanged, a translated file saves its targets', async () => {
    const { app, hazTranslator } = setup();
    await request(app).put('/api/v1/interface-strings/haz/strings/booklet.contents').set(auth(hazTranslator)).send({ text: HAZ_CONTENTS });
    const exported = await request(app).get('/api/v1/interface-strings/haz/xliff').set(auth(hazTranslator));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('application/xliff+xml');
    expect(exported.text).toContain('<file id="interface-strings">');
    expect(exported.text).toContain(`<unit id="booklet.contents">`);
    expect(exported.text).toContain(`<target xml:space="preserve">${HAZ_CONTENTS}</target>`);

    const same = await request(app)
      .put('/api/v1/interface-strings/haz/xliff')
      .set(auth(hazTranslator))
      .type('application/xliff+xml')
      .send(exported.text);
    expect(same.status).toBe(200);
    expect(same.body.changed).toBe(0);

    // A CAT tool fills in two targets (one with a line break and a placeholder kept exactly).
    const translated = exported.text
      .replace(
        /(<unit id="booklet\.edition">[\s\S]*?<segment) state="initial">(<source[^>]*>[^<]*<\/source>)/,
        '$1 state="translated">$2<target xml:space="preserve">نسخه {{edition}}\n</target>',
      )
      .replace(
        /(<unit id="booklet\.backToTop">[\s\S]*?<segment) state="initial">(<source[^>]*>[^<]*<\/source>)/,
        '$1 state="translated">$2<target xml:space="preserve">بازگشت به بالا</target>',
      );
    const imported = await request(app)
      .put('/api/v1/interface-strings/haz/xliff')
      .set(auth(hazTranslator))
      .type('application/xliff+xml')
      .send(translated);
    expect(imported.status).toBe(200);
    expect(imported.body.changed).toBe(2);
    expect(row(imported.body, 'booklet.edition')).toMatchObject({ text: 'نسخه {{edition}}\n', origin: 'draft' });
    expect(row(imported.body, 'booklet.contents')).toMatchObject({ text: HAZ_CONTENTS });

    const again = await request(app).get('/api/v1/interface-strings/haz/xliff').set(auth(hazTranslator));
    expect(again.text).toContain('<target xml:space="preserve">نسخه {{edition}}\n</target>');
  });

  it('imports all or nothing: a file with a bad unit changes nothing and names every problem', async () => {
    const { app, deps, hazTranslator } = setup();
    const exported = (await request(app).get('/api/v1/interface-strings/haz/xliff').set(auth(hazTranslator))).text;
    const bad = exported
      .replace(
        /(<unit id="booklet\.backToTop">[\s\S]*?<segment) state="initial">(<source[^>]*>[^<]*<\/source>)/,
        '$1 state="translated">$2<target>بالا</target>',
      )
      .replace(
        /(<unit id="booklet\.edition">[\s\S]*?<segment) state="initial">(<source[^>]*>[^<]*<\/source>)/,
        '$1 state="translated">$2<target>نسخه</target>',
      )
      .replace('<unit id="booklet.contents">', '<unit id="booklet.nothing">');
    const res = await request(app)
      .put('/api/v1/interface-strings/haz/xliff')
      .set(auth(hazTranslator))
      .type('application/xliff+xml')
      .send(bad);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['unit booklet.nothing']));
    const second = bad.replace('<unit id="booklet.nothing">', '<unit id="booklet.contents">');
    const res2 = await request(app)
      .put('/api/v1/interface-strings/haz/xliff')
      .set(auth(hazTranslator))
      .type('application/xliff+xml')
      .send(second);
    expect(res2.status).toBe(422);
    expect(res2.body.errors).toEqual([
      expect.objectContaining({ field: 'unit booklet.edition', message: expect.stringContaining('{{edition}}') }),
    ]);
    expect(deps.interfaceStrings.view('haz').strings.filter((s) => s.origin === 'draft')).toEqual([]);
    const wrongLang = second.replace('trgLang="haz"', 'trgLang="fa"');
    expect(
      (await request(app).put('/api/v1/interface-strings/haz/xliff').set(auth(hazTranslator)).type('application/xliff+xml').send(wrongLang))
        .status,
    ).toBe(422);
  });

  it('lists the plural forms each language needs: Russian has few and many, English only one and other', async () => {
    const { deps } = setup();
    const forms = (lang: string) =>
      deps.interfaceStrings
        .view(lang)
        .strings.filter((s) => s.key.startsWith('booklet.sections_'))
        .map((s) => s.key);
    expect(forms('ru')).toEqual(['booklet.sections_one', 'booklet.sections_few', 'booklet.sections_many', 'booklet.sections_other']);
    expect(forms('en')).toEqual(['booklet.sections_one', 'booklet.sections_other']);
    expect(deps.interfaceStrings.view('ru').completeness).toBe(1);
  });
});
