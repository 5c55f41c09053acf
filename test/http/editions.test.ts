import request from 'supertest';
import type { LayoutDocument } from '../../src/rendering/layout/model';
import type { PdfOptions } from '../../src/rendering/pdf/options';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const calls: { doc: LayoutDocument; options: PdfOptions }[] = [];
const files = smallBooklet();
files.az = {
  title: 'Hüquqlarınız',
  sections: [
    { id: 'intro', title: 'Giriş', body: 'Məlumat istəyə bilərsiniz.' },
    { id: 'how', title: 'Necə müraciət etmək', body: '- Şəxsən\n- Yazılı' },
  ],
};
const { app, deps } = createTestApp(makeBookletsDir({ rights: files }), {
  pdf: async (doc, options) => {
    calls.push({ doc, options });
    return Buffer.from(`%PDF-1.7 ${doc.lang} ${options.size} ${options.layout} ${options.profile} ${options.companion?.lang ?? ''}`);
  },
});

describe('print editions of a PDF', () => {
  beforeEach(() => (calls.length = 0));

  it.each([
    ['', { size: 'a4', layout: 'pages', profile: 'accessible' }, 'rights-uk.pdf'],
    ['?size=a5', { size: 'a5', layout: 'pages', profile: 'accessible' }, 'rights-uk-a5.pdf'],
    ['?size=LETTER', { size: 'letter', layout: 'pages', profile: 'accessible' }, 'rights-uk-letter.pdf'],
    ['?layout=booklet', { size: 'a4', layout: 'booklet', profile: 'accessible' }, 'rights-uk-booklet.pdf'],
    ['?profile=archive', { size: 'a4', layout: 'pages', profile: 'archive' }, 'rights-uk-archive.pdf'],
  ])('%s renders that variant', async (query, expected, fileName) => {
    const res = await request(app).get(`/booklets/rights/uk.pdf${query}`);
    expect(res.status).toBe(200);
    expect(calls[0]?.options).toMatchObject(expected);
    expect(res.headers['content-disposition']).toContain(`filename="${fileName}"`);
  });

  it('with=az gives the renderer the Azerbaijani booklet as the companion', async () => {
    const res = await request(app).get('/booklets/rights/uk.pdf?with=az');
    expect(res.status).toBe(200);
    expect(calls[0]?.doc.lang).toBe('uk');
    expect(calls[0]?.options.companion?.lang).toBe('az');
    expect(calls[0]?.options.companion?.title).toBe('Hüquqlarınız');
  });

  it.each([
    ['?size=a3', /size must be one of: a4, a5, letter/],
    ['?layout=poster', /layout must be one of: pages, booklet/],
    ['?profile=pdfx', /profile must be one of: accessible, archive/],
    ['?size=a4&size=a5', /size must be given once/],
    ['?with=fa', /with must be another language of this booklet: one of en, az/],
    ['?with=uk', /with must be another language of this booklet/],
    ['?with=%3Cscript%3E', /with must be a language code/],
    ['?layout=booklet&size=letter', /layout=booklet prints A5 pages on A4 sheets/],
  ])('%s is a 400 that lists what is accepted', async (query, message) => {
    const res = await request(app).get(`/booklets/rights/uk.pdf${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.text).detail).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('each variant is rendered once and then served from the cache', async () => {
    const before = deps.render.cache.renders;
    await request(app).get('/booklets/rights/en.pdf?size=a5');
    await request(app).get('/booklets/rights/en.pdf?size=a5');
    await request(app).get('/booklets/rights/en.pdf?size=A5');
    expect(deps.render.cache.renders - before).toBe(1);
  });

  it('concurrent requests for the same missing document render it once', async () => {
    const before = deps.render.cache.renders;
    const all = await Promise.all(Array.from({ length: 8 }, () => request(app).get('/booklets/rights/az.pdf?layout=booklet')));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(deps.render.cache.renders - before).toBe(1);
  });
});

describe('edition URLs', () => {
  it('the page links its PDF by edition; that URL is immutable, the plain one is short-lived', async () => {
    const page = await request(app).get('/booklets/rights/en');
    const href = /href="(\/booklets\/rights\/en\.[0-9a-f]{16}\.pdf)"/.exec(page.text)?.[1] as string;
    const edition = await request(app).get(href);
    expect(edition.status).toBe(200);
    expect(edition.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await request(app).get('/booklets/rights/en.pdf');
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    expect(plain.headers.link).toBe(`<${href}>; rel="canonical"`);
    expect(plain.headers.etag).toBe(edition.headers.etag);
  });

  it('a bilingual edition under an edition URL is short-lived: the edition names one language, not its companion', async () => {
    const page = await request(app).get('/booklets/rights/uk');
    const href = /href="(\/booklets\/rights\/uk\.[0-9a-f]{16}\.pdf)"/.exec(page.text)?.[1] as string;
    const print = await request(app).get(`${href}?size=a5`);
    expect(print.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The Azerbaijani half can be republished without the Ukrainian edition changing.
    const bilingual = await request(app).get(`${href}?with=az`);
    expect(bilingual.status).toBe(200);
    expect(bilingual.headers['cache-control']).toBe('public, max-age=300');
  });

  it('an outdated edition redirects to the current one, keeping the print options', async () => {
    const res = await request(app).get('/booklets/rights/en.0123456789abcdef.pdf?size=a5');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/booklets\/rights\/en\.[0-9a-f]{16}\.pdf\?size=a5$/);
  });

  it('the HTML page has an edition URL too', async () => {
    const res = await request(app).get('/booklets/rights/en.0123456789abcdef.html');
    expect(res.status).toBe(302);
    const current = await request(app).get(res.headers.location as string);
    expect(current.status).toBe(200);
    expect(current.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
