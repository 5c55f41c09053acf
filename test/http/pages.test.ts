import path from 'node:path';
import request from 'supertest';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const fakePdf = async (): Promise<Buffer> => Buffer.from('%PDF-1.7 test');
const files = smallBooklet();
files.ar = {
  title: 'حقوقك',
  sections: [
    { id: 'intro', title: 'مقدمة', body: 'اتصل بالرقم 916 (مجاناً).' },
    { id: 'how', title: 'كيف تطلب', body: '- شخصياً\n- كتابةً' },
  ],
};
const { app } = createTestApp(makeBookletsDir({ rights: files }), { pdf: fakePdf });

describe('public pages', () => {
  it('the catalog lists booklets in the visitor language with a native-name picker', async () => {
    const res = await request(app).get('/').set('Accept-Language', 'uk-UA,uk;q=0.9');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text).toContain('Інформаційні брошури');
    expect(res.text).toContain('href="/booklets/rights/uk"');
    expect(res.text).toContain('Ваші права');
    for (const name of ['English', 'Azərbaycanca', 'Українська', 'Русский', 'العربية', 'فارسی']) expect(res.text).toContain(name);
    expect(res.text).toMatch(/<a href="\/\?lang(=|&#x3D;)ar" lang="ar" hreflang="ar" dir="rtl">العربية<\/a>/);
    expect(res.text.indexOf('>English</a> — ')).toBeLessThan(res.text.indexOf('>Українська</a> — '));
  });

  it('?lang= chooses the catalog language', async () => {
    const res = await request(app).get('/?lang=ar').set('Accept-Language', 'uk');
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
  });

  it.each([
    ['uk-UA,uk;q=0.9,ru;q=0.8', 'uk'],
    ['ar-SA', 'ar'],
    ['de-DE,de;q=0.9', 'en'],
    ['*', 'en'],
    ['%%%', 'en'],
  ])('/booklets/:slug redirects Accept-Language %s to %s', async (header, lang) => {
    const res = await request(app).get('/booklets/rights').set('Accept-Language', header);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/booklets/rights/${lang}`);
    expect(res.headers.vary).toMatch(/Accept-Language/);
  });

  it('a ?lang= override wins over Accept-Language', async () => {
    const res = await request(app).get('/booklets/rights?lang=ar').set('Accept-Language', 'uk');
    expect(res.headers.location).toBe('/booklets/rights/ar');
  });

  it('the booklet page has lang, dir, the section titles and a link to the PDF', async () => {
    const res = await request(app).get('/booklets/rights/uk');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text).toMatch(/<section id="intro">\n<h2>Вступ<\/h2>/);
    expect(res.text).toMatch(/<section id="how">\n<h2>Як звернутися<\/h2>/);
    expect(res.text).toMatch(/href="\/booklets\/rights\/uk\.[0-9a-f]{16}\.pdf"/);
    expect(res.text).toContain('<strong>інформацію</strong>');
    expect(res.text).toContain('Переклад: Тестовий перекладач');
    expect(res.text).toContain('Зразок вмісту');
    expect(res.text).toContain('<main id="main"');
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
  });

  it('Arabic pages are right to left', async () => {
    const res = await request(app).get('/booklets/rights/ar');
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toContain('اتصل بالرقم 916 (مجاناً).');
  });

  it('answers If-None-Match with 304', async () => {
    const first = await request(app).get('/booklets/rights/en');
    const again = await request(app)
      .get('/booklets/rights/en')
      .set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
  });

  it('serves the PDF with its type, length and a readable file name', async () => {
    const res = await request(app).get('/booklets/rights/uk.pdf');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String('%PDF-1.7 test'.length));
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="rights-uk.pdf"; filename*=UTF-8''${encodeURIComponent('Ваші права.pdf')}`,
    );
  });

  it('the stylesheet is served under an immutable hashed URL', async () => {
    const page = await request(app).get('/booklets/rights/en');
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.text)?.[1] as string;
    const css = await request(app).get(href);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('healthz answers 200 JSON', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('bad input never gets a 500', () => {
  it.each([
    ['/booklets/nope/uk', 404, 'html'],
    ['/booklets/rights/zz', 404, 'html'],
    ['/booklets/rights/de.pdf', 404, 'html'],
    ['/booklets/rights/uk.docx', 404, 'html'],
    ['/booklets/nope', 404, 'html'],
    ['/booklets/rights/..', 400, 'any'],
    ['/booklets/..%2F..%2Fetc/uk', 400, 'any'],
    ['/booklets/rights%2Fuk/uk', 400, 'any'],
    ['/booklets/rights/uk%2F..', 400, 'any'],
    [`/booklets/${'a'.repeat(5000)}/uk`, 400, 'any'],
    [`/booklets/${'a'.repeat(5000)}`, 400, 'any'],
    ['/booklets/Rights!/uk', 400, 'any'],
    ['/booklets/rights/%E0%A4%A', 400, 'any'],
    ['/booklets/%ZZ', 400, 'any'],
    ['/no/such/page', 404, 'any'],
    ['/booklets/rights/uk.pdf.pdf', 400, 'any'],
  ])('%s -> %i', async (path, status, format) => {
    const res = await request(app).get(path).set('Accept', 'text/html');
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    if (format === 'html') expect(res.headers['content-type']).toMatch(/^text\/html/);
    if (format === 'json') expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a missing booklet page is a localized HTML page in the requested language', async () => {
    const res = await request(app).get('/booklets/nope/uk');
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text).toContain('Сторінку не знайдено');
  });

  it('a missing PDF is problem+json that says what was wrong', async () => {
    const res = await request(app).get('/booklets/rights/fa.pdf');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'The booklet "rights" is not available in Persian.',
    });
  });

  it('a malformed slug names the parameter', async () => {
    const res = await request(app).get(`/booklets/${'a'.repeat(5000)}/uk.pdf`);
    expect(JSON.parse(res.text)).toMatchObject({ status: 400, errors: [{ field: 'booklet name' }] });
  });
});

describe('the sample booklets as web pages', () => {
  const sample = createTestApp(path.join(__dirname, '../../booklets'), { pdf: fakePdf });
  const escape = (s: string): string =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#x27;')
      .replace(/`/g, '&#x60;')
      .replace(/=/g, '&#x3D;');

  it.each([
    ['en', 'ltr'],
    ['az', 'ltr'],
    ['uk', 'ltr'],
    ['ru', 'ltr'],
    ['ar', 'rtl'],
    ['fa', 'rtl'],
  ])('%s has lang, dir and every section title of that language', async (lang, dir) => {
    const res = await request(sample.app).get(`/booklets/right-to-information/${lang}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<html lang="${lang}" dir="${dir}">`);
    const content = sample.deps.booklets.read('right-to-information', lang);
    for (const section of content.sections) {
      expect(section.lang).toBe(lang);
      expect(res.text).toContain(`<section id="${section.id}">\n<h2>${escape(section.title)}</h2>`);
    }
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(44 * 1024); // the budget of a booklet page (test/http/booklet-page.test.ts)
  });
});
