import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page, Response } from 'playwright-core';
import { documentText, extractPdf } from '../helpers/pdf';
import { AxeViolation, launchBrowser, ROOT, runAxe, RunningServer, screenshot, scrollsSideways, startServer } from './support';

/**
 * The parts of the browser's window these tests read (the project compiles without the DOM library).
 * Callbacks passed to evaluate run in the page, so each reaches the window through globalThis.
 */
interface Win {
  getComputedStyle(el: unknown): { direction: string; outlineStyle: string; outlineWidth: string };
  document: {
    activeElement: { className: string; getAttribute(name: string): string | null } | null;
    documentElement: { style: { fontSize: string } };
  };
}

const PHONE = { width: 360, height: 740 };
const UK_TITLE = 'Ваше право на доступ до інформації';
const AZ_TITLE = 'İnformasiya əldə etmək hüququnuz';
const LEAFLET = '/booklets/contact-the-ombudsman';

/**
 * The languages the sample catalog adds (booklets/languages.json), with their direction; the
 * leaflet is in each of them. Dari, Pashto and Sorani are written in the Arabic script.
 */
const ADDED = [
  ['prs', 'rtl'],
  ['ps', 'rtl'],
  ['ckb', 'rtl'],
  ['tr', 'ltr'],
  ['ka', 'ltr'],
] as const;
const ADDED_PAGES = ADDED.map(([lang]) => [lang, `${LEAFLET}/${lang}`] as const);
/** A reader string of a language, from its locale file (locales/<lang>/common.json). */
function readerString(lang: string, key: string): string {
  const tree = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, 'common.json'), 'utf8')) as Record<string, unknown>;
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
}

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

/** A fresh visitor (no cookies, no cache) whose browser asks for `lang`. */
async function visitor(lang: string, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'Accept-Language': lang }, acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
}

const url = (path: string): string => `${server.baseUrl}${path}`;

/**
 * Follows a link or form to a PDF and returns its bytes. Headless chromium may download the file
 * (links with `download`) or open it in its viewer (a form's navigation): both are accepted.
 */
async function pdfFrom(
  page: Page,
  act: () => Promise<void>,
): Promise<{ bytes: Buffer; response: Response | undefined; download: Download | undefined }> {
  let seen: Response | undefined;
  let onPdf: (r: Response) => void = () => undefined;
  const shown = new Promise<{ r: Response }>((resolve) => {
    onPdf = (r: Response): void => {
      if (r.headers()['content-type'] !== 'application/pdf') return;
      seen = r;
      resolve({ r });
    };
  });
  page.on('response', onPdf);
  const downloaded = page.waitForEvent('download', { timeout: 60_000 }).then((d) => ({ d }));
  try {
    await act();
    const first = await Promise.race([downloaded, shown]);
    if ('d' in first) return { bytes: fs.readFileSync(await first.d.path()), response: seen, download: first.d };
    // The viewer's page stands in for the body: fetch the same address in the same browser context.
    const again = await page.context().request.get(first.r.url());
    return { bytes: await again.body(), response: first.r, download: undefined };
  } finally {
    page.off('response', onPdf);
    downloaded.catch(() => undefined);
  }
}

