import request from 'supertest';
import { adminSetup, field, PASSWORD, signIn, visibleText } from './helpers';

const UK = '/admin/booklets/rights/uk';

/** The edit page and the tokens its forms carry. */
async function editPage(agent: request.Agent, url = UK) {
  const page = await agent.get(url);
  expect(page.status).toBe(200);
  return { html: page.text, csrf: field(page.text, 'csrf'), revision: field(page.text, 'revision') };
}

const draftBody = (deps: ReturnType<typeof adminSetup>['deps'], lang: string, section: string) =>
  deps.translations.view('rights', lang, 'draft').sections.find((s) => s.id === section)?.body;

describe('the dashboard', () => {
  it('shows each booklet by language with status, completeness and outdated counts, linking to the edit pages', async () => {
    const { app, deps } = adminSetup();
    const view = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'You may ask for **information**. Call 916, free of charge.' }, view.etag, { name: 'test' });
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const res = await agent.get('/admin');
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('Your rights');
    expect(res.text).toContain('href="/admin/booklets/rights/uk"');
    expect(res.text).toContain('href="/admin/booklets/rights/fa"');
    expect(text).toMatch(/Draft \(source\)/);
    expect(text).toContain('50% translated');
    expect(text).toContain('1 section outdated');
    expect(text).toContain('Not started');
  });

  it('a translator sees only the languages they work on', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const res = await agent.get('/admin');
    expect(res.text).toContain('href="/admin/booklets/rights/uk"');
    expect(res.text).not.toContain('href="/admin/booklets/rights/az"');
    expect(res.text).not.toContain('href="/admin/booklets/rights/en"');
  });

  it('is shown in the language the browser asks for', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const res = await agent.get('/admin').set('Accept-Language', 'uk');
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text).toContain('Брошури та переклади');
    const ar = await agent.get('/admin').set('Accept-Language', 'ar');
    expect(ar.text).toContain('<html lang="ar" dir="rtl">');
  });
});

