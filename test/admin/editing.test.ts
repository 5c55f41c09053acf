import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { LOCALES_DIR as LOCALES } from '../../src/paths';
import { adminSetup, field, PASSWORD, sectionsForm, sectionText, signIn, visibleText } from './helpers';

const UK = '/admin/booklets/rights/uk';

/** The edit page, the tokens its forms carry and its sections form as loaded. */
async function editPage(agent: request.Agent, url = UK) {
  const page = await agent.get(url);
  expect(page.status).toBe(200);
  const form = page.text.includes('<form class="sections"') ? sectionsForm(page.text) : {};
  const revision = page.text.includes('name="revision"') ? field(page.text, 'revision') : '';
  return { html: page.text, csrf: field(page.text, 'csrf'), revision, form };
}

/** Posts the edit page's form with some fields changed, pressing the Save button of `save`. */
function save(agent: request.Agent, page: { form: Record<string, string> }, changes: Record<string, string>, saveAt = 'intro', url = UK) {
  return agent
    .post(`${url}/sections`)
    .type('form')
    .send({ ...page.form, ...changes, save: saveAt });
}

const draftBody = (deps: ReturnType<typeof adminSetup>['deps'], lang: string, section: string) =>
  deps.translations.view('rights', lang, 'draft').sections.find((s) => s.id === section)?.body;

