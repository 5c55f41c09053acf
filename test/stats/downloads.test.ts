import request from 'supertest';
import { parseBookletRequest } from '../../src/site/request';
import { countsAsDownload, DownloadCounter } from '../../src/stats/downloads';
import { openDatabase } from '../../src/storage/db';
import { languages } from '../factories/languages';
import { observedApp, settle } from '../observability/support';

let clock = new Date('2026-03-10T23:59:00Z');
const now = () => clock;

/** What the booklet file route reads from an address (Express decodes the path's parameters). */
function downloadOf(url: string) {
  const u = new URL(url, 'http://localhost');
  const [, , slug, file] = decodeURIComponent(u.pathname).split('/');
  return parseBookletRequest({ slug, file }, Object.fromEntries(u.searchParams), languages).download;
}

describe('what counts as a download', () => {
  it.each([
    ['/booklets/rights/en', { slug: 'rights', lang: 'en', format: 'html' }],
    ['/booklets/rights/UK.html', { slug: 'rights', lang: 'uk', format: 'html' }],
    ['/booklets/rights/en.0123456789abcdef.html?download=1', { slug: 'rights', lang: 'en', format: 'offline' }],
    ['/booklets/rights/en.pdf', { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['/booklets/rights/en.0123456789abcdef.pdf', { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['/booklets/rights/en.pdf?size=A4&layout=BOOKLET', { slug: 'rights', lang: 'en', format: 'pdf-booklet' }],
    ['/booklets/rights/en.pdf?profile=archive&with=uk', { slug: 'rights', lang: 'en', format: 'pdf-archive-bilingual' }],
    ['/booklets/rights/en.pdf?size=a4&utm=x', { slug: 'rights', lang: 'en', format: 'pdf' }],
    ['/booklets/rights/%65n.pdf', { slug: 'rights', lang: 'en', format: 'pdf' }],
  ])('%s is a download of %j', (url, expected) => {
    expect(downloadOf(url)).toEqual(expected);
  });

  it.each([
    ['GET', 200, undefined, true],
    ['GET', 206, 'bytes 0-99/5000', true],
    ['HEAD', 200, undefined, false],
    ['GET', 304, undefined, false],
    ['GET', 206, 'bytes 100-199/5000', false],
    ['GET', 404, undefined, false],
    ['GET', 302, undefined, false],
    ['POST', 200, undefined, false],
  ])('%s answered %s (%s) counts: %s', (method, status, range, counts) => {
    expect(countsAsDownload(method, status, range)).toBe(counts);
  });

  it.each(['/booklets/rights/xx.pdf', '/booklets/rights/en.epub', '/booklets/NOT%20A%20SLUG/en.pdf'])('%s is no booklet file', (url) => {
    expect(() => downloadOf(url)).toThrow();
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
