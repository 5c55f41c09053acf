import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { AppError } from '../../src/errors';
import { createErrorHandler, setErrorFormat } from '../../src/http/error-handler';
import { createTestApp } from '../helpers/app';

const fakePdf = async (): Promise<Buffer> => Buffer.from('%PDF-1.7 test');
const { app, deps } = createTestApp(path.join(__dirname, '../../booklets'), { pdf: fakePdf });

const DOWNLOAD_MESSAGE = 'download must be 1 (download=1 saves the booklet as one HTML file)';
const escape = (s: string): string => s.replace(/=/g, '&#x3D;');
const reasonOf = (html: string): RegExpExecArray | null => /<p class="reason"( lang="en" dir="ltr")?>([^<]*)<\/p>/.exec(html);

/** What every public HTML page keeps: one h1, the landmarks, and nothing inline for the strict CSP. */
function expectSoundPage(html: string): void {
  expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  for (const landmark of ['<header class="site">', '<nav class="picker"', '<main id="main"', '<footer class="site">']) {
    expect(html).toContain(landmark);
  }
  expect(html).not.toMatch(/<script|<style|style=/i);
  expect(Buffer.byteLength(html)).toBeLessThanOrEqual(40 * 1024);
}

describe('the HTML error page of a client error', () => {
  it('says exactly what was wrong, marked as English, below the localized text in Ukrainian', async () => {
    const res = await request(app).get('/booklets/right-to-information/uk.html?download=2').set('Accept-Encoding', 'identity');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    const t = deps.translator.t('uk');
    const generic = `<p>${t('error.badRequestText')}</p>`;
    expect(res.text).toContain(`<h1>${t('error.badRequestTitle')}</h1>`);
    expect(res.text).toContain(generic);
    const reason = `<p class="reason" lang="en" dir="ltr">${escape(DOWNLOAD_MESSAGE)}</p>`;
    expect(res.text).toContain(reason);
    expect(res.text.indexOf(reason)).toBeGreaterThan(res.text.indexOf(generic));
    expectSoundPage(res.text);
  });

  it('keeps the English reason left to right on a right-to-left page', async () => {
    const res = await request(app).get('/booklets/right-to-information/fa.html?download=yes');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    expect(res.text).toContain(`<p class="reason" lang="en" dir="ltr">${escape(DOWNLOAD_MESSAGE)}</p>`);
    expectSoundPage(res.text);
  });

  it('needs no language mark when the page itself is in English', async () => {
    const res = await request(app).get('/booklets/right-to-information/en.html?download=0');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html lang="en" dir="ltr">');
    expect(res.text).toContain(`<p class="reason">${escape(DOWNLOAD_MESSAGE)}</p>`);
    expectSoundPage(res.text);
  });

  it('names the missing language of a booklet on its 404 page', async () => {
    const res = await request(app).get('/booklets/right-to-information/de');
    expect(res.status).toBe(404);
    const reason = reasonOf(res.text);
    expect(reason?.[2]).toBeTruthy();
    expect(reason?.[2]).toBe(
      JSON.parse((await request(app).get('/booklets/right-to-information/de.pdf')).text).detail.replace(/"/g, '&quot;'),
    );
  });

  it('the print page still lists its localized problems, with no English repetition', async () => {
    const res = await request(app).get(
      '/booklets/right-to-information/print/pdf?lang=uk&language=uk&size=a3&layout=pages&profile=accessible',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('<ul class="problems">\n<li>Виберіть розмір паперу: A4, A5 або US Letter.');
    expect(res.text).not.toContain('class="reason"');
    expectSoundPage(res.text);
  });
});

/** What Chrome sends as Accept when a reader opens an address (a navigation). */
const CHROME_NAVIGATION =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

describe('a bad file address opened in a browser', () => {
  const fa = deps.translator.t('fa');

  it.each([
    ['/booklets/right-to-information/fa.docx', 404, 'error.notFoundTitle'],
    ['/booklets/right-to-information/fa.pdf?size=a3', 400, 'error.badRequestTitle'],
  ])('%s is a page in Persian, with the same status', async (url, status, title) => {
    const res = await request(app).get(url).set('Accept', CHROME_NAVIGATION).set('Accept-Language', 'en');
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    expect(res.text).toContain(`<h1>${fa(title)}</h1>`);
    expectSoundPage(res.text);
  });

  it('a language the service does not have is explained in the language the browser asks for', async () => {
    const res = await request(app)
      .get('/booklets/right-to-information/xx.pdf')
      .set('Accept', CHROME_NAVIGATION)
      .set('Accept-Language', 'uk');
    expect(res.status).toBe(404);
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
  });

  it.each([
    ['application/json', '/booklets/right-to-information/fa.docx', 404],
    ['application/problem+json', '/booklets/right-to-information/fa.pdf?size=a3', 400],
    ['*/*', '/booklets/right-to-information/fa.pdf?size=a3', 400],
    ['application/json, text/html;q=0.5', '/booklets/right-to-information/fa.docx', 404],
  ])('a client sending Accept: %s for %s keeps problem+json', async (accept, url, status) => {
    const res = await request(app).get(url).set('Accept', accept);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status });
  });

  it('a client sending no Accept header keeps problem+json', async () => {
    const res = await request(app).get('/booklets/right-to-information/fa.docx').unset('Accept');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('the HTML error page never shows internal details', () => {
  const probe = express();
  probe.use((req, res, next) => {
    setErrorFormat(res, 'html', 'uk');
    next();
  });
  probe.get('/crash', () => {
    throw new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/booklets/booklets.db');
  });
  probe.get('/unavailable', () => {
    throw new AppError('busy', 'The render pool at worker 3 is stuck on job 77.');
  });
  probe.get('/library-400', () => {
    throw Object.assign(new Error('parser state 0x2f at offset 91'), { status: 400, expose: false });
  });
  probe.get('/markup', () => {
    throw new AppError('bad-request', 'name must not be <b>bold</b> & "quoted"');
  });
  probe.use(createErrorHandler({ html: deps.html, translator: deps.translator, languages: deps.languages }));

  it.each([
    ['/crash', 500, 'SQLITE_CORRUPT'],
    ['/unavailable', 503, 'render pool'],
    ['/library-400', 400, 'parser state'],
  ])('%s answers %i without its message', async (url, status, secret) => {
    const res = await request(probe).get(url);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toContain(secret);
    if (status >= 500) expect(res.text).not.toContain('class="reason"');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('a client error reason is escaped, so it cannot add markup', async () => {
    const res = await request(probe).get('/markup');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<b>');
    expect(reasonOf(res.text)?.[2]).toBe('name must not be &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
  });
});
