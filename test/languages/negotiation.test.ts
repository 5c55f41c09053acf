import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';

const { app } = createTestApp(path.join(__dirname, '../../booklets'), { pdf: async () => Buffer.from('%PDF-1.7 test') });
const htmlTag = (html: string): string => /<html[^>]*>/.exec(html)?.[0] ?? '';

describe('languages added as data are negotiated like the first six', () => {
  it.each([
    ['prs', 'prs'],
    ['fa-AF', 'prs'],
    ['fa-af;q=0.9, en;q=0.5', 'prs'],
    ['ps-AF', 'ps'],
    ['ckb-IQ, ar;q=0.8', 'ckb'],
    ['ka-GE', 'ka'],
    ['fa-IR', 'fa'],
  ])('Accept-Language: %s reaches %s (catalog and booklet)', async (header, lang) => {
    expect(htmlTag((await request(app).get('/').set('Accept-Language', header)).text)).toMatch(new RegExp(`lang="${lang}"`));
    const go = await request(app).get('/booklets/contact-the-ombudsman').set('Accept-Language', header);
    expect(go.status).toBe(302);
    expect(go.headers.location).toBe(`/booklets/contact-the-ombudsman/${lang}`);
  });

  it("a booklet not published in the language a browser asks for is offered in that language's fallback (Persian for Dari)", async () => {
    const go = await request(app).get('/booklets/right-to-information').set('Accept-Language', 'prs, en;q=0.5');
    expect(go.headers.location).toBe('/booklets/right-to-information/fa');
    // Pashto falls back to Dari, then Persian; Georgian has no fallback of its own: the next range decides.
    expect((await request(app).get('/booklets/right-to-information').set('Accept-Language', 'ps')).headers.location).toBe(
      '/booklets/right-to-information/fa',
    );
    expect((await request(app).get('/booklets/right-to-information').set('Accept-Language', 'ka, ru;q=0.5')).headers.location).toBe(
      '/booklets/right-to-information/ru',
    );
    expect((await request(app).get('/booklets/right-to-information').set('Accept-Language', 'prs;q=0, fa')).headers.location).toBe(
      '/booklets/right-to-information/fa',
    );
  });

  it('?lang=prs works on every page: catalog, booklet redirect, print page, error page, sign-in page', async () => {
    const rtl = /<html lang="prs" dir="rtl">/;
    expect((await request(app).get('/?lang=prs')).text).toMatch(rtl);
    expect((await request(app).get('/?lang=fa_AF')).text).toMatch(rtl);
    expect((await request(app).get('/booklets/contact-the-ombudsman?lang=prs')).headers.location).toBe(
      '/booklets/contact-the-ombudsman/prs',
    );
    expect((await request(app).get('/booklets/contact-the-ombudsman/print?lang=prs')).text).toMatch(rtl);
    const missing = await request(app).get('/booklets/nope?lang=prs').set('Accept', 'text/html');
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(rtl);
    expect((await request(app).get('/admin/login?lang=prs')).text).toMatch(rtl);
  });

  it('the Dari page is in Dari, its interface filled from Persian where Dari has no string of its own', async () => {
    const page = await request(app).get('/booklets/contact-the-ombudsman/prs');
    expect(page.status).toBe(200);
    expect(htmlTag(page.text)).toBe('<html lang="prs" dir="rtl">');
    expect(page.text).toContain('کمیشنر حقوق بشر');
    expect(page.text).toMatch(/hreflang="ka"[^>]*>ქართული</);
  });
});