function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('a Ukrainian reader on a phone', () => {
  it('finds the right-to-information booklet in Ukrainian, opens it and downloads a Ukrainian PDF, never scrolling sideways', async () => {
    const page = await visitor('uk-UA,uk;q=0.9');
    await page.goto(url('/'));
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'catalog-uk-360');

    await page.getByRole('link', { name: UK_TITLE }).click();
    await page.waitForURL(url('/booklets/right-to-information/uk'));
    expect(await page.locator('h1').textContent()).toBe(UK_TITLE);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'booklet-uk-360');

    const link = page.getByRole('link', { name: /^Завантажити PDF \((\d+) кБ\)$/ });
    const shown = Number(/\((\d+) кБ\)/.exec((await link.textContent()) ?? '')?.[1]);
    const { bytes, download } = await pdfFrom(page, () => link.click());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The size on the link is the size of the file the reader gets.
    expect(Math.round(bytes.length / 1000)).toBe(shown);
    expect(download?.suggestedFilename()).toMatch(/\.pdf$/);
    const text = documentText(await extractPdf(bytes));
    expect(text).toContain(UK_TITLE);
    expect(text).toMatch(/[іїєґ]/);
    expect(text).not.toContain('Your right of access to information');
  });

  it('reaches the skip link first, and sees where the focus is', async () => {
    const page = await visitor('uk');
    await page.goto(url('/booklets/right-to-information/uk'));
    // Out of sight until focused, even with text at 200%.
    for (const size of ['100%', '200%']) {
      await page.evaluate((s) => {
        (globalThis as unknown as Win).document.documentElement.style.fontSize = s;
      }, size);
      const hidden = await page.locator('a.skip').boundingBox();
      expect([size, hidden && hidden.y + hidden.height <= 0]).toEqual([size, true]);
    }
    await page.evaluate(() => {
      (globalThis as unknown as Win).document.documentElement.style.fontSize = '';
    });
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = (globalThis as unknown as Win).document.activeElement;
      const style = el ? (globalThis as unknown as Win).getComputedStyle(el) : undefined;
      return { className: el?.className, href: el?.getAttribute('href'), outline: style?.outlineStyle, width: style?.outlineWidth };
    });
    expect(focused).toEqual({ className: 'skip', href: '#main', outline: 'solid', width: '3px' });
    const box = await page.locator('a.skip').boundingBox();
    expect(box && box.y >= 0 && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
  });
});

describe('right-to-left pages', () => {
  /** Where the first entry of the language picker sits, and the picker as a whole. */
  async function picker(page: Page): Promise<{ first: { left: number; right: number }; nav: { left: number; right: number } }> {
    const first = await page.locator('nav.picker li').first().boundingBox();
    const nav = await page.locator('nav.picker ul').boundingBox();
    if (!first || !nav) throw new Error('no language picker on the page');
    return { first: { left: first.x, right: first.x + first.width }, nav: { left: nav.x, right: nav.x + nav.width } };
  }

  it.each<[string, string]>([
    ['ar', 'right-to-information'],
    ['fa', 'right-to-information'],
    ...ADDED.filter(([, dir]) => dir === 'rtl').map(([lang]): [string, string] => [lang, 'contact-the-ombudsman']),
  ])('the %s page of %s is right to left, with the language picker mirrored', async (lang, slug) => {
    const page = await visitor(lang);
    await page.goto(url(`/booklets/${slug}/${lang}`));
    for (const selector of ['html', 'body']) {
      expect(await page.locator(selector).evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).direction)).toBe('rtl');
    }
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, `${slug === 'right-to-information' ? 'booklet' : 'leaflet'}-${lang}-360`);

    const ltrPage = await visitor('uk');
    await ltrPage.goto(url(`/booklets/${slug}/uk`));
    expect(await ltrPage.locator('html').evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).direction)).toBe('ltr');

    // On a phone the picker starts on the start side: the left for Ukrainian, the right for
    // right-to-left languages, at the same distance from the edge.
    const ltr = await picker(ltrPage);
    const rtl = await picker(page);
    expect(ltr.first.right).toBeLessThan(PHONE.width / 2);
    expect(rtl.first.left).toBeGreaterThan(PHONE.width / 2);
    expect(Math.abs(PHONE.width - rtl.first.right - ltr.first.left)).toBeLessThanOrEqual(2);

    // On a wide screen too: the site name at the start edge of the header, and the languages in
    // reading order, right to left.
    const wide = { width: 1280, height: 800 };
    await page.setViewportSize(wide);
    await ltrPage.setViewportSize(wide);
    const startGap = async (p: Page, dir: 'ltr' | 'rtl'): Promise<number> => {
      const header = await p.locator('header.site').boundingBox();
      const home = await p.locator('header.site .home').boundingBox();
      if (!header || !home) throw new Error('no site header');
      return dir === 'ltr' ? home.x - header.x : header.x + header.width - (home.x + home.width);
    };
    expect(await startGap(page, 'rtl')).toBeCloseTo(await startGap(ltrPage, 'ltr'), 0);
    const order = async (p: Page): Promise<number> => {
      const first = await p.locator('nav.picker li').first().boundingBox();
      const last = await p.locator('nav.picker li').last().boundingBox();
      if (!first || !last) throw new Error('no language picker');
      return Math.sign(last.x - first.x);
    };
    expect(await order(ltrPage)).toBe(1);
    expect(await order(page)).toBe(-1);
  });
});

