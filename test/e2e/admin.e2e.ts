import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { documentText, extractPdf, normalizeSpace, pageText } from '../helpers/pdf';
import { LANGUAGES } from '../factories/languages';
import {
  ARTIFACTS_DIR,
  AxeViolation,
  createKey,
  launchBrowser,
  ROOT,
  runAxe,
  RunningServer,
  screenshot,
  scrollsSideways,
  startServer,
} from './support';

/**
 * The editing pages in a real browser: a translator signs in with a password made by the CLI,
 * edits a Ukrainian section and submits it; an editor signs in with a key and publishes it;
 * readers then see the new text on the page and in a fresh PDF, and the old text is in the history.
 */

const SLUG = 'right-to-information';
const EDIT = `/admin/booklets/${SLUG}/uk`;
const OLD_SENTENCE = 'Ви маєте право просити про неї.';
const NEW_SENTENCE = 'Ви маєте право просити про неї в будь-який час, безкоштовно.';
const PASSWORD = 'Олена-перекладачка-2026';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The translator's account, made as an administrator would: the CLI reads the password from stdin.
  execFileSync(
    process.execPath,
    [path.join('dist', 'src', 'cli', 'index.js'), 'users', 'create', '--name', 'olena', '--role', 'translator', '--lang', 'uk'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: server.databasePath },
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
    },
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (p: string): string => `${server.baseUrl}${p}`;

async function person(lang = 'en', viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'Accept-Language': lang } });
  contexts.push(context);
  return context.newPage();
}

