import { brotliCompressSync } from 'node:zlib';
import path from 'node:path';
import request from 'supertest';
import { LANGUAGE_CODES } from '../factories/languages';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';
import { decodeEntities, references } from '../helpers/html-scan';

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
    const share = /<div class="share">([\s\S]*?)<\/div>/.exec(res.text)?.[1] ?? '';
    expect(share).toContain('<p id="share-title">Поділитися</p>');
    expect(share).toContain(`<p><a href="${url}" dir="ltr">${url}</a></p>`);
    const links = new Map([...share.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], decodeEntities(m[1] as string)]));
    const message = `Безоплатна брошура про ваші права: ${url}`;
    const query = (href: string | undefined): URLSearchParams => new URLSearchParams(href?.slice(href.indexOf('?') + 1));
    // The e-mail: the booklet's title as its subject, a sentence with the address as its body.
    expect(links.get('Ел. пошта')).toMatch(/^mailto:\?/);
    expect(query(links.get('Ел. пошта')).get('subject')).toBe('Ваші права');
    expect(query(links.get('Ел. пошта')).get('body')).toBe(message);
    expect(links.get('SMS')).toMatch(/^sms:\?/);
    expect(query(links.get('SMS')).get('body')).toBe(message);
    expect(links.get('WhatsApp')).toMatch(/^https:\/\/wa\.me\/\?/);
    expect(query(links.get('WhatsApp')).get('text')).toBe(message);
    expect(links.get('Telegram')).toMatch(/^https:\/\/t\.me\/share\/url\?/);
    expect(Object.fromEntries(query(links.get('Telegram')))).toEqual({ url, text: 'Ваші права' });
    expect(links.get('Viber')).toMatch(/^viber:\/\/forward\?/);
    expect(query(links.get('Viber')).get('text')).toBe(message);
    // Plain links: the messengers' pages open only when the reader taps, and learn nothing of where
    // from (the page's referrer policy).
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).toContain('<meta name="referrer" content="no-referrer">');
    // Nothing on the page is loaded from anywhere else: no script, no image, no frame, no stylesheet.
    expect(res.text).not.toMatch(/<(script|img|iframe|object|embed)\b/i);
    for (const ref of references(res.text).filter((r) => r.tag !== 'a')) {
      expect(ref.value.startsWith('/') || ref.value.startsWith(BASE_URL)).toBe(true);
    }
  });

  it('gives a pasted link a preview card: the Open Graph tags name the booklet in its language', async () => {
    const tags = async (lang: string): Promise<Map<string, string[]>> => {
      const res = await request(app).get(`/booklets/rights/${lang}`);
      const head = res.text.slice(0, res.text.indexOf('</head>'));
      const found = new Map<string, string[]>();
      for (const m of head.matchAll(/<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">/g)) {
        found.set(m[1] as string, [...(found.get(m[1] as string) ?? []), decodeEntities(m[2] as string)]);
      }
      return found;
    };
    const uk = await tags('uk');
    expect(uk.get('og:title')).toEqual(['Ваші права']);
    expect(uk.get('og:description')).toEqual(['A booklet made by a test']);
    expect(uk.get('og:type')).toEqual(['article']);
    expect(uk.get('og:url')).toEqual([`${BASE_URL}/booklets/rights/uk`]);
    expect(uk.get('og:site_name')).toEqual(['Інформаційні брошури']);
    expect(uk.get('og:locale')).toEqual(['uk_UA']);
    expect(uk.get('og:locale:alternate')?.sort()).toEqual(['en_US', 'fa_IR']);
    expect(uk.get('twitter:card')).toEqual(['summary']);
    const fa = await tags('fa');
    expect(fa.get('og:title')).toEqual(['حقوق شما']);
    expect(fa.get('og:site_name')).toEqual(['کتابچه‌های اطلاع‌رسانی']);
    expect(fa.get('og:url')).toEqual([`${BASE_URL}/booklets/rights/fa`]);
    expect(fa.get('og:locale')).toEqual(['fa_IR']);
    expect(fa.get('og:locale:alternate')?.sort()).toEqual(['en_US', 'uk_UA']);
  });

  it('has a link back to the contents right after every section heading', async () => {
    const res = await request(app).get('/booklets/rights/fa');
    const sections = [...res.text.matchAll(/<section id="[^"]+"[^>]*>[\s\S]*?<\/section>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(2);
    for (const section of sections) {
      expect(section).toMatch(/<\/h2>\n<a href="#toc">بازگشت به فهرست مطالب<\/a>\n/);
    }
    expect(res.text).toContain('<nav class="toc" id="toc" aria-labelledby="toc-title">');
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

  // A booklet page carries its share links (each a sentence with the address, percent-encoded), its
  // Open Graph tags and a link back to the contents per section: 2.6 KB more before compression, 0.4 KB
  // as brotli, which is what readers download.
  it('every sample booklet page in every language is at most 44 KB of HTML (10 KB as brotli), its print page at most 40 KB', async () => {
    let pages = 0;
    for (const slug of slugs) {
      for (const lang of sample.deps.booklets.languagesOf(slug).languages) {
        for (const [url, limit] of [
          [`/booklets/${slug}/${lang}`, 44 * 1024],
          [`/booklets/${slug}/print?lang=${lang}`, 40 * 1024],
        ] as const) {
          const res = await request(sample.app).get(url).set('Accept-Encoding', 'identity');
          expect([url, res.status]).toEqual([url, 200]);
          expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(limit);
          expect(brotliCompressSync(res.text).length).toBeLessThanOrEqual(10 * 1024);
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