describe('the dashboard', () => {
  it('shows each booklet by language with status, completeness and outdated counts, linking to the edit pages', async () => {
    const { app, deps } = adminSetup();
    const view = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection(
      'rights',
      'en',
      'intro',
      { title: 'Introduction', body: 'You may ask for **information**. Call 916, free of charge.' },
      view.etag,
      { name: 'test' },
    );
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
    const { csrf, form } = await editPage(agent);
    const before = draftBody(deps, 'uk', 'intro');
    const fields = `csrf=${encodeURIComponent(csrf)}&base.intro=${form['base.intro']}&title.intro=x`;
    for (const body of [
      `${fields}&body.intro=%E0%A4%A`,
      `${fields}&body.intro=50%25%ZZ`,
      Buffer.concat([Buffer.from(`${fields}&body.intro=`), Buffer.from([0xff, 0xfe])]),
    ]) {
      const res = await agent
        .post(`${UK}/sections`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .serialize((b: unknown) => b as string)
        .send(body);
      expect(res.status).toBe(400);
      expect(visibleText(res.text)).toContain('Nothing was changed');
    }
    expect(draftBody(deps, 'uk', 'intro')).toBe(before);
    expect(deps.translations.history('rights', 'uk').some((r) => r.createdBy === 'user:olena')).toBe(false);
    const login = await request(app)
      .post('/admin/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('csrf=x&method=password&username=%E0%A4%A&password=y');
    expect(login.status).toBe(400);
  });

  it('shows each source section next to its translation, with lang and dir on the fields, titles in the language edited', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(html).toContain('<div class="text" lang="en" dir="ltr">You may ask for **information**. Call 916 (free of charge).</div>');
    expect(html).toMatch(/<textarea id="body-intro" name="body.intro" lang="uk" dir="ltr"[^>]*>Ви можете звернутися по \*\*інформацію\*\*/);
    // The booklet and section titles in Ukrainian, the English ones beside them.
    expect(html).toMatch(/<h1><span lang="uk" dir="ltr">Ваші права<\/span>/);
    expect(sectionText(html, 'intro')).toMatch(/^ 1\. Вступ Source language \(English\): Introduction/);
    const ar = await editPage(agent, '/admin/booklets/rights/ar');
    expect(ar.html).toMatch(/<textarea id="body-intro" name="body.intro" lang="ar" dir="rtl"/);
    expect(ar.html).toMatch(/<input id="title-intro" name="title.intro" type="text" lang="ar" dir="rtl"/);
    expect(ar.html).toContain('Not translated yet');
  });

  it('a translator changes two sections and presses the Save button of one: both are saved, and each says so where it is', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const res = await save(
      agent,
      page,
      { 'title.intro': 'Вступ', 'body.intro': 'Новий текст\r\nу два рядки.', 'title.how': 'Як звернутися до нас' },
      'how',
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${UK}?saved=intro,how&at=how#s-how`);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Новий текст\nу два рядки.');
    expect(deps.translations.view('rights', 'uk', 'draft').sections.find((s) => s.id === 'how')?.title).toBe('Як звернутися до нас');
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('draft');
    const history = deps.translations.history('rights', 'uk');
    expect(
      history
        .slice(0, 2)
        .map((h) => [h.sectionId, h.createdBy])
        .sort(),
    ).toEqual([
      ['how', 'user:olena'],
      ['intro', 'user:olena'],
    ]);
    expect(deps.audit.list(10, undefined).filter((e) => e.actor === 'user:olena' && e.action === 'edit-section')).toHaveLength(2);
    const after = await agent.get(res.headers.location as string);
    // The confirmation is at the section the person was at, and at every section saved, for screen readers too.
    expect(sectionText(after.text, 'how')).toContain('Saved 2 sections: 1. Вступ');
    expect(after.text).toMatch(/id="s-intro"[\s\S]*?<p class="message ok" role="status">Saved\.<\/p>[\s\S]*?id="s-how"/);
  });

  it('an unchanged page saves nothing; sections the person did not touch are never written', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const res = await save(agent, page, {}, 'how');
    expect(res.headers.location).toBe(`${UK}?saved=&at=how#s-how`);
    expect(sectionText((await agent.get(res.headers.location as string)).text, 'how')).toContain(
      'Nothing to save: no section was changed.',
    );
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
  });

  it('the same form sent twice (a double click) says saved both times and writes once', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const first = await save(agent, page, { 'body.intro': 'Один раз.' });
    const before = deps.translations.history('rights', 'uk').length;
    const second = await save(agent, page, { 'body.intro': 'Один раз.' });
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
    expect(sectionText((await agent.get(second.headers.location as string)).text, 'intro')).toContain('Saved.');
  });

  it('a section the person did not touch shows what is saved now after a refused save, so saving again never undoes someone else', async () => {
    const { app, deps } = adminSetup();
    const olena = await signIn(app, { username: 'olena', password: PASSWORD });
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const stale = await editPage(olena);
    expect((await save(editor, await editPage(editor), { 'body.intro': 'Текст редактора.' })).status).toBe(303);
    const refused = await save(olena, stale, { 'title.how': '', 'body.how': 'Її зміна.' }, 'how');
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/<textarea id="body-intro"[^>]*>Текст редактора\.<\/textarea>/);
    expect(sectionText(refused.text, 'intro')).toContain(
      'Someone else saved this section after you opened the page; your page showed the older text.',
    );
    const fixed = await olena
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...sectionsForm(refused.text), 'title.how': 'Як звернутися', save: 'how' });
    expect(fixed.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст редактора.');
    expect(draftBody(deps, 'uk', 'how')).toBe('Її зміна.');
  });

  it('saving an unchanged page leaves the language as it is: state, revision and audit log', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    await save(agent, page, { 'body.intro': 'Зміна.' });
    deps.translations.transition('rights', 'uk', 'review', deps.translations.view('rights', 'uk', 'draft').etag, { name: 'test' });
    const before = deps.translations.view('rights', 'uk', 'draft');
    const audit = deps.audit.list(100, undefined).length;
    expect((await save(agent, await editPage(agent), {}, 'how')).status).toBe(303);
    const after = deps.translations.view('rights', 'uk', 'draft');
    expect([after.status, after.etag]).toEqual(['in-review', before.etag]);
    expect(deps.audit.list(100, undefined)).toHaveLength(audit);
  });

  it('text sent for a section the booklet does not have is shown back, with the minor box as it was ticked', async () => {
    const { app } = adminSetup();
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const en = await editPage(editor, '/admin/booklets/rights/en');
    const res = await editor
      .post('/admin/booklets/rights/en/sections')
      .type('form')
      .send({
        ...en.form,
        'title.intro': '',
        'minor.intro': 'on',
        'base.gone': '0',
        'title.gone': 'Old section',
        'body.gone': 'Text of a section that was removed.',
        save: 'intro',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Text of a section that was removed.');
    expect(visibleText(res.text)).toContain('Text for sections this booklet does not have');
    expect(res.text).toMatch(/name="minor\.intro" value="on" checked/);
  });

  it('"Submit for review" on the edit page saves what was typed there first', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    await save(agent, page, { 'body.how': 'Чернетка.' }, 'how');
    const draft = await editPage(agent);
    expect(draft.html).toContain(`formaction="${UK}/review"`);
    const res = await agent
      .post(`${UK}/review`)
      .type('form')
      .send({ ...draft.form, 'body.intro': 'Надруковано перед перевіркою.' });
    expect(res.headers.location).toBe(`${UK}?done=review`);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Надруковано перед перевіркою.');
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('in-review');
    // A text that cannot be saved holds the review back, and stays on the page.
    await save(agent, await editPage(agent), { 'body.how': 'Знову чернетка.' }, 'how');
    const again = await editPage(agent);
    const refused = await agent
      .post(`${UK}/review`)
      .type('form')
      .send({ ...again.form, 'title.intro': '', 'body.intro': 'Без заголовка.' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('Not submitted for review: some of your changes could not be saved first.');
    expect(refused.text).toContain('Без заголовка.');
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('draft');
  });

  it('two tabs editing two different sections both save', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const first = await editPage(agent);
    const second = await editPage(agent);
    expect((await save(agent, first, { 'body.intro': 'Текст з першої вкладки.' })).status).toBe(303);
    expect((await save(agent, second, { 'body.how': 'Текст з другої вкладки.' }, 'how')).status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст з першої вкладки.');
    expect(draftBody(deps, 'uk', 'how')).toBe('Текст з другої вкладки.');
  });

  it('the same section changed in two tabs: 409, both texts shown, nothing overwritten; the other changes of the form are saved', async () => {
    const { app, deps } = adminSetup();
    const olena = await signIn(app, { username: 'olena', password: PASSWORD });
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const stale = await editPage(olena);
    const fresh = await editPage(editor);
    expect((await save(editor, fresh, { 'body.intro': 'Текст редактора.' })).status).toBe(303);
    const res = await save(olena, stale, { 'body.intro': 'Текст Олени, який не можна втратити.', 'body.how': 'Інша зміна Олени.' });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст Олени, який не можна втратити\.<\/textarea>/);
    const intro = sectionText(res.text, 'intro');
    expect(intro).toContain('Not saved: someone else saved this section after you opened the page.');
    // The saved version beside the typed one, what differs marked.
    expect(res.text).toMatch(
      /<div class="source">\s*<div class="conflict" id="conflict-intro" role="alert">[\s\S]*Текст <del>редактора<\/del><ins>Олени, який не можна втратити<\/ins>\./,
    );
    expect(intro).toContain('1 section was saved. 1 section was not saved');
    expect(sectionText(res.text, 'how')).toContain('Saved.');
    expect(res.text).toMatch(/<div class="conflict" id="conflict-intro" role="alert">/);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст редактора.');
    expect(draftBody(deps, 'uk', 'how')).toBe('Інша зміна Олени.');
    // The page now carries the current revision of that section: saving again, knowingly, works.
    const again = await olena
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...sectionsForm(res.text), save: 'intro' });
    expect(again.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст Олени, який не можна втратити.');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'garbage'],
    ['negative', '-1'],
    ['beyond the integers', '99999999999999999999'],
    ['a revision of another section', 'OTHER'],
    ['a revision that does not exist', '999999'],
  ])('a section whose base revision is %s is not saved blind: the text comes back beside the saved one', async (_name, base) => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const form: Record<string, string> = { ...page.form, 'body.intro': 'Текст, який не можна втратити.', save: 'intro' };
    if (base === undefined) delete form['base.intro'];
    else form['base.intro'] = base === 'OTHER' ? (page.form['base.how'] as string) : base;
    const res = await agent.post(`${UK}/sections`).type('form').send(form);
    expect([400, 409]).toContain(res.status);
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст, який не можна втратити\.<\/textarea>/);
    expect(res.text).toMatch(/<div class="conflict" id="conflict-intro" role="alert">[\s\S]*Ви можете звернутися по/);
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
    const again = await agent
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...sectionsForm(res.text), save: 'intro' });
    expect(again.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toBe('Текст, який не можна втратити.');
  });

  it('workflow and restore forms with an unusable revision are a 400 and change nothing', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const page = await editPage(agent);
    const old = deps.translations.history('rights', 'uk')[0] as { revisionId: number };
    const before = deps.translations.view('rights', 'uk', 'draft').etag;
    for (const revision of [undefined, '*', 'garbage', '"rights.uk.99999999999999999999"']) {
      const sent: Record<string, string> = { csrf: page.csrf, confirm: 'yes' };
      if (revision !== undefined) sent.revision = revision;
      for (const [url, extra] of [
        [`${UK}/review`, {}],
        [`${UK}/unpublish`, {}],
        [`${UK}/publish`, {}],
        [`${UK}/restore`, { restore: String(old.revisionId) }],
      ] as const) {
        const res = await agent
          .post(url)
          .type('form')
          .send({ ...sent, ...extra });
        expect([url, revision, res.status]).toEqual([url, revision, 400]);
        expect(visibleText(res.text)).toContain('the form is incomplete or out of date: reload the page and try again.');
      }
    }
    const view = deps.translations.view('rights', 'uk', 'draft');
    expect(view.etag).toBe(before);
    expect(view.published).toBe(true);
  });

  it('an invalid text is not saved: 422 naming the problem at the section in the interface language, the text is kept', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const res = await save(agent, page, { 'title.intro': '', 'body.intro': 'Текст без заголовка.' });
    expect(res.status).toBe(422);
    expect(sectionText(res.text, 'intro')).toContain('Title: must not be empty.');
    expect(res.text).toMatch(/<textarea id="body-intro"[^>]*>Текст без заголовка\.<\/textarea>/);
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете/);
    const uk = await agent
      .post(`${UK}/sections`)
      .set('Accept-Language', 'uk')
      .type('form')
      .send({ ...page.form, 'body.intro': '# Заголовок\nТекст.', save: 'intro' });
    expect(uk.status).toBe(422);
    const locale = JSON.parse(fs.readFileSync(path.join(LOCALES, 'uk', 'common.json'), 'utf8')) as {
      admin: { validation: Record<string, string> };
    };
    expect(sectionText(uk.text, 'intro')).toContain(locale.admin.validation.headingOne?.replace('{{line}}', '1') as string);
    expect(uk.text).not.toContain('starts a new section and cannot appear');
  });

  it('a text over the length limit comes back whole with its size; a form over the size limit shows what arrived with the exact byte count', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const long = `${'Дуже довгий текст. '.repeat(6000)}Кінець.`;
    const res = await save(agent, page, { 'body.intro': long });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`>${long}</textarea>`);
    expect(sectionText(res.text, 'intro')).toContain(
      `Text: may have at most 100,000 characters; this one has ${long.length.toLocaleString('en')}.`,
    );
    // 800,000 characters, most of them Cyrillic: over 4 MB percent-encoded.
    const huge = `Початок. ${'Дуже довгий текст. '.repeat(45_000)}`;
    const tooLarge = await save(agent, page, { 'body.intro': huge });
    expect(tooLarge.status).toBe(413);
    const text = visibleText(tooLarge.text);
    expect(text).toContain('Too much text');
    const sent = Number(/The form had ([\d,]+) bytes; at most 4,194,304 bytes are accepted\./.exec(text)?.[1]?.replace(/,/g, ''));
    expect(sent).toBeGreaterThan(4_194_304);
    expect(tooLarge.text).toContain('Початок. Дуже довгий текст. Дуже довгий текст.');
    // Signed in, the whole form is kept (up to 16 MB): the size is the text's own, the page shows its beginning.
    expect(text).toMatch(/Text — 1\. Вступ [\d,]+ characters \([\d,]+ bytes\); the first 200,000 are shown here\./);
    // Signed out (no session cookie), only the first 4 MB are kept, and nothing about the draft is told.
    const anonymous = await request(app)
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...page.form, 'body.intro': huge, save: 'intro' });
    expect(anonymous.status).toBe(413);
    const shownSignedOut = visibleText(anonymous.text);
    expect(shownSignedOut).toMatch(/Text — intro Only the beginning arrived and is shown here: [\d,]+ characters \([\d,]+ bytes\)\./);
    expect(shownSignedOut).not.toContain('1. Вступ');
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете/);
    // Too many fields: refused too, and the text typed is still shown.
    const many: Record<string, string> = { ...page.form, 'body.intro': 'Текст серед тисяч полів.', save: 'intro' };
    for (let i = 0; i < 2100; i++) many[`x${i}`] = '1';
    const tooMany = await agent.post(`${UK}/sections`).type('form').send(many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toContain('Текст серед тисяч полів.');
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете/);
  });

  it('a form posted without its CSRF token, or with a wrong one, is refused with 403, changes nothing and shows the text back', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const { csrf: _csrf, ...withoutToken } = page.form;
    const missing = await agent
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...withoutToken, 'body.intro': 'Підроблений текст.', save: 'intro' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('The form was refused');
    // The changed text is shown back with its section, so nothing typed is lost; unchanged text is not repeated.
    expect(missing.text).toContain('Підроблений текст.');
    expect(visibleText(missing.text)).toContain('Text — 1. Вступ');
    expect(missing.text).not.toContain('Особисто');
    const wrong = await agent
      .post(`${UK}/review`)
      .type('form')
      .send({ csrf: 'A'.repeat(43), revision: page.revision });
    expect(wrong.status).toBe(403);
    const otherSession = await signIn(app, { username: 'editor', password: PASSWORD });
    const { csrf: editorsToken } = await editPage(otherSession);
    expect((await save(agent, { form: { ...page.form, csrf: editorsToken } }, { 'body.intro': 'Чужий токен.' })).status).toBe(403);
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
    const res = await agent
      .post('/admin/booklets/rights/az/sections')
      .type('form')
      .send({ csrf, 'base.intro': '0', 'title.intro': 'Giriş', 'body.intro': 'Mətn.' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your role or languages do not allow this.');
    expect(res.text).toContain('Mətn.');
    expect(deps.translations.view('rights', 'az', 'draft').status).toBe('missing');
    // Nor may a translator edit the source language.
    const en = deps.translations.view('rights', 'en', 'draft');
    const base = String(en.sections[0]?.revision);
    expect(
      (
        await agent
          .post('/admin/booklets/rights/en/sections')
          .type('form')
          .send({ csrf, 'base.intro': base, 'title.intro': 'Intro', 'body.intro': 'Changed.' })
      ).status,
    ).toBe(403);
    expect(draftBody(deps, 'en', 'intro')).toMatch(/^You may ask/);
  });

  it('a translator submits for review but cannot publish; an editor reviews the word diff, confirms, and readers see exactly the previewed text', async () => {
    const { app, deps } = adminSetup();
    const olena = await signIn(app, { username: 'olena', password: PASSWORD });
    let page = await editPage(olena);
    expect(page.html).not.toContain(`href="${UK}/publish"`);
    await save(olena, page, { 'body.intro': 'Ви можете звернутися по **інформацію**. Телефонуйте 916 або 917 (безкоштовно).' });
    page = await editPage(olena);
    expect((await olena.get(`${UK}/publish`)).status).toBe(403);
    const refused = await olena.post(`${UK}/publish`).type('form').send({ csrf: page.csrf, revision: page.revision, confirm: 'yes' });
    expect(refused.status).toBe(403);
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('draft');
    expect((await olena.post(`${UK}/review`).type('form').send({ csrf: page.csrf, revision: page.revision })).headers.location).toBe(
      `${UK}?done=review`,
    );
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('in-review');
    const meanwhile = await request(app).get('/booklets/rights/uk');
    expect(meanwhile.text).not.toContain('916 або 917');

    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    page = await editPage(editor);
    expect(page.html).toContain(`href="${UK}/publish"`);
    // Publishing from the edit page's form alone only leads to the confirmation page.
    const unconfirmed = await editor
      .post(`${UK}/publish`)
      .type('form')
      .send({ csrf: page.csrf, revision: deps.translations.view('rights', 'uk', 'draft').etag });
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.location).toBe(`${UK}/publish`);
    expect(deps.translations.view('rights', 'uk', 'draft').status).toBe('in-review');
    const review = await editor.get(`${UK}/publish`);
    expect(review.status).toBe(200);
    const text = visibleText(review.text);
    expect(text).toContain('1 section will read differently from what readers see now');
    expect(review.text).toMatch(/916 <ins>або 917 <\/ins>\(безкоштовно\)/);
    expect(review.text).not.toContain('id="c-how"');
    const preview = visibleText((await editor.get(`${UK}/preview`)).text);
    const published = await editor
      .post(`${UK}/publish`)
      .type('form')
      .send({
        csrf: field(review.text, 'csrf'),
        revision: field(review.text, 'revision'),
        content: field(review.text, 'content'),
        confirm: 'yes',
      });
    expect(published.headers.location).toBe(`${UK}?done=publish`);
    const reader = visibleText((await request(app).get('/booklets/rights/uk')).text);
    for (const part of ['Телефонуйте 916 або 917 (безкоштовно).', 'Особисто', 'Надішліть']) {
      expect(preview).toContain(part);
      expect(reader).toContain(part);
    }
    expect(deps.audit.list(5, undefined).map((e) => [e.actor, e.action])).toEqual(
      expect.arrayContaining([
        ['user:editor', 'publish'],
        ['user:olena', 'review'],
      ]),
    );
  });

  it('the confirmation shows what readers will get, also when the source has unpublished changes; withdrawing twice is done once', async () => {
    const { app, deps } = adminSetup();
    // The source's "how" changes and is not published: Ukrainian readers keep the published source behind an outdated section.
    const en = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection('rights', 'en', 'how', { title: 'How to ask', body: 'Unpublished English draft.' }, en.etag, {
      name: 'test',
    });
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const page = await editPage(editor);
    await save(editor, page, { 'body.intro': 'Новий вступ.' });
    const confirm = await editor.get(`${UK}/publish`);
    const shown = visibleText(confirm.text);
    expect(shown).toContain('Новий вступ');
    expect(shown).not.toContain('Unpublished English draft.');
    expect(visibleText((await editor.get(`${UK}/preview`)).text)).not.toContain('Unpublished English draft.');
    // Meanwhile the English source is published: the outdated section readers get changes, so the page confirmed is out of date.
    deps.translations.transition('rights', 'en', 'publish', deps.translations.view('rights', 'en', 'draft').etag, { name: 'test' });
    const stale = await editor
      .post(`${UK}/publish`)
      .type('form')
      .send({
        csrf: field(confirm.text, 'csrf'),
        revision: field(confirm.text, 'revision'),
        content: field(confirm.text, 'content'),
        confirm: 'yes',
      });
    expect(stale.status).toBe(409);
    expect(visibleText(stale.text)).toContain('Nothing was published: the text changed after you opened this page.');
    expect(deps.translations.view('rights', 'uk', 'draft').published).toBe(true);
    expect(visibleText((await request(app).get('/booklets/rights/uk')).text)).not.toContain('Новий вступ');
    const again = await editor
      .post(`${UK}/publish`)
      .type('form')
      .send({
        csrf: field(stale.text, 'csrf'),
        revision: field(stale.text, 'revision'),
        content: field(stale.text, 'content'),
        confirm: 'yes',
      });
    expect(again.status).toBe(303);
    const reader = visibleText((await request(app).get('/booklets/rights/uk')).text);
    expect(reader).toContain('Новий вступ.');
    expect(reader).toContain('Unpublished English draft.');
    // Two confirmation pages of the withdrawal, both sent.
    const one = await editor.get(`${UK}/unpublish`);
    const two = await editor.get(`${UK}/unpublish`);
    for (const tab of [one, two]) {
      const res = await editor
        .post(`${UK}/unpublish`)
        .type('form')
        .send({ csrf: field(tab.text, 'csrf'), revision: field(tab.text, 'revision'), confirm: 'yes' });
      expect(res.headers.location).toBe(`${UK}?done=unpublish`);
    }
    expect(deps.audit.list(10, undefined).filter((e) => e.action === 'unpublish')).toHaveLength(1);
  });

  it('withdrawing needs a confirmation that says which address stops working and whether the booklet leaves the catalog', async () => {
    const { app, deps } = adminSetup();
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    const page = await editPage(editor);
    expect(page.html).toContain(`href="${UK}/unpublish"`);
    expect(page.html).not.toContain(`action="${UK}/unpublish"`);
    const unconfirmed = await editor
      .post(`${UK}/unpublish`)
      .type('form')
      .send({ csrf: page.csrf, revision: deps.translations.view('rights', 'uk', 'draft').etag });
    expect(unconfirmed.headers.location).toBe(`${UK}/unpublish`);
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(200);
    const confirm = await editor.get(`${UK}/unpublish`);
    const text = visibleText(confirm.text);
    expect(text).toContain('This address will answer “not found”: /booklets/rights/uk');
    expect(text).toContain('The catalog keeps the booklet in: English');
    const withdrawn = await editor
      .post(`${UK}/unpublish`)
      .type('form')
      .send({ csrf: field(confirm.text, 'csrf'), revision: field(confirm.text, 'revision'), confirm: 'yes' });
    expect(withdrawn.headers.location).toBe(`${UK}?done=unpublish`);
    expect((await request(app).get('/booklets/rights/uk')).status).toBe(404);
    // The last published language: the booklet leaves the catalog.
    const en = visibleText((await editor.get('/admin/booklets/rights/en/unpublish')).text);
    expect(en).toContain('No other language of this booklet is published: it will disappear from the catalog: Your rights');
    expect(deps.translations.view('rights', 'en', 'draft').published).toBe(true);
  });

  it('outdated sections are marked with a word diff of the source since the translation was made', async () => {
    const { app, deps } = adminSetup();
    const en = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection(
      'rights',
      'en',
      'intro',
      { title: 'Introduction', body: 'You may ask for **information**. Call 916 or 917 (free of charge).' },
      en.etag,
      { name: 'test' },
    );
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(html).toContain('class="pair state-outdated" id="s-intro"');
    expect(html).toContain('Source changed');
    expect(html).toMatch(/Call 916 <ins>or 917 <\/ins>\(free of charge\)\./);
    expect(html).toContain('class="pair state-ok" id="s-how"');
    const en2 = deps.translations.view('rights', 'en', 'draft');
    deps.translations.editSection(
      'rights',
      'en',
      'how',
      { title: 'How to ask', body: '- In person\n- By post\n\n1. Write\n2. Send' },
      en2.etag,
      { name: 'test' },
    );
    const again = await editPage(agent);
    expect(again.html).toContain('- <del>In writing</del><ins>By post</ins>');
    // Saving unchanged changes nothing; ticking "still right" at an outdated section marks it up to date, the other stays outdated.
    expect((await save(agent, again, {}, 'intro')).status).toBe(303);
    expect(deps.translations.view('rights', 'uk', 'draft').sections.find((s) => s.id === 'intro')?.outdated).toBe(true);
    expect(again.html).toContain('name="uptodate.intro"');
    expect((await save(agent, again, { 'uptodate.intro': 'on' }, 'how')).status).toBe(303);
    const after = deps.translations.view('rights', 'uk', 'draft').sections;
    expect(after.find((s) => s.id === 'intro')?.outdated).toBe(false);
    expect(after.find((s) => s.id === 'how')?.outdated).toBe(true);
  });

  it('warns at the section about characters the PDF cannot show', async () => {
    const { app, deps } = adminSetup();
    const uk = deps.translations.view('rights', 'uk', 'draft');
    deps.translations.editSection('rights', 'uk', 'how', { title: 'Як звернутися', body: 'Особисто 😀' }, uk.etag, { name: 'test' });
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const { html } = await editPage(agent);
    expect(sectionText(html, 'how')).toContain('Line 1: the PDF cannot show 😀 (U+1F600)');
    expect(sectionText(html, 'intro')).not.toContain('U+1F600');
  });

  it('saving Markdown the booklet cannot show is accepted with a warning at the section, in the interface language', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await editPage(agent);
    const table = '| Служба | Телефон |\n|---|---|\n| Омбудсман | 916 |';
    const res = await save(agent, page, { 'body.how': `${table}\n\n![Карта](https://example.org/map.png)` }, 'how');
    expect(res.status).toBe(303);
    expect(draftBody(deps, 'uk', 'how')).toContain('| Омбудсман | 916 |');
    const after = await agent.get(res.headers.location as string);
    const how = sectionText(after.text, 'how');
    expect(how).toContain('Check this section before publishing:');
    expect(how).toContain('Line 1: tables are not supported');
    expect(how).toContain('Line 5: images are not supported');
    expect(sectionText(after.text, 'intro')).not.toContain('not supported');
    expect(after.text).toMatch(/id="s-how"[\s\S]*?<div class="warning">/);
    const ar = await agent.get(UK).set('Accept-Language', 'ar');
    const locale = JSON.parse(fs.readFileSync(path.join(LOCALES, 'ar', 'common.json'), 'utf8')) as { checks: Record<string, string> };
    expect(sectionText(ar.text, 'how')).toContain((locale.checks.table as string).slice(0, 20));
  });
});

