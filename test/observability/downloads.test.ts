import request from 'supertest';
import { classifyDownload, DownloadCounter } from '../../src/observability/downloads';
import { openDatabase } from '../../src/storage/db';
import { observedApp, settle } from './support';

let clock = new Date('2026-03-10T23:59:00Z');
const now = () => clock;

describe('what counts as a download', () => {
  it.each([
    ['GET', '/booklets/rights/en', 200, undefined, { slug: 'rights', lang: 'en', format: 'html' }],
    ['GET', '/booklets/rights/UK.html', 200, undefined, { slug: 'rights', lang: 'uk', format: 'html' }],
    ['GET', '/booklets/rights/en.0123456789abcdef.html?download=1', 200, undefined, { slug: 'rights', lang: 'en', format: 'offline' }],
    ['GET', '/booklets/rights/en.pdf', 200, undefined, { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['GET', '/booklets/rights/en.0123456789abcdef.pdf', 206, 'bytes 0-99/5000', { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['GET', '/booklets/rights/en.pdf?size=A5&layout=booklet', 200, undefined, { slug: 'rights', lang: 'en', format: 'pdf-a5-booklet' }],
    ['GET', '/booklets/rights/en.pdf?profile=archive&with=uk', 200, undefined, { slug: 'rights', lang: 'en', format: 'pdf-archive-bilingual' }],
    ['GET', '/booklets/rights/en.pdf?size=a4&utm=x', 200, undefined, { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['GET', '/booklets/rights/%65n.pdf', 200, undefined, { slug: 'rights', lang: 'en', format: 'pdf' }],
  ])('%s %s %s counts', (method, url, status, range, expected) => {
    expect(classifyDownload(method, url, status, range)).toEqual(expected);
  });

  it.each([
    ['HEAD', '/booklets/rights/en.pdf', 200, undefined],
    ['GET', '/booklets/rights/en.pdf', 304, undefined],
    ['GET', '/booklets/rights/en.pdf', 206, 'bytes 100-199/5000'],
    ['GET', '/booklets/rights/en.pdf', 404, undefined],
    ['GET', '/booklets/rights', 302, undefined],
    ['GET', '/booklets/rights/xx.pdf', 200, undefined],
    ['GET', '/', 200, undefined],
    ['GET', '/booklets/rights/en.epub', 200, undefined],
    ['GET', '/booklets/rights/%E0%A4%A.pdf', 200, undefined],
    ['POST', '/booklets/rights/en.pdf', 200, undefined],
  ])('%s %s %s does not count', (method, url, status, range) => {
    expect(classifyDownload(method, url, status, range)).toBeUndefined();
  });
});

describe('download counts', () => {
  it('count pages and PDFs — the hot path included — per day, language and format, without slowing anything down', async () => {
    clock = new Date('2026-03-10T23:59:00Z');
    const app = observedApp({}, { now });
    const get = (path: string) => request(app.handler).get(path);
    await get('/booklets/rights/en.pdf');
    await get('/booklets/rights/en.pdf'); // hot path
    await get('/booklets/rights/en.pdf').set('Range', 'bytes=0-9');
    await get('/booklets/rights/en.pdf').set('Range', 'bytes=10-19'); // the rest of the same download
    const first = await get('/booklets/rights/uk');
    await get('/booklets/rights/uk').set('If-None-Match', first.headers.etag as string); // 304
    await request(app.handler).head('/booklets/rights/uk');
    await get('/booklets/rights/uk.pdf?size=a5');
    await get('/booklets/rights'); // redirect
    await get('/booklets/rights/fa'); // 404
    await settle();
    expect(app.deps.downloads.unwritten).toBe(5);
    expect(app.deps.db.prepare('SELECT COUNT(*) AS n FROM download_counts').get()).toEqual({ n: 0 });

    clock = new Date('2026-03-11T00:01:00Z');
    await get('/booklets/rights/en.pdf');
    await settle();
    app.deps.downloads.flush();
    expect(app.deps.downloads.unwritten).toBe(0);
    const rows = app.deps.db.prepare('SELECT day, slug, lang, format, count FROM download_counts ORDER BY day, lang, format').all();
    expect(rows).toEqual([
      { day: '2026-03-10', slug: 'rights', lang: 'en', format: 'pdf', count: 3 },
      { day: '2026-03-10', slug: 'rights', lang: 'uk', format: 'html', count: 1 },
      { day: '2026-03-10', slug: 'rights', lang: 'uk', format: 'pdf-a5', count: 1 },
      { day: '2026-03-11', slug: 'rights', lang: 'en', format: 'pdf', count: 1 },
    ]);
    // A second flush adds to the same rows (UPSERT), never duplicates them.
    await get('/booklets/rights/en.pdf');
    await settle();
    app.deps.downloads.stop();
    expect(app.deps.db.prepare("SELECT count FROM download_counts WHERE day = '2026-03-11'").get()).toEqual({ count: 2 });
  });

  it('keep the counts in memory when a write fails, and write them with the next flush', () => {
    const db = openDatabase(':memory:');
    const counter = new DownloadCounter(db, now);
    counter.record({ slug: 'rights', lang: 'ar', format: 'pdf' });
    db.exec('ALTER TABLE download_counts RENAME TO away');
    counter.flush();
    expect(counter.unwritten).toBe(1);
    db.exec('ALTER TABLE away RENAME TO download_counts');
    counter.record({ slug: 'rights', lang: 'ar', format: 'pdf' });
    counter.flush();
    expect(counter.unwritten).toBe(0);
    expect(db.prepare('SELECT count FROM download_counts').get()).toEqual({ count: 2 });
  });

  it('add up many downloads in memory and write one row per day, booklet, language and format', () => {
    const db = openDatabase(':memory:');
    const counter = new DownloadCounter(db, now);
    for (let i = 0; i < 100_000; i++) counter.record({ slug: `b${i % 20}`, lang: 'uk', format: Math.floor(i / 20) % 2 ? 'pdf' : 'html' });
    counter.flush();
    expect(db.prepare('SELECT SUM(count) AS n, COUNT(*) AS rows FROM download_counts').get()).toEqual({ n: 100_000, rows: 40 });
  });
});

describe('GET /api/v1/stats/downloads', () => {
  clock = new Date('2026-03-10T12:00:00Z');
  const app = observedApp({}, { now });
  const keys = {
    translator: app.deps.keys.create({ name: 'T', role: 'translator', languages: ['uk'] }).key,
    editor: app.deps.keys.create({ name: 'E', role: 'editor' }).key,
    admin: app.deps.keys.create({ name: 'A', role: 'admin' }).key,
  };
  const stats = (query: string, key: string | null = keys.editor) => {
    const r = request(app.handler).get(`/api/v1/stats/downloads${query}`);
    return key ? r.set('Authorization', `Bearer ${key}`) : r;
  };

  beforeAll(async () => {
    clock = new Date('2026-03-09T08:00:00Z');
    await request(app.handler).get('/booklets/rights/uk');
    clock = new Date('2026-03-10T08:00:00Z');
    await request(app.handler).get('/booklets/rights/en.pdf');
    await request(app.handler).get('/booklets/rights/en.pdf');
    await settle();
  });

  it('answers editors and admins with the counts of the last 30 days, written or not', async () => {
    for (const key of [keys.editor, keys.admin]) {
      const res = await stats('', key);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        from: '2026-02-09',
        to: '2026-03-10',
        booklet: null,
        total: 3,
        downloads: [
          { day: '2026-03-09', booklet: 'rights', lang: 'uk', format: 'html', count: 1 },
          { day: '2026-03-10', booklet: 'rights', lang: 'en', format: 'pdf', count: 2 },
        ],
      });
    }
  });

  it('filters by period and booklet', async () => {
    const res = await stats('?from=2026-03-10&to=2026-03-10&booklet=rights');
    expect(res.body).toMatchObject({ from: '2026-03-10', to: '2026-03-10', booklet: 'rights', total: 2 });
    expect((await stats('?from=2026-01-01&to=2026-03-08')).body.total).toBe(0);
  });

  it('refuses readers (401) and translators (403)', async () => {
    expect((await stats('', null)).status).toBe(401);
    const res = await stats('', keys.translator);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/editor/);
  });

  it.each([
    ['?from=2026-02-30', /from: is not a calendar date/],
    ['?from=2026-13-01', /from: is not a calendar date/],
    ['?to=yesterday', /to: must be a date YYYY-MM-DD/],
    ['?from=2026-03-10&to=2026-03-01', /must not be after/],
    ['?from=2024-01-01&to=2026-01-01', /at most 366 days/],
    ['?booklet=Not_A_Slug', /booklet: may contain only/],
    ['?form=2026-03-01', /form/],
    ['?from=2026-03-01&from=2026-03-02', /from: must be given once/],
  ])('answers %s with a 400 that says what is wrong', async (query, message) => {
    const res = await stats(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(message);
  });

  it('answers an unknown booklet with a 404', async () => {
    const res = await stats('?booklet=no-such-booklet');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/no-such-booklet/);
  });
});
