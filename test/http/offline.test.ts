import crypto from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';
import { contentLinks, decodeEntities, references, sectionTexts, visibleText } from '../helpers/html-scan';
import { editionOf } from '../../src/rendering/service';

const BASE_URL = 'https://booklets.example.org';
const { app, deps } = createTestApp(path.join(__dirname, '../../booklets'), { baseUrl: BASE_URL });
const SLUG = 'right-to-information';

/** The exact text of the one <style> element, and how many there are. */
function styles(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string);
}

const sha256 = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('base64');

describe('offline copy: GET /booklets/:slug/:lang.html?download=1', () => {
  describe.each(['uk', 'ar', 'en', 'fa', 'az', 'ru'])('%s', (lang) => {
    let res: request.Response;
    beforeAll(async () => {
      res = await request(app).get(`/booklets/${SLUG}/${lang}.html?download=1`);
    });

    it('is one HTML file to save, named in the booklet language', () => {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const title = deps.booklets.read(SLUG, lang).meta.title;
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${SLUG}-${lang}.html"; filename*=UTF-8''${encodeURIComponent(`${title}.html`)}`,
      );
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('carries its styles inline and references nothing it would have to load', () => {
      const html = res.text;
      expect(styles(html)).toHaveLength(1);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<link\b[^>]*rel="?stylesheet/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source|form)\b/i);
      expect(html).not.toMatch(/\sstyle\s*=/i);
      expect(html).not.toMatch(/url\(/i);
      expect(references(html).filter((r) => r.attr !== 'href')).toEqual([]);
    });

    it('links out only to the marked online page and PDF, and to addresses written in the booklet', () => {
      const content = deps.booklets.read(SLUG, lang);
      const allowed = contentLinks(deps.render.layout(content));
      const hrefs = references(res.text);
      const online = hrefs.filter((r) => /\bclass="online"/.test(r.element));
      expect(online.map((r) => r.value).sort()).toEqual(
        [`${BASE_URL}/booklets/${SLUG}/${lang}`, `${BASE_URL}/booklets/${SLUG}/${lang}.${editionOf(content)}.pdf`].sort(),
      );
      for (const r of hrefs) {
        if (/\bclass="online"/.test(r.element)) continue;
        const ok = r.value.startsWith('#') || /^(mailto|tel):/.test(r.value) || allowed.has(r.value);
        if (!ok) throw new Error(`unexpected link ${r.element}`);
      }
      // The online links say so in the reader's language.
      const t = deps.translator.t(lang);
      expect(visibleText(res.text)).toContain(t('offline.page'));
      expect(visibleText(res.text)).toContain(t('offline.pdf'));
      expect(visibleText(res.text)).toContain(t('offline.note'));
    });

    it('contains the text of every section', () => {
      const text = visibleText(res.text);
      const expected = sectionTexts(deps.render.layout(deps.booklets.read(SLUG, lang)));
      expect(expected.length).toBeGreaterThan(10);
      for (const piece of expected) expect(text).toContain(piece);
    });

    it('has a Content-Security-Policy that allows exactly its own style and nothing else, in the header and in the file', () => {
      const [style] = styles(res.text);
      const expected = `default-src 'none'; style-src 'sha256-${sha256(style as string)}'; base-uri 'none'; form-action 'none'`;
      expect(res.headers['content-security-policy']).toBe(expected);
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(res.text);
      expect(decodeEntities(meta?.[1] ?? '')).toBe(expected);
      // The policy comes before the style it allows.
      expect(res.text.indexOf('http-equiv')).toBeLessThan(res.text.indexOf('<style>'));
    });

    it('has the direction of its language', () => {
      const dir = lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr';
      expect(res.text).toMatch(new RegExp(`<html lang="${lang}" dir="${dir}">`));
    });
  });

  it('is also served under the edition URL, cacheable for a year, and rendered once', async () => {
    const content = deps.booklets.read(SLUG, 'uk');
    const url = `/booklets/${SLUG}/uk.${editionOf(content)}.html?download=1`;
    const first = await request(app).get(url);
    const renders = deps.render.cache.renders;
    const second = await request(app)
      .get(url)
      .set('If-None-Match', first.headers.etag as string);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="right-to-information-uk\.html"/);
    expect(second.status).toBe(304);
    expect(deps.render.cache.renders).toBe(renders);
    const plain = await request(app).get(`/booklets/${SLUG}/uk.html?download=1`);
    expect(plain.text).toBe(first.text);
  });

  it('an old edition redirects to the current one and keeps download=1', async () => {
    const res = await request(app).get(`/booklets/${SLUG}/uk.0123456789abcdef.html?download=1`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/booklets/${SLUG}/uk.${editionOf(deps.booklets.read(SLUG, 'uk'))}.html?download=1`);
  });

  it('the booklet page offers the offline copy and keeps the site-wide policy', async () => {
    const res = await request(app).get(`/booklets/${SLUG}/uk`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toMatch(/sha256-/);
    const offline = references(res.text).find((r) => r.value.endsWith('?download=1'));
    expect(offline?.value).toBe(`/booklets/${SLUG}/uk.${editionOf(deps.booklets.read(SLUG, 'uk'))}.html?download=1`);
    expect(visibleText(res.text)).toContain(deps.translator.t('uk')('booklet.offline'));
    const followed = await request(app).get(offline?.value as string);
    expect(followed.status).toBe(200);
    expect(followed.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it.each(['yes', '0', ''])("download=%s is a 400 page in the reader's language, not a download", async (value) => {
    const res = await request(app).get(`/booklets/${SLUG}/uk.html?download=${value}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toMatch(/sha256-/);
    expect(visibleText(res.text)).toContain(deps.translator.t('uk')('error.badRequestTitle'));
  });

  it('a repeated download parameter is a 400 as well', async () => {
    const res = await request(app).get(`/booklets/${SLUG}/uk.html?download=1&download=1`);
    expect(res.status).toBe(400);
    expect(res.headers['content-disposition']).toBeUndefined();
  });
});
