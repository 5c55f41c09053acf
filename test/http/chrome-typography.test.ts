import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';
import { decodeEntities, visibleText } from '../helpers/html-scan';
import { misreadable } from '../helpers/typography';

const BASE_URL = 'https://booklets.example.org';
const { app, deps } = createTestApp(path.join(__dirname, '../../booklets'), { baseUrl: BASE_URL });

/**
 * The words of a booklet page that are not the booklet's own text: everything but its title,
 * subject, translator, sections (the contents' titles included), the language picker (each name
 * in its own language) and the address offered for sharing; plus the markers of numbered lists.
 */
async function chromeOf(slug: string, lang: string): Promise<{ text: string; markers: string[]; meta: string }> {
  const booklet = deps.booklets.read(slug, lang);
  if (!booklet) throw new Error(`${slug}/${lang} not published`);
  const html = (await request(app).get(`/booklets/${slug}/${lang}`).expect(200)).text;
  const markers = [...html.matchAll(/<li data-n="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ''));
  const meta = decodeEntities(/<p class="meta">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
  let text = visibleText(
    html
      .replace(/<nav class="picker"[\s\S]*?<\/nav>/, ' ')
      .replace(/<section\b[\s\S]*?<\/section>/g, ' ')
      .replace(/<a href="#[^"]*"[^>]*>[\s\S]*?<\/a>/g, ' ')
      .replace(/<a [^>]*dir="ltr"[^>]*>[\s\S]*?<\/a>/g, ' ')
      .replace(/<h1>[\s\S]*?<\/h1>|<p class="subject">[\s\S]*?<\/p>/g, ' '),
  );
  for (const own of [booklet.meta.translator ?? '', booklet.meta.title]) if (own) text = text.split(own).join(' ');
  return { text, markers, meta };
}

describe('the words around a booklet on its page, in Arabic script', () => {
  for (const lang of ['fa', 'ar']) {
    it(`in ${lang}: no Latin letter (but "PDF"), no ASCII digit, nothing that looks like a zero`, async () => {
      const { text, markers } = await chromeOf('right-to-information', lang);
      expect(misreadable(text)).toEqual([]);
      // The contents and the booklet's numbered lists are numbered in the language's digits.
      expect(markers.length).toBeGreaterThan(12);
      expect(markers.flatMap(misreadable)).toEqual([]);
    });
  }

  it('in fa: the edition, dates, size and separators as a Persian reader writes them', async () => {
    const { text, markers, meta } = await chromeOf('right-to-information', 'fa');
    const plain = (s: string): string => s.replace(/\p{Cf}/gu, '');
    expect(plain(meta)).toMatch(/^ویرایش آبان ۱۴۰۵؛ تاریخ انتشار: [۰-۹]+ [^\s؛]+ [۰-۹]{4}؛ ترجمه: /);
    expect(text).toMatch(/دریافت فایل PDF \([۰-۹]+ کیلوبایت\)/);
    expect(text).toContain('ذخیرهٔ یک نسخه برای خواندن بدون اینترنت');
    expect(markers.slice(0, 3)).toEqual(['۱-', '۲-', '۳-']);
  });

  it('in ar: Arabic-Indic digits and Arabic words for the size', async () => {
    const { text, meta } = await chromeOf('right-to-information', 'ar');
    expect(meta.replace(/\p{Cf}/gu, '')).toMatch(/^الإصدار نوفمبر ٢٠٢٦؛ /);
    expect(text).toMatch(/\([٠-٩]+ كيلوبايت\)/);
  });

  it('in prs, ps and ckb (sample languages), the same', async () => {
    for (const lang of ['prs', 'ps', 'ckb']) {
      const { text, markers } = await chromeOf('contact-the-ombudsman', lang);
      expect({ lang, found: [...misreadable(text), ...markers.flatMap(misreadable)] }).toEqual({ lang, found: [] });
    }
  });
});