function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** An interface string from locales/ (placeholders left in), so tests follow the wording. */
function L(lang: string, key: string): string {
  let node: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, 'common.json'), 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no string ${key} in ${lang}`);
  return node;
}

/** Signs in with a new key of the given role and returns the page, in the given interface language. */
async function signedIn(
  role: 'translator' | 'editor' | 'admin',
  lang = 'en',
  langs?: readonly string[],
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await person(lang, viewport);
  await page.goto(url('/admin/login'));
  await page.locator('input[name="key"]').fill(createKey(server.dataDir, role, langs));
  await page.locator('form:has(input[name="key"]) button[type="submit"]').click();
  await page.waitForURL(url('/admin'));
  return page;
}

/**
 * The English interface strings of /admin and of the pages it shares with the site, cut at their
 * placeholders into pieces long enough to mean something ("Save changes", "Source language (").
 * A language's own name is a name, not interface text: "English" is the column of the English
 * interface strings and, in the page title, the language of the English source being edited.
 */
function englishAdminStrings(): string[] {
  const sampleLanguages = JSON.parse(fs.readFileSync(path.join(ROOT, 'booklets', 'languages.json'), 'utf8')) as { nativeName: string }[];
  const names = new Set([...LANGUAGES, ...sampleLanguages].map((l) => l.nativeName));
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en', 'common.json'), 'utf8')) as Record<string, unknown>;
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const piece of node.split(/\{\{[^}]*\}\}/)) {
        const p = piece.trim().replace(/^[\s:;,.()“”—–-]+|[\s:;,.()“”—–-]+$/g, '');
        if (p.length >= 6 && /[a-z]{3}/i.test(p)) out.add(p);
      }
    } else if (node && typeof node === 'object') {
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(en.admin);
  walk(en.checks);
  walk((en.nav as Record<string, unknown>).skip);
  return [...out].filter((piece) => !names.has(piece));
}

/** The text of the page's main landmark, as a reader sees it. */
const mainText = (page: Page): Promise<string> => page.locator('main').innerText();

describe('translators and editors in the browser', () => {
  it('a translator edits and submits, an editor publishes, readers see it; the old text stays in the history', async () => {
    // The translator opens the editing pages and is asked to sign in.
    const olena = await person('uk');
    await olena.goto(url('/admin'));
    expect(new URL(olena.url()).pathname).toBe('/admin/login');
    expect(describeViolations(await runAxe(olena))).toEqual([]);
    await olena.getByLabel('Імʼя користувача', { exact: true }).fill('olena');
    await olena.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await olena.getByRole('button', { name: 'Увійти' }).first().click();
    await olena.waitForURL(url('/admin'));
    const cookies = await olena.context().cookies();
    expect(cookies.find((c) => c.name === 'booklets_admin')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });

    // The dashboard: her language, with state and completeness.
    expect(await mainText(olena)).toContain('Брошури та переклади');
    expect(describeViolations(await runAxe(olena))).toEqual([]);
    await screenshot(olena, 'admin-dashboard');

    await olena.locator(`a[href="${EDIT}"]`).first().click();
    await olena.waitForURL(url(EDIT));
    expect(describeViolations(await runAxe(olena))).toEqual([]);
    await screenshot(olena, 'admin-edit-uk');
    await olena.screenshot({ path: path.join(ARTIFACTS_DIR, 'screenshots', 'admin-edit-uk-top.png') });

    // Edit the first section and save it.
    const body = olena.locator('#body-about');
    const before = await body.inputValue();
    expect(before).toContain(OLD_SENTENCE);
    await body.fill(before.replace(OLD_SENTENCE, NEW_SENTENCE));
    await olena
      .locator('#s-about')
      .getByRole('button', { name: L('uk', 'admin.edit.save') })
      .click();
    await olena.waitForURL(/saved=about/);
    // The confirmation is at the section, where the page opens, and announced.
    expect(await olena.locator('#s-about [role="status"]').first().innerText()).toBe(L('uk', 'admin.edit.sectionSaved'));
    expect(await olena.locator('#body-about').inputValue()).toContain(NEW_SENTENCE);
    expect(await olena.locator('#s-about').isVisible()).toBe(true);
    const box = await olena.locator('#s-about [role="status"]').first().boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= (olena.viewportSize()?.height ?? 0)).toBe(true);
    // A translator has no publish button.
    expect(await olena.locator(`a[href="${EDIT}/publish"]`).count()).toBe(0);

    await olena.getByRole('button', { name: 'Надіслати на перевірку' }).click();
    await olena.waitForURL(/done=review/);
    expect(await olena.locator('.workflow').innerText()).toContain('На перевірці');

    // Readers still see the published text.
    const early = await (await fetch(url(`/booklets/${SLUG}/uk`))).text();
    expect(early).toContain(OLD_SENTENCE);
    expect(early).not.toContain(NEW_SENTENCE);

    // The editor signs in with a key made by the CLI and publishes.
    const editorKey = createKey(server.dataDir, 'editor');
    const editor = await person('en');
    await editor.goto(url('/admin/login'));
    await editor.getByLabel('API key', { exact: true }).fill(editorKey);
    await editor.locator('form:has(input[name="key"])').getByRole('button', { name: 'Sign in' }).click();
    await editor.waitForURL(url('/admin'));
    await editor.goto(url(EDIT));
    expect(await editor.locator('.workflow').innerText()).toContain('In review');
    // Publishing goes through a page that shows, word by word, what readers will see differently.
    await editor.locator(`a[href="${EDIT}/publish"]`).click();
    await editor.waitForURL(url(`${EDIT}/publish`));
    expect(describeViolations(await runAxe(editor))).toEqual([]);
    await screenshot(editor, 'admin-publish-confirm');
    expect(await mainText(editor)).toContain('1 section will read differently from what readers see now');
    expect(normalizeSpace(await editor.locator('#c-about ins').first().innerText())).toBe('в будь-який час, безкоштовно');
    expect(await editor.locator('.confirm-section').count()).toBe(1);
    const preview = await (await editor.request.get(url(`${EDIT}/preview`))).text();
    await editor.getByRole('button', { name: 'Publish now' }).click();
    await editor.waitForURL(/done=publish/);
    expect(await editor.getByRole('status').innerText()).toBe('Published: readers now see this text.');
    // Readers see exactly the previewed text.
    const published = await (await fetch(url(`/booklets/${SLUG}/uk`))).text();
    // The sections, from the table of contents to the end of the booklet (the page around them differs).
    const sectionsText = (html: string): string =>
      normalizeSpace(html.slice(html.indexOf('<nav class="toc"'), html.lastIndexOf('</article>')).replace(/<[^>]+>/g, ' '));
    expect(sectionsText(preview)).toContain(NEW_SENTENCE);
    expect(sectionsText(published)).toBe(sectionsText(preview));

    // A reader (no cookies) sees the new text on the page and in a freshly made PDF.
    const reader = await person('uk');
    const response = await reader.goto(url(`/booklets/${SLUG}/uk`));
    expect(response?.headers()['set-cookie']).toBeUndefined();
    expect(await reader.locator('main').innerText()).toContain(NEW_SENTENCE);
    const pdf = await fetch(url(`/booklets/${SLUG}/uk.pdf`));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = normalizeSpace(documentText(await extractPdf(Buffer.from(await pdf.arrayBuffer()))));
    expect(text).toContain(normalizeSpace(NEW_SENTENCE));
    expect(text).not.toContain(OLD_SENTENCE);

    // The old text is in the history.
    await olena.goto(url(`${EDIT}/history`));
    expect(await olena.content()).toContain(OLD_SENTENCE);
    const history = await olena.locator('main').innerText();
    expect(history).toContain('olena');
    expect(history).not.toContain('user:olena');
    expect(history).toContain('1. Про цю брошуру');
  });

  it('a form posted without its CSRF token is refused and changes nothing', async () => {
    const olena = await person('en');
    await olena.goto(url('/admin/login'));
    await olena.getByLabel('User name', { exact: true }).fill('olena');
    await olena.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await olena.locator('form:has(input[name="username"])').getByRole('button', { name: 'Sign in' }).click();
    await olena.waitForURL(url('/admin'));
    await olena.goto(url(EDIT));
    const saved = await olena.locator('#body-about').inputValue();
    // A forged form: the same fields, without the token (removed before sending).
    await olena.locator('form.sections input[name="csrf"]').evaluate((input) => (input as { remove(): void }).remove());
    await olena.locator('#body-about').fill('Підроблений текст, якого не має бути.');
    const [answer] = await Promise.all([
      olena.waitForResponse((r) => r.request().method() === 'POST'),
      olena.locator('#s-about').getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(answer.status()).toBe(403);
    expect(await olena.locator('h1').innerText()).toBe('The form was refused');
    // What she typed is on the page, to copy.
    expect(await olena.locator('textarea[readonly]').first().inputValue()).toBe('Підроблений текст, якого не має бути.');
    await olena.goto(url(EDIT));
    expect(await olena.locator('#body-about').inputValue()).toBe(saved);
  });

  it('after a source edit the translation is marked outdated, with what changed in the source', async () => {
    const editor = await person('en');
    await editor.goto(url('/admin/login'));
    await editor.getByLabel('API key', { exact: true }).fill(createKey(server.dataDir, 'editor'));
    await editor.locator('form:has(input[name="key"])').getByRole('button', { name: 'Sign in' }).click();
    await editor.waitForURL(url('/admin'));
    await editor.goto(url(`/admin/booklets/${SLUG}/en`));
    const source = editor.locator('#body-about');
    const text = await source.inputValue();
    expect(text).toContain('You have the right to ask for it.');
    await source.fill(text.replace('You have the right to ask for it.', 'You have the right to ask for it at any time.'));
    await editor.locator('#s-about').getByRole('button', { name: 'Save changes' }).click();
    await editor.waitForURL(/saved=about/);

    await editor.goto(url(EDIT));
    const section = editor.locator('#s-about');
    expect(await section.getAttribute('class')).toContain('state-outdated');
    expect(normalizeSpace(await section.locator('.diff .text ins').first().innerText())).toBe('at any time');
    expect(await section.locator('.diff .text del').count()).toBe(0);
    expect(describeViolations(await runAxe(editor))).toEqual([]);
    await section.screenshot({ path: path.join(ARTIFACTS_DIR, 'screenshots', 'admin-edit-outdated-section.png') });
  });

  it('a translator changes two sections and saves one: both are saved, each says so at its place', async () => {
    const page = await signedIn('translator', 'en', ['ru']);
    const ru = `/admin/booklets/${SLUG}/ru`;
    await page.goto(url(ru));
    await page.locator('#title-fees').fill('Плата за информацию');
    await page
      .locator('#body-time-limits')
      .fill(`${await page.locator('#body-time-limits').inputValue()}\n\nСроки считаются в рабочих днях.`);
    await page.locator('#s-fees').getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=/);
    expect(new URL(page.url()).hash).toBe('#s-fees');
    expect(await page.locator('#title-fees').inputValue()).toBe('Плата за информацию');
    expect(await page.locator('#body-time-limits').inputValue()).toContain('Сроки считаются в рабочих днях.');
    const here = await page.locator('#s-fees [role="status"]').first().innerText();
    expect(here).toContain('Saved 2 sections:');
    expect(here).toContain('5. Сколько нужно ждать');
    expect(await page.locator('#s-time-limits [role="status"]').first().innerText()).toBe('Saved.');
    expect(describeViolations(await runAxe(page))).toEqual([]);
  });

  it('two tabs editing two different sections both save; the same section in two tabs is a 409 that shows both texts', async () => {
    const person1 = await signedIn('translator', 'en', ['az']);
    const az = `/admin/booklets/${SLUG}/az`;
    const first = person1;
    const second = await person1.context().newPage();
    await first.goto(url(az));
    await second.goto(url(az));
    await first.locator('#body-fees').fill('Birinci tabdan mətn.');
    await second.locator('#body-contacts').fill(`${await second.locator('#body-contacts').inputValue()}\n\nİkinci tabdan əlavə.`);
    await first.locator('#s-fees').getByRole('button', { name: 'Save changes' }).click();
    await first.waitForURL(/saved=fees/);
    await second.locator('#s-contacts').getByRole('button', { name: 'Save changes' }).click();
    await second.waitForURL(/saved=contacts/);
    expect(await second.locator('#body-fees').inputValue()).toBe('Birinci tabdan mətn.');
    expect(await second.locator('#body-contacts').inputValue()).toContain('İkinci tabdan əlavə.');

    // Now both change the same section.
    await first.goto(url(az));
    await second.goto(url(az));
    await first.locator('#body-fees').fill('Birinci tabın yeni mətni.');
    await second.locator('#body-fees').fill('İkinci tabın mətni, itməməlidir.');
    await first.locator('#s-fees').getByRole('button', { name: 'Save changes' }).click();
    await first.waitForURL(/saved=fees/);
    const [answer] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.locator('#s-fees').getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    await second.waitForLoadState();
    expect(await second.locator('#body-fees').inputValue()).toBe('İkinci tabın mətni, itməməlidir.');
    const conflict = second.locator('#s-fees .conflict');
    expect(await conflict.getAttribute('role')).toBe('alert');
    // The saved version, read without the marked insertions of the typed text, is the other tab's.
    const savedVersion = await conflict.locator('.text').evaluate((el: { cloneNode(deep: boolean): unknown }) => {
      const copy = el.cloneNode(true) as { querySelectorAll(s: string): { remove(): void }[]; textContent: string | null };
      for (const ins of copy.querySelectorAll('ins')) ins.remove();
      return copy.textContent ?? '';
    });
    expect(normalizeSpace(savedVersion)).toContain('Birinci tabın yeni mətni.');
    expect(await conflict.locator('.text del').first().innerText()).toBe('Birinci');
    expect(describeViolations(await runAxe(second))).toEqual([]);
    await screenshot(second, 'admin-edit-conflict');
    // Saving again, having seen the other text, works.
    await second.locator('#s-fees').getByRole('button', { name: 'Save changes' }).click();
    await second.waitForURL(/saved=fees/);
    expect(await second.locator('#body-fees').inputValue()).toBe('İkinci tabın mətni, itməməlidir.');
  });

  it('withdrawing asks for a confirmation that says what readers lose; until confirmed readers keep the text', async () => {
    const editor = await signedIn('editor');
    const ru = `/admin/booklets/contact-the-ombudsman/ru`;
    await editor.goto(url(ru));
    await editor.locator(`a[href="${ru}/unpublish"]`).click();
    await editor.waitForURL(url(`${ru}/unpublish`));
    expect(describeViolations(await runAxe(editor))).toEqual([]);
    await screenshot(editor, 'admin-unpublish-confirm');
    const text = await mainText(editor);
    expect(text).toContain('/booklets/contact-the-ombudsman/ru');
    expect(text).toContain('The catalog keeps the booklet in:');
    expect((await fetch(url('/booklets/contact-the-ombudsman/ru'))).status).toBe(200);
    await editor.getByRole('link', { name: 'Cancel' }).click();
    await editor.waitForURL(url(ru));
    expect((await fetch(url('/booklets/contact-the-ombudsman/ru'))).status).toBe(200);
    await editor.goto(url(`${ru}/unpublish`));
    await editor.getByRole('button', { name: 'Withdraw now' }).click();
    await editor.waitForURL(/done=unpublish/);
    expect((await fetch(url('/booklets/contact-the-ombudsman/ru'))).status).toBe(404);
  });

  it.each(['ar', 'fa'])(
    'all of /admin in %s on a phone: no English interface text, no axe violations, no sideways scrolling',
    async (lang) => {
      const page = await signedIn('admin', lang, undefined, { width: 360, height: 740 });
      const english = englishAdminStrings();
      const target = `/admin/booklets/${SLUG}/${lang}`;
      // A conflict page, reached as a person would: the same section saved from two tabs.
      const other = await page.context().newPage();
      await page.goto(url(target));
      await other.goto(url(target));
      await other.locator('#title-fees').fill(`${await other.locator('#title-fees').inputValue()} ۱`);
      await other.locator('#s-fees button[name="save"]').click();
      await other.waitForURL(/saved=fees/);
      await page.locator('#title-fees').fill(`${await page.locator('#title-fees').inputValue()} ۲`);
      await page.locator('#s-fees button[name="save"]').click();
      await page.waitForLoadState();
      const pages: [string, () => Promise<unknown>][] = [
        ['conflict', async () => undefined],
        ['dashboard', () => page.goto(url('/admin'))],
        ['edit', () => page.goto(url(target))],
        ['edit (source)', () => page.goto(url(`/admin/booklets/${SLUG}/en`))],
        ['history', () => page.goto(url(`${target}/history`))],
        ['publish', () => page.goto(url(`${target}/publish`))],
        ['unpublish', () => page.goto(url(`/admin/booklets/${SLUG}/uk/unpublish`))],
        ['not found', () => page.goto(url('/admin/nothing-here'))],
      ];
      for (const [name, open] of pages) {
        await open();
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
        // Booklet content is marked with its own language: what is left is the interface.
        const text = await page.evaluate<string>(`(() => {
        const body = document.body.cloneNode(true);
        for (const el of body.querySelectorAll('[lang]')) if (el.getAttribute('lang') !== ${JSON.stringify(lang)}) el.remove();
        for (const el of body.querySelectorAll('textarea, input')) el.remove();
        return document.title + '\\n' + body.textContent;
      })()`);
        const found = english.filter((s) => text.includes(s));
        expect([name, found]).toEqual([name, []]);
        expect([name, describeViolations(await runAxe(page))]).toEqual([name, []]);
        expect([name, await scrollsSideways(page)]).toEqual([name, false]);
      }
      await screenshot(page, `admin-${lang}-not-found`);
    },
  );

  it.each(['fa', 'uk'])(
    'the previews of a %s draft are marked as drafts, on every PDF page, with no publication date and a way back',
    async (lang) => {
      const page = await signedIn('editor', 'en');
      const base = `/admin/booklets/${SLUG}/${lang}`;
      await page.goto(url(base));
      const typed = lang === 'fa' ? 'این جمله فقط در پیش‌نویس است.' : 'Це речення є лише в чернетці.';
      await page.locator('#body-fees').fill(`${await page.locator('#body-fees').inputValue()}\n\n${typed}`);
      await page.locator('#s-fees button[name="save"]').click();
      await page.waitForURL(/saved=fees/);
      await page.locator(`a[href="${base}/preview"]`).click();
      await page.waitForURL(url(`${base}/preview`));
      const mark = L(lang, 'draft.mark');
      const main = await mainText(page);
      expect(main).toContain(mark);
      expect(main).toContain(typed);
      expect(main).not.toContain(L(lang, 'booklet.published').split('{{')[0]?.trim() as string);
      expect(describeViolations(await runAxe(page))).toEqual([]);
      await screenshot(page, `admin-preview-${lang}`);
      // The PDF preview: the mark on every page, read back with pdf.js; no publication date.
      const pdf = await page.request.get(url(`${base}/preview.pdf`));
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const read = await extractPdf(Buffer.from(await pdf.body()));
      expect(read.pages.length).toBeGreaterThan(1);
      const markWords = normalizeSpace(mark).replace(/\u200c/g, '');
      for (const [i, p] of read.pages.entries())
        expect([
          i + 1,
          normalizeSpace(pageText(p))
            .replace(/\u200c/g, '')
            .includes(markWords),
        ]).toEqual([i + 1, true]);
      const text = documentText(read);
      expect(text.replace(/\u200c/g, '')).toContain(normalizeSpace(typed).replace(/\u200c/g, ''));
      expect(text).not.toContain(L(lang, 'pdf.published').split('{{')[0]?.trim() as string);
      // The way back is a plain link to the editor.
      await page.goto(url(`${base}/preview`));
      await page.getByRole('link', { name: L('en', 'draft.backToEditor') }).click();
      await page.waitForURL(url(base));
    },
  );

  it('leaving an edit page with unsent changes by a link asks first; staying keeps the text', async () => {
    const page = await signedIn('translator', 'en', ['fa']);
    const fa = `/admin/booklets/${SLUG}/fa`;
    await page.goto(url(fa));
    await page.locator('#body-fees').click();
    await page.locator('#body-fees').pressSequentially(' متن تازه');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.locator(`a[href="${fa}/history"]`).click({ noWaitAfter: true });
    await page.waitForTimeout(500);
    expect(asked).toEqual(['beforeunload']);
    expect(new URL(page.url()).pathname).toBe(fa);
    expect(await page.locator('#body-fees').inputValue()).toContain('متن تازه');
    // Saving is not leaving: no question.
    await page.locator('#s-fees button[name="save"]').click();
    await page.waitForURL(/saved=fees/);
    expect(asked).toEqual(['beforeunload']);
  });

  // Last: it uses up the sign-in attempts of this client.
  it('a wrong password is refused without saying whether the user exists; repeated failures are rate-limited', async () => {
    const page = await person('en');
    const attempt = async (username: string, password: string): Promise<{ status: number; message: string }> => {
      await page.goto(url('/admin/login'));
      await page.getByLabel('User name', { exact: true }).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(password);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.locator('form:has(input[name="username"])').getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.waitForLoadState();
      const message = (await page.locator('[role="alert"], main p').first().innerText()).trim();
      return { status: answer.status(), message };
    };
    const wrong = await attempt('olena', 'not her password at all');
    const unknown = await attempt('nobody-here', 'not her password at all');
    expect(wrong).toEqual({ status: 401, message: 'Wrong user name or password.' });
    expect(unknown).toEqual(wrong);
    for (let i = 0; i < 3; i++) expect((await attempt('olena', `guess ${i}`)).status).toBe(401);
    const limited = await attempt('olena', PASSWORD);
    expect(limited.status).toBe(429);
    expect(await page.locator('h1').innerText()).toBe('Too many attempts');
  });
});