describe('the pages themselves', () => {
  it('use no inline script or style (the Content-Security-Policy allows neither), a cached stylesheet, and on edit pages only the script of the service', async () => {
    const { app } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const pages = [
      await request(app).get('/admin/login'),
      await agent.get('/admin'),
      await agent.get(UK),
      await agent.get(`${UK}/history`),
      await agent.get(`${UK}/publish`),
      await agent.get(`${UK}/unpublish`),
      await agent.get('/admin/nothing'),
    ];
    for (const page of pages) {
      // The one script: on the edit page, from the service, never inline.
      const scripts = page.text.match(/<script[^>]*>/gi) ?? [];
      expect(scripts.every((tag) => /^<script src="\/admin\/assets\/admin\.[0-9a-f]{12}\.js" defer>$/.test(tag))).toBe(true);
      expect(scripts.length).toBe(page === pages[2] ? 1 : 0);
      expect(page.text.replace(/<script src="[^"]+" defer><\/script>/g, '')).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(page.headers['content-security-policy']).toMatch(/style-src 'self'/);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(page.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
      expect(page.headers['cache-control']).toBe('no-store');
    }
    const href = /href="(\/admin\/assets\/admin\.[0-9a-f]{12}\.css)"/.exec(pages[1]?.text ?? '')?.[1] as string;
    const css = await request(app).get(href);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['set-cookie']).toBeUndefined();
    expect((await request(app).get('/admin/assets/admin.000000000000.css')).status).toBe(404);
    const jsHref = /src="(\/admin\/assets\/admin\.[0-9a-f]{12}\.js)"/.exec(pages[2]?.text ?? '')?.[1] as string;
    const js = await request(app).get(jsHref);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.text).toContain('beforeunload');
    // The public site still runs no script at all.
    expect((await request(app).get('/booklets/rights/uk')).headers['content-security-policy']).not.toMatch(/script-src/);
  });
});