describe('editing a translation', () => {
  it('a form with broken percent-encoding or bytes that are not UTF-8 is a 400 and saves nothing', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { csrf, revision } = await editPage(agent);
    const before = draftBody(deps, 'uk', 'intro');
    const fields = `csrf=${encodeURIComponent(csrf)}&revision=${encodeURIComponent(revision)}&title=x`;
    for (const body of [`${fields}&body=%E0%A4%A`, `${fields}&body=50%25%ZZ`, Buffer.concat([Buffer.from(`${fields}&body=`), Buffer.from([0xff, 0xfe])])]) {
      const res = await agent.post(`${UK}/sections/intro`).set('Content-Type', 'application/x-www-form-urlencoded').serialize((b: unknown) => b as string).send(body);
      expect(res.status).toBe(400);
      expect(visibleText(res.text)).toContain('Nothing was changed');
    }
    expect(draftBody(deps, 'uk', 'intro')).toBe(before);
    expect(deps.translations.history('rights', 'uk').some((r) => r.createdBy === 'user:olena')).toBe(false);
    const login = await request(app).post('/admin/login').set('Content-Type', 'application/x-www-form-urlencoded').send('csrf=x&method=password&username=%E0%A4%A&password=y');
    expect(login.status).toBe(400);
  });

  it('shows each source section next to its translation, with lang and dir on the fields', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(html).toContain('<div class="text" lang="en" dir="ltr">You may ask for **information**. Call 916 (free of charge).</div>');
    expect(html).toMatch(/<textarea id="body-intro" name="body" lang="uk" dir="ltr"[^>]*>Ви можете звернутися по \*\*інформацію\*\*/);
    const ar = await editPage(agent, '/admin/booklets/rights/ar');
    expect(ar.html).toMatch(/<textarea id="body-intro" name="body" lang="ar" dir="rtl"/);
    expect(ar.html).toMatch(/<input id="title-intro" name="title" type="text" lang="ar" dir="rtl"/);
    expect(ar.html).toContain('Not translated yet');
  });

  it('saving a section makes a new draft revision through the translation service', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { csrf, revision } = await editPage(agent);
    const res = await agent.post(`${UK}/sections/intro`).type('form').send({ csrf, revision, title: 'Вступ', body: 'Новий текст\r\nу два рядки.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${UK}?done=saved#s-intro`);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Новий текст\nу два рядки.');
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('draft');
    const history = deps.translations.history('rights', 'uk');
    expect(history[0]).toMatchObject({ sectionId: 'intro', createdBy: 'user:olena' });
    expect(deps.audit.list(10, undefined)[0]).toMatchObject({ actor: 'user:olena', action: 'edit-section' });
    const after = await agent.get(res.headers.location as string);
    expect(after.text).toContain('The section was saved.');
  });

  it('a stale form is not saved: 409, the text the person typed is shown back, nothing is overwritten', async () => {
    const { app, deps } = adminSetup();
    const olena = await signIn(app, { username: 'olena', password: PASSWORD });
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const stale = await editPage(olena);
    const fresh = await editPage(editor);
    expect((await editor.post(`${UK}/sections/intro`).type('form').send({ csrf: fresh.csrf, revision: fresh.revision, title: 'Вступ', body: 'Текст редактора.' })).status).toBe(303);
    const res = await olena.post(`${UK}/sections/intro`).type('form').send({ csrf: stale.csrf, revision: stale.revision, title: 'Вступ', body: 'Текст Олени, який не можна втратити.' });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст Олени, який не можна втратити\.<\/textarea>/);
    expect(res.text).toContain('Someone else saved this language after you opened the page');
    expect(res.text).toContain('Текст редактора.');
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст редактора.');
    // The page now carries the current revision: saving again, knowingly, works.
    const again = await olena.post(`${UK}/sections/intro`).type('form').send({ csrf: stale.csrf, revision: field(res.text, 'revision'), title: 'Вступ', body: 'Текст Олени, який не можна втратити.' });
    expect(again.status).toBe(303);
    expect(deps.translations.history('rights', 'uk').map((r) => r.body)).toEqual(expect.arrayContaining(['Текст редактора.', 'Текст Олени, який не можна втратити.']));
  });

  // The page's revision is "rights.uk.<n>": these are what a damaged or hand-made form might carry instead.
  it.each([
    ['missing', undefined, 'is missing'],
    ['empty', '', 'is missing'],
    ['garbage', 'garbage', 'is not a revision of this language'],
    ['negative', '"rights.uk.-1"', 'is not a revision of this language'],
    ['a bare negative number', '-5', 'is not a revision of this language'],
    ['beyond the integers', '"rights.uk.99999999999999999999"', 'is not a revision of this language'],
    ['beyond the current revision', '"rights.uk.999999"', 'is not a revision of this language'],
    ['of another language', '"rights.en.1"', 'is not a revision of this language'],
    ['"*" (which would match any revision)', '*', 'is not a revision of this language'],
    ['a weak tag', 'W/"rights.uk.1"', 'is not a revision of this language'],
    ['a list', '"rights.uk.0", "rights.uk.1"', 'is not a revision of this language'],
  ])('a save form with its revision %s is a 400 "incomplete form", not a conflict: nothing saved, the text shown back', async (_name, revision, problem) => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const sent: Record<string, string> = { csrf: page.csrf, title: 'Вступ', body: 'Текст, який не можна втратити.' };
    if (revision !== undefined) sent.revision = revision;
    const res = await agent.post(`${UK}/sections/intro`).type('form').send(sent);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(visibleText(res.text)).toContain('Not saved: the form was incomplete or not valid, so nothing was changed.');
    expect(res.text).toContain(`<li>revision: ${problem}`);
    expect(res.text).not.toContain('someone else changed');
    expect(res.text).not.toContain('Someone else saved');
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст, який не можна втратити\.<\/textarea>/);
    // The saved text is shown next to it, since the form cannot tell which version it started from.
    expect(res.text).toMatch(/<div class="conflict" role="alert">[\s\S]*Ви можете звернутися по/);
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете/);
    // The page shown back carries the current revision: saving from it works.
    const again = await agent.post(`${UK}/sections/intro`).type('form').send({ ...sent, revision: field(res.text, 'revision') });
    expect(again.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст, який не можна втратити.');
  });

  it('workflow and restore forms with an unusable revision are a 400 and change nothing', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const page = await editPage(agent);
    const old = deps.translations.history('rights', 'uk')[0] as { revisionId: number };
    for (const revision of [undefined, '*', 'garbage', '"rights.uk.99999999999999999999"']) {
      const sent: Record<string, string> = { csrf: page.csrf };
      if (revision !== undefined) sent.revision = revision;
      for (const [url, extra] of [[`${UK}/review`, {}], [`${UK}/unpublish`, {}], [`${UK}/restore`, { restore: String(old.revisionId) }]] as const) {
        const res = await agent.post(url).type('form').send({ ...sent, ...extra });
        expect([url, revision, res.status]).toEqual([url, revision, 400]);
        expect(res.text).toContain('The form is incomplete or not valid, so nothing was changed');
      }
    }
    const view = deps.translations.view('rights', 'uk', 'draft');
    expect(view.etag).toBe(page.revision);
    expect(view.published).toBe(true);
  });

  it('an invalid text is not saved: 422 naming the problem, the text is kept', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { csrf, revision } = await editPage(agent);
    const res = await agent.post(`${UK}/sections/intro`).type('form').send({ csrf, revision, title: '', body: 'Текст без заголовка.' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('title: must not be empty');
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст без заголовка\.<\/textarea>/);
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете/);
  });

  it('a form posted without its CSRF token, or with a wrong one, is refused with 403 and changes nothing', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { revision } = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const missing = await agent.post(`${UK}/sections/intro`).type('form').send({ revision, title: 'Вступ', body: 'Підроблений текст.' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('The form was refused');
    // The text is shown back, so nothing typed is lost.
    expect(missing.text).toContain('Підроблений текст.');
    const wrong = await agent.post(`${UK}/review`).type('form').send({ csrf: 'A'.repeat(43), revision });
    expect(wrong.status).toBe(403);
    const otherSession = await signIn(app, { username: 'editor', password: PASSWORD });
    const { csrf: editorsToken } = await editPage(otherSession);
    expect((await agent.post(`${UK}/sections/intro`).type('form').send({ csrf: editorsToken, revision, title: 'Вступ', body: 'Чужий токен.' })).status).toBe(403);
    expect((await agent.post('/admin/logout').type('form').send({})).status).toBe(403);
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('published');
    expect((await agent.get('/admin')).status).toBe(200);
  });

  it('a translator is limited to their own language', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { csrf } = await editPage(agent);
    expect((await agent.get('/admin/booklets/rights/az')).status).toBe(403);
    const az = deps.translations.view('rights', 'az', 'draft');
    const res = await agent.post('/admin/booklets/rights/az/sections/intro').type('form').send({ csrf, revision: az.etag, title: 'Giriş', body: 'Mətn.' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your role or languages do not allow this.');
    expect(deps.translations.view('rights', 'az', 'draft').status).toBe('missing');
    // Nor may a translator edit the source language.
    const en = deps.translations.view('rights', 'en', 'draft');
    expect((await agent.post('/admin/booklets/rights/en/sections/intro').type('form').send({ csrf, revision: en.etag, title: 'Intro', body: 'Changed.' })).status).toBe(403);
    expect(draftBody(deps, 'en', 'intro')).toMatch(/^You may ask/);
  });

  it('a translator submits for review but cannot publish; an editor publishes and readers see the new text', async () => {
    const { app, deps } = adminSetup();
    const olena = await signIn(app, { username: 'olena', password: PASSWORD });
    let page = await editPage(olena);
    expect(page.html).not.toContain(`action="${UK}/publish"`);
    await olena.post(`${UK}/sections/intro`).type('form').send({ csrf: page.csrf, revision: page.revision, title: 'Вступ', body: 'Оновлений український текст.' });
    page = await editPage(olena);
    const refused = await olena.post(`${UK}/publish`).type('form').send({ csrf: page.csrf, revision: page.revision });
    expect(refused.status).toBe(403);
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('draft');
    expect((await olena.post(`${UK}/review`).type('form').send({ csrf: page.csrf, revision: page.revision })).headers.location).toBe(`${UK}?done=review`);
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('in-review');
    // Readers still see the published text while the new one is in review.
    const meanwhile = await request(app).get('/booklets/rights/uk');
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.text).toContain('Ви можете звернутися по');
    expect(meanwhile.text).not.toContain('Оновлений український текст.');

    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    page = await editPage(editor);
    const published = await editor.post(`${UK}/publish`).type('form').send({ csrf: page.csrf, revision: page.revision });
    expect(published.headers.location).toBe(`${UK}?done=publish`);
    expect((await request(app).get('/booklets/rights/uk')).text).toContain('Оновлений український текст.');
    expect(deps.audit.list(5, undefined).map((e) => [e.actor, e.action])).toEqual(expect.arrayContaining([['user:editor', 'publish'], ['user:olena', 'review']]));

    page = await editPage(editor);
    await editor.post(`${UK}/unpublish`).type('form').send({ csrf: page.csrf, revision: page.revision });
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(404);
  });

  it('outdated sections are marked with a word diff of the source since the translation was made', async () => {
    const { app, deps } = adminSetup();
    const en = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'You may ask for **information**. Call 916 or 917 (free of charge).' }, en.etag, { name: 'test' });
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(html).toContain('class="pair state-outdated" id="s-intro"');
    expect(html).toContain('Source changed');
    expect(html).toMatch(/Call 916 <ins>or 917 <\/ins>\(free of charge\)\./);
    expect(html).toContain('class="pair state-ok" id="s-how"');
    const en2 = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection('rights', 'en', 'how', { title: 'How to ask', body: '- In person\n- By post\n\n1. Write\n2. Send' }, en2.etag, { name: 'test' });
    const again = await editPage(agent);
    expect(again.html).toContain('- <del>In writing</del><ins>By post</ins>');
  });

  it('warns about characters the PDF cannot show', async () => {
    const { app, deps } = adminSetup();
    const uk = deps.translations.view('rights', 'uk', 'draft');
    deps.translations.editSection('rights', 'uk', 'how', { title: 'Як звернутися', body: 'Особисто 😀' }, uk.etag, { name: 'test' });
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(html).toContain('Characters the PDF cannot show');
    expect(visibleText(html)).toContain('U+1F600 “😀” — 1 time, in: 2. How to ask');
  });
});

