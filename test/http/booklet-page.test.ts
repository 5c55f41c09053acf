import path from 'node:path';
import request from 'supertest';
import { LANGUAGE_CODES } from '../factories/languages';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

/** A stand-in PDF of a known size: 245,300 bytes for Ukrainian, 1,250,000 for English. */
const sizedPdf = async (doc: { lang: string }): Promise<Buffer> => Buffer.alloc(doc.lang === 'uk' ? 245_300 : 1_250_000, 0x20);

const BASE_URL = 'https://booklets.example.org';
const files = smallBooklet();
files.fa = {
  title: 'حقوق شما',
  sections: [
    { id: 'intro', title: 'مقدمه', body: 'می‌توانید اطلاعات بخواهید.' },
    { id: 'how', title: 'چگونه درخواست کنید', body: 'کتبی درخواست کنید.' },
  ],
};
const { app } = createTestApp(makeBookletsDir({ rights: files }), { pdf: sizedPdf, baseUrl: BASE_URL });

describe('a booklet page', () => {
  it('shows the size of the PDF behind its Download link, in the page language', async () => {
    const uk = await request(app).get('/booklets/rights/uk');
    expect(uk.text).toMatch(
      /<a class="download" href="\/booklets\/rights\/uk\.[0-9a-f]{16}\.pdf" type="application\/pdf" download>Завантажити PDF \(245 кБ\)<\/a>/,
    );
    const en = await request(app).get('/booklets/rights/en');
    expect(en.text).toContain('>Download PDF (1.3 MB)</a>');
    const fa = await request(app).get('/booklets/rights/fa');
    // In Persian the unit is written out in Persian words (Intl's long form), not the Latin "MB".
    expect(fa.text).toContain('>دریافت فایل PDF (۱٫۳ مگابایت)</a>');
    // The size is the real one: the linked file has exactly that many bytes.
    const href = /class="download" href="([^"]+)"/.exec(uk.text)?.[1] as string;
    const pdf = await request(app).get(href);
    expect(pdf.headers['content-length']).toBe('245300');
  });

  it('offers its canonical address at BASE_URL to share, by copying or through the reader’s own apps', async () => {
    const res = await request(app).get('/booklets/rights/uk');
    const url = `${BASE_URL}/booklets/rights/uk`;
    expect(res.text).toContain(`<link rel="canonical" href="${url.replace(/=/g, '&#x3D;')}">`);
    const share = /<p class="share">([\s\S]*?)<\/p>/.exec(res.text)?.[1] ?? '';
    expect(share).toMatch(/^Поділитися: /);
    expect(share).toContain(`<br><a href="${url}" dir="ltr">${url}</a>`);
    const mailto = /<a href="(mailto:[^"]+)">Ел\. пошта<\/a>/.exec(share)?.[1] as string;
    expect(new URLSearchParams(mailto.replace(/&#x3D;/g, '=').slice('mailto:?'.length)).get('body')).toBe(url);
    const sms = /<a href="(sms:[^"]+)">SMS<\/a>/.exec(share)?.[1] as string;
    expect(new URLSearchParams(sms.replace(/&#x3D;/g, '=').slice('sms:?'.length)).get('body')).toBe(url);
    // No third-party service anywhere on the page.
    const external = [...res.text.matchAll(/(?:href|src)="(https?:[^"]+)"/g)].map((m) => m[1]);
    for (const link of external) expect(link?.startsWith(BASE_URL)).toBe(true);
  });

  it('has the landmarks, one h1 and a skip link as its first focusable element', async () => {
    const res = await request(app).get('/booklets/rights/fa');
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
    for (const landmark of ['<header class="site">', '<nav class="picker"', '<main id="main"', '<footer class="site">']) {
      expect(res.text).toContain(landmark);
    }
    const body = res.text.slice(res.text.indexOf('<body>'));
    const firstFocusable = /<(a|button|input|select|textarea)\b[^>]*>/.exec(body)?.[0];
    expect(firstFocusable).toBe('<a class="skip" href="#main">');
    expect(res.text).not.toMatch(/<script|<style|style=/i);
  });
});

describe('page weight', () => {
  const sample = createTestApp(path.join(__dirname, '../../booklets'), { pdf: sizedPdf, baseUrl: BASE_URL });
  const slugs = sample.deps.booklets.catalog().map((entry) => entry.slug);

  it('covers the sample booklets', () => {
    expect(slugs).toEqual(expect.arrayContaining(['right-to-information', 'contact-the-ombudsman']));
  });

  it.each(LANGUAGE_CODES)('the catalog in %s is at most 40 KB of HTML', async (lang) => {
    const res = await request(sample.app).get(`/?lang=${lang}`).set('Accept-Encoding', 'identity');
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(40 * 1024);
  });

  it('every sample booklet page in every language, and its print page, is at most 40 KB of HTML', async () => {
    let pages = 0;
    for (const slug of slugs) {
      for (const lang of sample.deps.booklets.languagesOf(slug).languages) {
        for (const url of [`/booklets/${slug}/${lang}`, `/booklets/${slug}/print?lang=${lang}`]) {
          const res = await request(sample.app).get(url).set('Accept-Encoding', 'identity');
          expect([url, res.status]).toEqual([url, 200]);
          expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(40 * 1024);
          pages++;
        }
      }
    }
    // Every sample booklet is in the six languages a new database starts with (the leaflet in more).
    expect(pages).toBeGreaterThanOrEqual(slugs.length * LANGUAGE_CODES.length * 2);
  });

  it('the one stylesheet is small and every page links the same cached file', async () => {
    const a = await request(sample.app).get('/booklets/right-to-information/ar');
    const b = await request(sample.app).get('/?lang=uk');
    const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(a.text)?.[1];
    expect(href).toBeDefined();
    expect(b.text).toContain(`<link rel="stylesheet" href="${href as string}">`);
    const css = await request(sample.app)
      .get(href as string)
      .set('Accept-Encoding', 'identity');
    expect(Buffer.byteLength(css.text)).toBeLessThanOrEqual(8 * 1024);
  });

  it('?lang= with a region (fa-IR, uk_UA) picks the language, like Accept-Language does', async () => {
    const catalog = await request(sample.app).get('/?lang=fa-IR');
    expect(catalog.text).toMatch(/<html lang="fa" dir="rtl"/);
    const redirect = await request(sample.app).get('/booklets/right-to-information?lang=uk_UA');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('/booklets/right-to-information/uk');
  });
});
