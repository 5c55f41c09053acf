import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { documentText, extractPdf, normalizeSpace } from '../helpers/pdf';
import { ARTIFACTS_DIR, AxeViolation, createKey, launchBrowser, ROOT, runAxe, RunningServer, screenshot, startServer } from './support';

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
  execFileSync(process.execPath, [path.join('dist', 'src', 'cli', 'index.js'), 'users', 'create', '--name', 'olena', '--role', 'translator', '--lang', 'uk'], {
    cwd: ROOT, env: { ...process.env, DATABASE_PATH: server.databasePath }, input: `${PASSWORD}\n`, encoding: 'utf8',
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (p: string): string => `${server.baseUrl}${p}`;

async function person(lang = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  contexts.push(context);
  return context.newPage();
}

function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
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
    await olena.locator('#s-about').getByRole('button', { name: 'Зберегти розділ' }).click();
    await olena.waitForURL(/done=saved/);
    expect(await olena.getByRole('status').innerText()).toBe('Розділ збережено.');
    expect(await olena.locator('#body-about').inputValue()).toContain(NEW_SENTENCE);
    // A translator has no publish button.
    expect(await olena.getByRole('button', { name: 'Опублікувати' }).count()).toBe(0);

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
    await editor.getByRole('button', { name: 'Publish' }).click();
    await editor.waitForURL(/done=publish/);
    expect(await editor.getByRole('status').innerText()).toBe('Published: readers now see this text.');

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
    expect(await olena.locator('main').innerText()).toContain('user:olena');
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
    await olena.locator('#s-about input[name="csrf"]').evaluate((input) => (input as { remove(): void }).remove());
    await olena.locator('#body-about').fill('Підроблений текст, якого не має бути.');
    const [answer] = await Promise.all([
      olena.waitForResponse((r) => r.request().method() === 'POST'),
      olena.locator('#s-about').getByRole('button', { name: 'Save section' }).click(),
    ]);
    expect(answer.status()).toBe(403);
    expect(await olena.locator('h1').innerText()).toBe('The form was refused');
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
    await editor.locator('#s-about').getByRole('button', { name: 'Save section' }).click();
    await editor.waitForURL(/done=saved/);

    await editor.goto(url(EDIT));
    const section = editor.locator('#s-about');
    expect(await section.getAttribute('class')).toContain('state-outdated');
    expect(normalizeSpace(await section.locator('.diff .text ins').first().innerText())).toBe('at any time');
    expect(await section.locator('.diff .text del').count()).toBe(0);
    expect(describeViolations(await runAxe(editor))).toEqual([]);
    await section.screenshot({ path: path.join(ARTIFACTS_DIR, 'screenshots', 'admin-edit-outdated-section.png') });
  });

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
