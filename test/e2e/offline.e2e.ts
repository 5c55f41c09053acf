import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser, RunningServer, screenshot, startServer } from './support';

/** The parts of the browser's window these tests read (the project compiles without the DOM library). */
interface Win {
  getComputedStyle(el: unknown): { direction: string; fontFamily: string; margin: string; borderInlineStartWidth: string };
  document: { documentElement: unknown; body: unknown; querySelector(selector: string): unknown };
}

const SLUG = 'right-to-information';
let server: RunningServer;
let browser: Browser;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-offline-'));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe.each([
  { lang: 'uk', dir: 'ltr', title: 'Ваше право на доступ до інформації' },
  { lang: 'ar', dir: 'rtl', title: 'حقك في الحصول على المعلومات' },
])('the $lang offline copy, saved and opened from a file', ({ lang, dir, title }) => {
  it('loads nothing but itself, shows the text with its styles, in the right direction', async () => {
    const res = await fetch(`${server.baseUrl}/booklets/${SLUG}/${lang}.html?download=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const file = path.join(folder, `${SLUG}-${lang}.html`);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const fileUrl = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(fileUrl, { waitUntil: 'load' });
      await page.waitForTimeout(300);

      expect(requests).toEqual([fileUrl]);
      // The inline stylesheet was allowed by the file's own policy (a refused style is logged).
      expect(problems).toEqual([]);

      const h1 = page.locator('h1');
      await expect(h1.isVisible()).resolves.toBe(true);
      expect((await h1.textContent())?.trim()).toBe(title);
      const headings = page.locator('section h2');
      expect(await headings.count()).toBeGreaterThan(3);
      await expect(headings.first().isVisible()).resolves.toBe(true);

      const style = await page.evaluate(() => {
        const w = globalThis as unknown as Win;
        const root = w.getComputedStyle(w.document.documentElement);
        const body = w.getComputedStyle(w.document.body);
        const note = w.getComputedStyle(w.document.querySelector('.offline-note'));
        return { direction: root.direction, font: body.fontFamily, margin: body.margin, note: note.borderInlineStartWidth };
      });
      expect(style.direction).toBe(dir);
      // Styles from the inline stylesheet are in effect (not the browser's defaults).
      expect(style.font).toContain(dir === 'rtl' ? 'Vazirmatn' : 'Noto Sans');
      expect(style.margin).toBe('0px');
      expect(style.note).toBe('4px');

      // The links out are the marked online ones, to the service.
      const online = await page.locator('a.online').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      expect(online).toEqual([
        `${server.baseUrl}/booklets/${SLUG}/${lang}`,
        expect.stringMatching(new RegExp(`^${server.baseUrl}/booklets/${SLUG}/${lang}\\.[0-9a-f]{16}\\.pdf$`)),
      ]);
      await screenshot(page, `offline-copy-${lang}`);
    } finally {
      await context.close();
    }
  });
});
