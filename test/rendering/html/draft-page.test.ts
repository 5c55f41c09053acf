import path from 'node:path';
import Handlebars from 'handlebars';
import { importCatalog } from '../../../src/booklets/importer';
import { composeServices } from '../../../src/compose';
import { formatEdition } from '../../../src/i18n/format';
import { pageChrome } from '../../../src/rendering/html/chrome';
import type { BookletPageExtra } from '../../../src/rendering/html';
import { openDatabase } from '../../../src/storage/db';
import { decodeEntities } from '../../helpers/html-scan';

// The web preview of a draft, as the editor's preview route renders it: HtmlRenderer.booklet with
// `draft` instead of `publishedAt`.

const deps = composeServices(openDatabase(':memory:'));
importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../../booklets'));
const SLUG = 'right-to-information';

/** The page of the latest text in `lang`, as a draft preview or as it would look published. */
function page(lang: string, state: 'draft' | 'published', back: Partial<{ label: string; lang: string; dir: 'ltr' | 'rtl' }> = {}): string {
  const content = deps.booklets.readLatest(SLUG, lang);
  const doc = deps.render.layout(content);
  const chrome = pageChrome(deps.translator, lang, doc.title, []);
  const t = deps.translator.t(lang);
  const extra: BookletPageExtra =
    state === 'draft'
      ? {
          pdfHref: `/admin/booklets/${SLUG}/${lang}/preview.pdf`,
          draft: { back: { href: `/admin/booklets/${SLUG}/${lang}`, label: t('draft.backToEditor'), ...back } },
        }
      : { pdfHref: `/admin/booklets/${SLUG}/${lang}/preview.pdf`, publishedAt: new Date(content.publishedAt) };
  return deps.html.booklet(doc, chrome, extra);
}

/** The banner: the first thing in the page's main content. */
function banner(html: string): string {
  return /<main id="main" tabindex="-1">\n(<div class="draft" role="note">[\s\S]*?<\/div>)\n<article/.exec(html)?.[1] ?? '';
}

/** Every form of the publication date a reader might see: "Published on 6 December 2026", the date alone. */
function publicationTexts(lang: string): string[] {
  const date = new Date(deps.booklets.readLatest(SLUG, lang).publishedAt);
  const t = deps.translator.t(lang);
  return [t('booklet.published', { date }), new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(date)];
}

describe.each(['en', 'uk', 'ru', 'az', 'ar', 'fa'])('the draft preview page in %s', (lang) => {
  const t = deps.translator.t(lang);
  const html = page(lang, 'draft');
  const text = decodeEntities(html);

  it('opens with a banner, a note in the page language, that says it is a draft and leads back to the editor', () => {
    expect(banner(html)).toBe(
      `<div class="draft" role="note">\n<p class="draft-mark">${t('draft.mark')}</p>\n` +
        `<p class="draft-back"><a href="/admin/booklets/${SLUG}/${lang}">${t('draft.backToEditor')}</a></p>\n</div>`,
    );
  });

  it('shows no publication date and no "published on" line', () => {
    for (const published of publicationTexts(lang)) expect(text).not.toContain(published);
    // The edition stays (it names the text, not when it was published), then the translator if any.
    const doc = deps.render.layout(deps.booklets.readLatest(SLUG, lang));
    const edition = t('booklet.edition', { edition: formatEdition(doc.edition, doc.locale) });
    const translator = doc.translator ? `${doc.labels.separator}${t('booklet.translator', { translator: doc.translator })}` : '';
    expect(decodeEntities(/<p class="meta">([^<]*)<\/p>/.exec(html)?.[1] ?? '')).toBe(`${edition}${translator}`);
  });

  it('is otherwise the page as it would be published: the banner added, the publication date left out', () => {
    const published = page(lang, 'published');
    const date = new Date(deps.booklets.readLatest(SLUG, lang).publishedAt);
    const line = `${t('format.separator')}${Handlebars.escapeExpression(t('booklet.published', { date }))}`;
    expect(published).toContain(line);
    expect(html).toBe(published.replace(line, '').replace('<article class="booklet">', `${banner(html)}\n<article class="booklet">`));
  });
});

describe('a published booklet page', () => {
  it('has no draft banner and keeps its publication date', () => {
    const html = page('en', 'published');
    expect(html).not.toContain('class="draft');
    expect(html).not.toContain('Draft — not published');
    expect(decodeEntities(html)).toContain(publicationTexts('en')[0]);
  });
});

describe('the way back to the editor', () => {
  it('is labelled in the language the caller gives, marked as such on a page in another language', () => {
    const html = page('fa', 'draft', { label: 'Back to the editor', lang: 'en', dir: 'ltr' });
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(banner(html)).toContain('<a href="/admin/booklets/right-to-information/fa" lang="en" dir="ltr">Back to the editor</a>');
    expect(banner(html)).toContain('<p class="draft-mark">پیش\u200cنویس — منتشرنشده</p>');
  });

  it('is escaped like all other text', () => {
    const html = page('en', 'draft', { label: '<b>Back</b> & forth' });
    expect(banner(html)).toContain('>&lt;b&gt;Back&lt;/b&gt; &amp; forth</a>');
  });
});

describe('the draft banner’s style', () => {
  it('wraps at 360 px, mirrors in right-to-left pages (logical properties) and is printed without the editor link', () => {
    const css = deps.html.css;
    expect(css).toMatch(/\.draft\{[^}]*display:flex;flex-wrap:wrap/);
    expect(css).toMatch(/\.draft\{[^}]*border-inline-start-width/);
    expect(css).not.toMatch(/\.draft[^{]*\{[^}]*(?:margin|padding|border)-(?:left|right)/);
    expect(css).toMatch(/@media print\{[\s\S]*\.draft-back\{display:none\}/);
  });
});