describe('accessibility (axe-core, WCAG 2.0/2.1/2.2 A and AA)', () => {
  it.each<[string, string, string]>([
    ['the catalog', 'uk', '/'],
    ['a Ukrainian booklet page', 'uk', '/booklets/right-to-information/uk'],
    ['an Arabic booklet page', 'ar', '/booklets/right-to-information/ar'],
    ['a Persian booklet page', 'fa', '/booklets/contact-the-ombudsman/fa'],
    ['the print page', 'uk', '/booklets/right-to-information/print'],
    ['the print page in Arabic', 'ar', '/booklets/right-to-information/print'],
    ['an error page', 'ru', '/booklets/right-to-information/print/pdf?lang=ru&language=uk&layout=booklet&size=a3&profile=bogus'],
    ...ADDED_PAGES.map(([lang, page]): [string, string, string] => [`the leaflet in ${lang}`, lang, page]),
    ['the catalog in Dari', 'prs', '/'],
    ['the print page in Georgian', 'ka', `${LEAFLET}/print`],
    ['an error page in Sorani', 'ckb', '/booklets/no-such-booklet'],
  ])('%s has no violations', async (_name, lang, address) => {
    const page = await visitor(lang);
    await page.goto(url(address));
    expect(describeViolations(await runAxe(page))).toEqual([]);
  });
});