describe('history, restore and previews', () => {
  it('the history names sections, people and local times; restoring one makes it the latest again as a new revision', async () => {
    const { app, deps } = adminSetup({ admin: { timeZone: 'Asia/Baku' } });
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    let page = await editPage(agent);
    await save(agent, page, { 'body.intro': 'Нова версія.' });
    const history = await agent.get(`${UK}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('Ви можете звернутися по **інформацію**.');
    const text = visibleText(history.text);
    expect(text).toContain('1. Вступ · revision');
    expect(text).toContain('by olena');
    expect(text).not.toContain('user:olena');
    expect(text).toContain('by the sample import');
    expect(text).toContain('(GMT+4)');
    const old = deps.translations.history('rights', 'uk').find((r) => r.body.startsWith('Ви можете')) as { revisionId: number };
    page = await editPage(agent);
    const res = await agent
      .post(`${UK}/restore`)
      .type('form')
      .send({ csrf: field(history.text, 'csrf'), revision: field(history.text, 'revision'), restore: String(old.revisionId) });
    expect(res.status).toBe(303);
    expect(draftBody(deps, 'uk', 'intro')).toMatch(/^Ви можете звернутися/);
    expect(deps.translations.history('rights', 'uk').map((r) => r.body)).toContain('Нова версія.');
    const before = deps.translations.history('rights', 'uk').length;
    const stale = await agent
      .post(`${UK}/restore`)
      .type('form')
      .send({ csrf: page.csrf, revision: page.revision, restore: String(old.revisionId) });
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
    await save(agent, page, { 'body.intro': 'Чернетка, якої читачі ще не бачать.' });
    const html = await agent.get(`${UK}/preview`);
    expect(html.status).toBe(200);
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.text).toContain('Чернетка, якої читачі ще не бачать.');
    expect(html.text).toContain(`href="${UK}/preview.pdf"`);
    // Marked as a draft in the booklet's language, without a publication date, with a plain way back.
    const shown = visibleText(html.text);
    expect(shown).toContain('Чернетка — не опубліковано');
    expect(shown).not.toMatch(/Опубліковано|Published on/);
    expect(html.text).toMatch(new RegExp(`<a href="${UK}"[^>]*>Back to the editor</a>`));
    expect(visibleText((await request(app).get('/booklets/rights/uk')).text)).not.toContain('Чернетка — не опубліковано');
    const pdf = await agent.get(`${UK}/preview.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    const published = await request(app).get('/booklets/rights/uk');
    expect(published.status).toBe(200);
    expect(published.text).not.toContain('Чернетка, якої');
  });

  it('unknown booklets and languages are 404 pages, malformed ones 400; an unknown section is reported, not saved', async () => {
    const { app, deps } = adminSetup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    expect((await agent.get('/admin/booklets/nothing/uk')).status).toBe(404);
    expect((await agent.get('/admin/booklets/rights/xx')).status).toBe(404);
    expect((await agent.get('/admin/booklets/NOT%20OK/uk')).status).toBe(400);
    const page = await editPage(agent);
    const before = deps.translations.history('rights', 'uk').length;
    const res = await agent
      .post(`${UK}/sections`)
      .type('form')
      .send({ ...page.form, 'base.nope': '0', 'title.nope': 'T', 'body.nope': 'B', save: 'intro' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(deps.translations.history('rights', 'uk')).toHaveLength(before);
    const empty = await agent.post(`${UK}/sections`).type('form').send({ csrf: page.csrf });
    expect(empty.status).toBe(303);
  });
});
