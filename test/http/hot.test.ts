import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createHandler } from '../../src/app';
import { importBooklets } from '../../src/booklets/importer';
import { HotResponses } from '../../src/http/hot';
import { makeBookletsDir, smallBooklet, sourceFileText } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

let n = 0;
const dir = makeBookletsDir({ rights: smallBooklet(), other: smallBooklet() });
const { deps } = createTestApp(dir, { pdf: async (doc) => Buffer.from(`%PDF-1.7 ${doc.sections[0]?.blocks.length} render ${++n}`) });
const hot = new HotResponses(deps.render.cache, (slug, lang) => deps.booklets.revision(slug, lang));
const handler = createHandler({ ...deps, hot, onServerError: () => undefined });

describe('the hot path for rendered PDFs', () => {
  it('serves a rendered PDF again without the application, with the same headers and bytes', async () => {
    const first = await request(handler).get('/booklets/rights/en.pdf');
    const second = await request(handler).get('/booklets/rights/en.pdf');
    expect(hot.hits).toBe(1);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    for (const h of ['etag', 'content-type', 'content-length', 'content-disposition', 'cache-control', 'content-security-policy', 'link']) {
      expect([h, second.headers[h]]).toEqual([h, first.headers[h]]);
    }
  });

  it('stops serving a language the moment it is retired, and serves it again when restored', async () => {
    await request(handler).get('/booklets/rights/uk.pdf');
    const hits = hot.hits;
    expect((await request(handler).get('/booklets/rights/uk.pdf')).status).toBe(200);
    expect(hot.hits).toBe(hits + 1);
    deps.languageAdmin.update('uk', { retired: true }, 'test');
    expect((await request(handler).get('/booklets/rights/uk.pdf')).status).toBe(404);
    deps.languageAdmin.update('uk', { retired: false }, 'test');
    expect((await request(handler).get('/booklets/rights/uk.pdf')).status).toBe(200);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const first = await request(handler).get('/booklets/rights/en.pdf');
    const res = await request(handler)
      .get('/booklets/rights/en.pdf')
      .set('If-None-Match', first.headers.etag as string);
    expect(res.status).toBe(304);
    expect(res.headers['content-length']).toBeUndefined();
  });

  it('leaves Range requests to the application', async () => {
    const hits = hot.hits;
    expect((await request(handler).get('/booklets/rights/en.pdf').set('Range', 'bytes=0-3')).status).toBe(206);
    expect(hot.hits).toBe(hits);
  });

  it('remembers a print variant by its exact address, query included', async () => {
    const first = await request(handler).get('/booklets/rights/en.pdf?size=a5');
    expect(first.status).toBe(200);
    const hits = hot.hits;
    const again = await request(handler).get('/booklets/rights/en.pdf?size=a5');
    expect(hot.hits).toBe(hits + 1);
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers['content-disposition']).toBe(first.headers['content-disposition']);
    // Another query is another document: the application answers it.
    expect((await request(handler).get('/booklets/rights/en.pdf?size=letter')).status).toBe(200);
    expect(hot.hits).toBe(hits + 1);
  });

  it('does not remember addresses with parameters that choose nothing', async () => {
    for (const url of ['/booklets/rights/en.pdf?x=1', '/booklets/rights/en.pdf?size=a5&utm=1']) {
      await request(handler).get(url);
      const hits = hot.hits;
      expect((await request(handler).get(url)).status).toBe(200);
      expect(hot.hits).toBe(hits);
    }
  });

  it('never serves a stale document after the content changes', async () => {
    const before = await request(handler).get('/booklets/rights/en.pdf');
    const en = smallBooklet().en!;
    en.sections[0]!.body = 'One.\n\nTwo.\n\nThree.';
    fs.writeFileSync(path.join(dir, 'rights', 'en.md'), sourceFileText(en));
    importBooklets(deps.repo, dir);
    const after = await request(handler).get('/booklets/rights/en.pdf');
    expect(after.body.toString()).toContain('%PDF-1.7 3 render');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('keeps serving while another booklet is edited and download counts are written', async () => {
    const first = await request(handler).get('/booklets/rights/en.pdf');
    await request(handler).get('/booklets/rights/en.pdf');
    const hits = hot.hits;
    const en = smallBooklet().en!;
    en.sections[0]!.body = 'Changed.';
    fs.writeFileSync(path.join(dir, 'other', 'en.md'), sourceFileText(en));
    importBooklets(deps.repo, dir);
    deps.downloads.flush();
    const again = await request(handler).get('/booklets/rights/en.pdf');
    expect(hot.hits).toBe(hits + 1);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('keeps no body of its own: what the render cache lets go goes through the application again', async () => {
    const small = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
      cacheBytes: 200,
      pdf: async (doc) => Buffer.from(`%PDF-1.7 ${doc.lang} ${'x'.repeat(100)}`),
    });
    const smallHot = new HotResponses(small.deps.render.cache, (slug, lang) => small.deps.booklets.revision(slug, lang));
    const smallHandler = createHandler({ ...small.deps, hot: smallHot, onServerError: () => undefined });
    await request(smallHandler).get('/booklets/rights/en.pdf');
    await request(smallHandler).get('/booklets/rights/en.pdf');
    expect(smallHot.hits).toBe(1);
    // A second PDF pushes the first out of the 200-byte cache.
    await request(smallHandler).get('/booklets/rights/en.pdf?size=a5');
    expect(small.deps.render.cache.size.bytes).toBeLessThanOrEqual(200);
    const res = await request(smallHandler).get('/booklets/rights/en.pdf');
    expect(res.status).toBe(200);
    expect(smallHot.hits).toBe(1);
  });

  it('lets the least recently used address go first when it holds as many as it may', async () => {
    const lru = new HotResponses(deps.render.cache, (slug, lang) => deps.booklets.revision(slug, lang), 2);
    const lruHandler = createHandler({ ...deps, hot: lru, onServerError: () => undefined });
    const get = (url: string) => request(lruHandler).get(url);
    await get('/booklets/rights/en.pdf?size=a5');
    await get('/booklets/rights/en.pdf?size=letter');
    await get('/booklets/rights/en.pdf?size=a5'); // a hit: now the most recently used
    await get('/booklets/rights/en.pdf'); // a third address: letter goes
    const hits = lru.hits;
    await get('/booklets/rights/en.pdf?size=a5');
    expect(lru.hits).toBe(hits + 1);
    await get('/booklets/rights/en.pdf?size=letter');
    expect(lru.hits).toBe(hits + 1);
  });
});