/** Every link and button of the page, and the label of every radio button, with its box at the current viewport. */
async function tapTargets(page: Page): Promise<{ target: string; width: number; height: number }[]> {
  return page.evaluate(() => {
    interface El {
      tagName: string;
      id: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      getBoundingClientRect(): { width: number; height: number };
    }
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El>; querySelector(s: string): El | null } })
      .document;
    const targets = [...doc.querySelectorAll('a[href], button, select, summary, input:not([type=hidden])')].map((el) =>
      el.getAttribute('type') === 'radio' ? (doc.querySelector(`label[for="${el.id}"]`) ?? el) : el,
    );
    return targets.map((el) => {
      const box = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()} ${el.getAttribute('href') ?? ''} ${(el.textContent ?? '').trim().slice(0, 40)}`;
      return { target: name, width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 };
    });
  });
}

describe('tapping on a 360 px phone (WCAG 2.5.5: targets of at least 44 × 44 CSS px)', () => {
  it.each<[string, string]>([
    ['uk', '/booklets/right-to-information/uk'],
    ['fa', '/booklets/right-to-information/fa'],
    ['uk', '/'],
    ['fa', '/'],
    ['fa', '/booklets/right-to-information/print'],
    ['fa', '/booklets/contact-the-ombudsman/fa'],
  ])('in %s, every link and button of %s is at least 44 × 44', async (lang, address) => {
    const page = await visitor(lang);
    await page.goto(url(address));
    const targets = await tapTargets(page);
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((t) => t.width < 44 || t.height < 44)).toEqual([]);
  });

  it('a bad file address opened in the browser is an error page in Persian, whose links are at least 44 × 44', async () => {
    const page = await visitor('en');
    for (const address of ['/booklets/right-to-information/fa.docx', '/booklets/right-to-information/fa.pdf?size=a3']) {
      const response = await page.goto(url(address));
      expect([address, response?.status()]).toEqual([address, address.endsWith('docx') ? 404 : 400]);
      expect(await page.getAttribute('html', 'lang')).toBe('fa');
      expect(await page.locator('h1').textContent()).toBe(
        readerString('fa', address.endsWith('docx') ? 'error.notFoundTitle' : 'error.badRequestTitle'),
      );
      expect((await tapTargets(page)).filter((t) => t.width < 44 || t.height < 44)).toEqual([]);
    }
  });

  it('from any section, the reader gets back to the contents with one tap', async () => {
    const page = await visitor('fa');
    await page.goto(url('/booklets/right-to-information/fa'));
    const back = page
      .locator('section')
      .last()
      .getByRole('link', { name: readerString('fa', 'booklet.toContents') });
    await back.scrollIntoViewIfNeeded();
    await back.click();
    expect(page.url()).toBe(url('/booklets/right-to-information/fa#toc'));
    const toc = await page.locator('#toc-title').boundingBox();
    expect(toc && toc.y >= 0 && toc.y < PHONE.height).toBe(true);
    expect(await page.locator('section').count()).toBe(
      await page.getByRole('link', { name: readerString('fa', 'booklet.toContents') }).count(),
    );
  });
});

describe('the print page', () => {
  it('gets a bilingual Ukrainian and Azerbaijani A5 edition as a PDF, with no script', async () => {
    const page = await visitor('uk');
    const scripts: string[] = [];
    page.on('request', (r) => {
      // The browser's own PDF viewer runs scripts; the service's pages must not load any.
      if (r.resourceType() === 'script' && r.url().startsWith(server.baseUrl)) scripts.push(r.url());
    });
    await page.goto(url('/booklets/right-to-information/uk'));
    await page.getByRole('link', { name: 'Параметри друку' }).click();
    await page.waitForURL(url('/booklets/right-to-information/print?lang=uk'));
    expect(await page.locator('h1').textContent()).toBe('Надрукувати цю брошуру');
    expect(await scrollsSideways(page)).toBe(false);

    await page.getByRole('combobox', { name: 'Мова', exact: true }).selectOption('uk');
    await page.getByRole('combobox', { name: /^Друга мова/ }).selectOption('az');
    await page.getByLabel('A5 (148 × 210 мм)').check();
    await screenshot(page, 'print-uk-360');
    const { bytes, response } = await pdfFrom(page, () => page.getByRole('button', { name: 'Отримати PDF' }).click());

    expect(response?.url()).toBe(url('/booklets/right-to-information/uk.pdf?size=a5&with=az'));
    expect(response?.headers()['content-type']).toBe('application/pdf');
    const pdf = await extractPdf(bytes);
    const text = documentText(pdf);
    expect(text).toContain(UK_TITLE);
    expect(text).toContain(AZ_TITLE);
    // A5 portrait pages: 148 × 210 mm.
    expect(Math.round(pdf.pages[0]?.width ?? 0)).toBe(420);
    expect(Math.round(pdf.pages[0]?.height ?? 0)).toBe(595);
    expect(scripts).toEqual([]);
  });

  it('explains an impossible choice in the interface language and leads back to the form with the choices kept', async () => {
    const page = await visitor('uk');
    await page.goto(url('/booklets/right-to-information/print'));
    // The one choice the form cannot rule out by itself: the same language twice.
    await page.locator('#print-language').selectOption('uk');
    await page.locator('#print-with').selectOption('uk');
    await page.getByLabel(/^A5/).check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/print/pdf')),
      page.getByRole('button', { name: 'Отримати PDF' }).click(),
    ]);
    expect(response.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('Ці параметри друку не можна використати');
    expect(await page.locator('ul.problems').textContent()).toContain('Друга мова має бути іншою мовою цієї брошури');
    await page.getByRole('link', { name: 'Повернутися до параметрів друку' }).click();
    expect(await page.locator('#print-with').inputValue()).toBe('uk');
    expect(await page.getByLabel(/^A5/).isChecked()).toBe(true);
  });
});

describe('text resized to 200% and narrow screens', () => {
  const pages = [
    ['uk', '/'],
    ['uk', '/booklets/right-to-information/uk'],
    ['ar', '/booklets/right-to-information/ar'],
    ['fa', '/booklets/contact-the-ombudsman/fa'],
    ['az', '/booklets/right-to-information/print'],
    ...ADDED_PAGES,
  ] as const;

  it.each(pages)('%s %s: at 200%% text size on a 360 px screen, nothing scrolls sideways', async (lang, path) => {
    const page = await visitor(lang);
    await page.goto(url(path));
    // What a browser's text-size setting does: the root font size doubles (set through the CSSOM,
    // which the page's Content-Security-Policy allows).
    await page.evaluate(() => {
      (globalThis as unknown as Win).document.documentElement.style.fontSize = '200%';
    });
    expect(await scrollsSideways(page)).toBe(false);
    if (path === '/booklets/right-to-information/ar') await screenshot(page, 'booklet-ar-360-text-200');
  });

  it.each(pages)('%s %s: at 320 px wide (400%% zoom of a 1280 px screen), nothing scrolls sideways', async (lang, path) => {
    const page = await visitor(lang, { width: 320, height: 640 });
    await page.goto(url(path));
    expect(await scrollsSideways(page)).toBe(false);
  });
});

describe('screenshots of the key pages', () => {
  it('saves the Persian page, the Arabic catalog and the print page in Persian', async () => {
    const fa = await visitor('fa');
    await fa.goto(url('/booklets/right-to-information/fa'));
    expect(await screenshot(fa, 'booklet-fa-360')).toMatch(/booklet-fa-360\.png$/);
    await fa.goto(url('/'));
    await screenshot(fa, 'catalog-fa-360');
    await fa.goto(url('/booklets/right-to-information/print'));
    await screenshot(fa, 'print-fa-360');
    const wide = await visitor('ar', { width: 1280, height: 800 });
    await wide.goto(url('/booklets/right-to-information/ar'));
    await screenshot(wide, 'booklet-ar-1280');
    await wide.goto(url('/booklets/right-to-information/uk'));
    await screenshot(wide, 'booklet-uk-1280');
  });
});

describe('the languages the sample catalog adds', () => {
  it('are the languages of booklets/languages.json', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'booklets', 'languages.json'), 'utf8')) as { code: string }[];
    expect(file.map((l) => l.code).sort()).toEqual(ADDED.map(([lang]) => lang).sort());
  });

  it.each(ADDED)(
    'the leaflet in %s is in its language and direction (%s), with its own title, and does not scroll sideways on a 360 px phone',
    async (lang, dir) => {
      const page = await visitor(lang);
      const response = await page.goto(url(`${LEAFLET}/${lang}`));
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(dir);
      expect(await page.locator('body').evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).direction)).toBe(dir);
      expect((await page.locator('h1').textContent())?.trim()).not.toBe('');
      expect(await page.locator('h1').textContent()).not.toContain('How to contact the Ombudsman');
      expect(await scrollsSideways(page)).toBe(false);
      await screenshot(page, `leaflet-${lang}-360`);
    },
  );

  it.each([
    ['prs', 'prs'],
    ['fa-AF', 'prs'],
    ['fa-AF,fa;q=0.8,en;q=0.5', 'prs'],
    ['ps-AF', 'ps'],
    ['ps-AF,ps;q=0.9,prs;q=0.8', 'ps'],
  ])('a browser sending Accept-Language: %s reaches the %s page of the leaflet', async (accept, lang) => {
    const page = await visitor(accept);
    await page.goto(url(LEAFLET));
    await page.waitForURL(url(`${LEAFLET}/${lang}`));
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  });

  it('a browser sending Accept-Language: fa-AF gets the catalog in Dari, not in Persian', async () => {
    const page = await visitor('fa-AF');
    await page.goto(url('/'));
    expect(await page.getAttribute('html', 'lang')).toBe('prs');
    expect(await page.locator('h1').textContent()).toBe(readerString('prs', 'catalog.title'));
  });

  it.each([
    ['the catalog', '/?lang=prs', 200, 'catalog.title'],
    ['a booklet page', `${LEAFLET}?lang=prs`, 200, undefined],
    ['the print page', `${LEAFLET}/print?lang=prs`, 200, 'print.title'],
    ['an error page', '/booklets/no-such-booklet?lang=prs', 404, 'error.notFoundTitle'],
  ])('?lang=prs shows %s in Dari, right to left, to a browser that asks for English', async (_name, address, status, heading) => {
    const page = await visitor('en');
    const response = await page.goto(url(address));
    expect(response?.status()).toBe(status);
    expect(await page.getAttribute('html', 'lang')).toBe('prs');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    if (heading) expect((await page.locator('h1').textContent())?.trim()).toBe(readerString('prs', heading));
    else expect(page.url()).toBe(url(`${LEAFLET}/prs`));
  });
});