describe('the pages themselves', () => {
  it('use no inline script or style (the Content-Security-Policy allows neither) and a cached stylesheet', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const pages = [await request(app).get('/admin/login'), await agent.get('/admin'), await agent.get(UK), await agent.get(`${UK}/history`), await agent.get('/admin/nothing')];
    for (const page of pages) {
      expect(page.text).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(page.headers['content-security-policy']).toMatch(/style-src 'self'/);
      expect(page.headers['cache-control']).toBe('no-store');
    }
    const href = /href="(\/admin\/assets\/admin\.[0-9a-f]{12}\.css)"/.exec(pages[1]?.text ?? '')?.[1] as string;
    const css = await request(app).get(href);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['set-cookie']).toBeUndefined();
    expect((await request(app).get('/admin/assets/admin.000000000000.css')).status).toBe(404);
  });
});

describe('history, restore and previews', () => {
  it('the history lists old texts; restoring one makes it the latest again as a new revision', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    let page = await editPage(agent);
    await agent.post(`${UK}/sections/intro`).type('form').send({ csrf: page.csrf, revision: page.revision, title: 'Вступ', body: 'Нова версія.' });
    const history = await agent.get(`${UK}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('Ви можете звернутися по **інформацію**.');
    const old = deps.translations.history('rights', 'uk').find((r) => r.body.startsWith('Ви можете')) as { revisionId: number };
    page = await editPage(agent);
    const res = await agent.post(`${UK}/restore`).type('form').send({ csrf: field(history.text, 'csrf'), revision: field(history.text, 'revision'), restore: String(old.revisionId) });
    expect(res.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете звернутися/);
    expect(deps.translations.history('rights', 'uk').map((r) => r.body)).toContain('Нова версія.');
    // A stale restore form changes nothing.
    const before = deps.translations.history('rights', 'uk').length;
    const stale = await agent.post(`${UK}/restore`).type('form').send({ csrf: page.csrf, revision: page.revision, restore: String(old.revisionId) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Nothing was restored: this language changed after you opened the page.');
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
  });

  it('previews of the draft need a session and are never cached', async () => {
    const { app } = adminSetup();
    for (const url of [`${UK}/preview`, `${UK}/preview.pdf`]) {
      const res = await request(app).get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/admin\/login/);
      expect(res.headers['content-type'] ?? '').not.toMatch(/pdf/);
    }
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    await agent.post(`${UK}/sections/intro`).type('form').send({ csrf: page.csrf, revision: page.revision, title: 'Вступ', body: 'Чернетка, якої читачі ще не бачать.' });
    const html = await agent.get(`${UK}/preview`);
    expect(html.status).toBe(200);
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.text).toContain('Чернетка, якої читачі ще не бачать.');
    expect(html.text).toContain(`href="${UK}/preview.pdf"`);
    const pdf = await agent.get(`${UK}/preview.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    const published = await request(app).get('/booklets/rights/uk');
    expect(published.status).toBe(200);
    expect(published.text).not.toContain('Чернетка, якої');
  });

  it('unknown booklets, languages and sections are 404 pages; malformed ones 400', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    expect((await agent.get('/admin/booklets/nothing/uk')).status).toBe(404);
    expect((await agent.get('/admin/booklets/rights/xx')).status).toBe(404);
    expect((await agent.get('/admin/booklets/NOT%20OK/uk')).status).toBe(400);
    const page = await editPage(agent);
    const res = await agent.post(`${UK}/sections/nope`).type('form').send({ csrf: page.csrf, revision: page.revision, title: 'T', body: 'B' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const noBody = await agent.post(`${UK}/sections/intro`).type('form').send({ csrf: page.csrf, revision: page.revision });
    expect(noBody.status).toBe(400);
    expect(noBody.text).toContain('the title is missing');
  });
});
