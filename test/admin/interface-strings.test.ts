import request from 'supertest';
import { adminSetup, field, PASSWORD, signIn, visibleText } from './helpers';

/** Decodes the HTML entities handlebars writes. */
const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The strings form as a browser would send it unchanged: hidden fields and every box. */
function stringsForm(html: string): Record<string, string> {
  const start = html.indexOf('<form class="strings"');
  if (start < 0) throw new Error('no strings form on the page');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*\bname="([^"]+)"[^>]*>/g))
    fields[unescape(m[1] as string)] = unescape(/\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? '');
  for (const m of form.matchAll(/<textarea[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[unescape(m[1] as string)] = unescape(m[2] as string);
  return fields;
}

/** The text in the box of one key. */
const box = (html: string, key: string): string => stringsForm(html)[`text.${key}`] as string;

function setup() {
  const { app, deps } = adminSetup();
  deps.languageAdmin.add({ code: 'haz', nativeName: 'هزارگی', englishName: 'Hazaragi', script: 'Arab', fallback: 'fa' }, 'test');
  deps.admin.users.create({ name: 'hazara', role: 'translator', languages: ['haz'], password: PASSWORD });
  return { app, deps };
}

async function page(agent: request.Agent, lang = 'haz') {
  const res = await agent.get(`/admin/strings/${lang}`);
  expect(res.status).toBe(200);
  return { html: res.text, form: stringsForm(res.text) };
}

describe('the interface strings page', () => {
  it('lists every string with English, what is shown now and where it comes from, and saves what was typed', async () => {
    const { app, deps } = setup();
    const agent = await signIn(app, { username: 'hazara', password: PASSWORD });
    const before = await page(agent);
    const text = visibleText(before.html);
    expect(text).toContain('booklet.contents');
    expect(text).toContain('Contents');
    expect(text).toContain('فهرست مطالب');
    expect(text).toContain('from فارسی');
    expect(box(before.html, 'booklet.contents')).toBe('');
    expect(before.html).toContain('lang="haz" dir="rtl"');

    const saved = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({ ...before.form, 'text.booklet.contents': 'فهرست محتوا', action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/admin/strings/haz?saved=1');
    const after = await agent.get(saved.headers.location as string);
    expect(visibleText(after.text)).toContain('1 string saved.');
    expect(box(after.text, 'booklet.contents')).toBe('فهرست محتوا');
    expect(visibleText(after.text)).toContain('draft, not published yet');
    expect(deps.interfaceStrings.view('haz').strings.find((s) => s.key === 'booklet.contents')).toMatchObject({
      text: 'فهرست محتوا',
      origin: 'draft',
    });
    // A translator cannot publish; the page offers no button for it.
    expect(after.text).not.toContain('value="publish"');
  });

  it('keeps everything typed when a string is refused, with the problem at it, and saves the others', async () => {
    const { app, deps } = setup();
    const agent = await signIn(app, { username: 'hazara', password: PASSWORD });
    const { form } = await page(agent);
    const res = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({
        ...form,
        'text.booklet.edition': 'نسخه بدون جای‌نگهدار',
        'text.booklet.backToTop': 'بازگشت به بالا',
        'text.booklet.download': 'دانلود {{nothing}}',
        action: 'save',
      });
    expect(res.status).toBe(422);
    const text = visibleText(res.text);
    expect(text).toContain('1 string saved.');
    expect(text).toContain('2 strings were not saved');
    expect(text).toContain('{{edition}} is missing');
    expect(text).toContain('{{nothing}}');
    expect(box(res.text, 'booklet.edition')).toBe('نسخه بدون جای‌نگهدار');
    expect(box(res.text, 'booklet.download')).toBe('دانلود {{nothing}}');
    expect(box(res.text, 'booklet.backToTop')).toBe('بازگشت به بالا');
    const drafts = deps.interfaceStrings
      .view('haz')
      .strings.filter((s) => s.origin === 'draft')
      .map((s) => s.key);
    expect(drafts).toEqual(['booklet.backToTop']);
  });

  it('tells of a string saved by someone else meanwhile and keeps both texts; an unchanged box is no conflict', async () => {
    const { app, deps } = setup();
    const agent = await signIn(app, { username: 'hazara', password: PASSWORD });
    const { form } = await page(agent);
    deps.interfaceStrings.save(
      'haz',
      [
        { key: 'booklet.contents', text: 'فهرست دیگر' },
        { key: 'booklet.share', text: 'هم‌رسانی' },
      ],
      { name: 'someone' },
    );
    const res = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({ ...form, 'text.booklet.contents': 'فهرست من', action: 'save' });
    expect(res.status).toBe(409);
    expect(visibleText(res.text)).toContain('Someone else saved this string');
    expect(visibleText(res.text)).toContain('فهرست دیگر');
    expect(box(res.text, 'booklet.contents')).toBe('فهرست من');
    // booklet.share was left as loaded (empty): it keeps what the other person saved.
    expect(deps.interfaceStrings.view('haz').strings.find((s) => s.key === 'booklet.share')?.text).toBe('هم‌رسانی');
    const again = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({ ...stringsForm(res.text), action: 'save' });
    expect(again.status).toBe(303);
    expect(deps.interfaceStrings.view('haz').strings.find((s) => s.key === 'booklet.contents')?.text).toBe('فهرست من');
  });

  it('an editor saves and publishes from the page, and readers then see the string', async () => {
    const { app, deps } = setup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const { form } = await page(agent);
    const res = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({ ...form, 'text.nav.skip': 'رفتن به متن', action: 'publish' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/strings/haz?done=publish');
    expect(deps.interfaceStrings.published('haz')).toEqual({ 'nav.skip': 'رفتن به متن' });
    expect(deps.translator.t('haz')('nav.skip')).toBe('رفتن به متن');
  });

  it('is refused to a translator of another language, and there is none for English', async () => {
    const { app } = setup();
    const agent = await signIn(app, { username: 'olena', password: PASSWORD });
    expect((await agent.get('/admin/strings/haz')).status).toBe(403);
    expect((await agent.get('/admin/strings/uk')).status).toBe(200);
    const editor = await signIn(app, { username: 'editor', password: PASSWORD });
    expect((await editor.get('/admin/strings/en')).status).toBe(404);
    const uk = await agent.get('/admin/strings/uk');
    const refused = await agent
      .post('/admin/strings/haz')
      .type('form')
      .send({ csrf: field(uk.text, 'csrf'), 'text.nav.skip': 'x', 'base.nav.skip': '0' });
    expect(refused.status).toBe(403);
  });

  it("the dashboard shows how complete each language's interface is, linking to its page", async () => {
    const { app, deps } = setup();
    const agent = await signIn(app, { username: 'editor', password: PASSWORD });
    const total = deps.interfaceStrings.view('haz').strings.length;
    deps.interfaceStrings.save(
      'haz',
      deps.interfaceStrings
        .view('haz')
        .strings.slice(0, Math.ceil(total / 4))
        .map((s) => ({ key: s.key, text: s.placeholders.map((p) => `{{${p}}}`).join(' ') + ' ت' })),
      { name: 'test' },
    );
    const res = await agent.get('/admin');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/strings/haz"');
    expect(res.text).toContain('href="/admin/strings/uk"');
    expect(res.text).not.toContain('href="/admin/strings/en"');
    const text = visibleText(res.text);
    expect(text).toContain('Interface strings');
    expect(text).toMatch(/Українська — 100% translated/);
    expect(text).toMatch(/هزارگی — 25% translated · Draft/);
    const translator = await signIn(app, { username: 'hazara', password: PASSWORD });
    const own = await translator.get('/admin');
    expect(own.text).toContain('href="/admin/strings/haz"');
    expect(own.text).not.toContain('href="/admin/strings/uk"');
  });
});
