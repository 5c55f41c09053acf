import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, DiskTarget, RenderCache, toOutput, writeCacheFileSync } from '../../src/rendering/cache';

describe('the render cache', () => {
  it('renders once, then serves the same bytes and ETag', async () => {
    const cache = new RenderCache(1024 * 1024);
    let n = 0;
    const make = async () => toOutput(Buffer.from(`render ${++n}`), 'text/plain');
    const a = await cache.get(cacheKey(['a']), make);
    const b = await cache.get(cacheKey(['a']), make);
    expect(b).toBe(a);
    expect(cache.renders).toBe(1);
    expect(cache.hits).toBe(1);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('stays within its byte bound, dropping the least recently used', async () => {
    const cache = new RenderCache(25);
    const put = (k: string) => cache.get(cacheKey([k]), () => toOutput(Buffer.alloc(10, k), 'x'));
    await put('a');
    await put('b');
    await put('a'); // a is now the most recent
    await put('c'); // evicts b
    expect(cache.size.bytes).toBeLessThanOrEqual(25);
    const renders = cache.renders;
    await put('a');
    expect(cache.renders).toBe(renders);
    await put('b');
    expect(cache.renders).toBe(renders + 1);
  });

  it('keeps outputs on disk across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    const first = new RenderCache(1024, dir);
    const out = await first.get(cacheKey(['k']), () => toOutput(Buffer.from('%PDF-bytes'), 'application/pdf'));
    await first.diskIdle();
    const second = new RenderCache(1024, dir);
    const again = await second.get(cacheKey(['k']), () => toOutput(Buffer.from('other'), 'application/pdf'));
    expect(second.renders).toBe(0);
    expect(second.diskHits).toBe(1);
    expect(again.body.toString()).toBe('%PDF-bytes');
    expect(again.etag).toBe(out.etag);
    expect(again.contentType).toBe('application/pdf');
  });

  it('does not write again what the renderer already stored, and still trims the folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    const cache = new RenderCache(1024 * 1024, dir, 10);
    const key = cacheKey(['stored']);
    const target = cache.diskTarget(key);
    expect(target).toEqual({ dir, key });
    let writtenAt = 0;
    await cache.get(key, async () => {
      expect(writeCacheFileSync(target as DiskTarget, 'application/pdf', Buffer.from('%PDF-from-thread'))).toBe(true);
      writtenAt = fs.statSync(path.join(dir, `${key}.bin`)).mtimeMs;
      await new Promise((r) => setTimeout(r, 30)); // a second write would show a later time
      return { ...toOutput(Buffer.from('%PDF-from-thread'), 'application/pdf'), stored: true };
    });
    await cache.diskIdle();
    expect(cache.renders).toBe(1);
    expect(fs.statSync(path.join(dir, `${key}.bin`)).mtimeMs).toBe(writtenAt);
    expect(fs.readdirSync(dir)).toEqual([`${key}.bin`]);
    // Stored outputs count towards the folder's bound like written ones.
    for (let i = 0; i < 60; i++) {
      const k = cacheKey(['many', i]);
      await cache.get(k, () => {
        writeCacheFileSync({ dir, key: k }, 'text/plain', Buffer.from(`n${i}`));
        return { ...toOutput(Buffer.from(`n${i}`), 'text/plain'), stored: true };
      });
    }
    // 61 files stored: trimmed to the newest 10 at the 50th (in the background, while the next are
    // stored), then up to 11 more.
    const files = (): number => fs.readdirSync(dir).filter((n) => n.endsWith('.bin')).length;
    for (const until = Date.now() + 5000; files() > 21 && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(files()).toBeLessThanOrEqual(21);
    expect(files()).toBeGreaterThanOrEqual(10);
    expect(cache.diskTarget('not-a-key')).toBeUndefined();
    expect(new RenderCache(1024).diskTarget(key)).toBeUndefined();
  });

  it('a file torn by a crash (its bytes no longer match the ETag written with them) is rendered again, never served', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    const key = cacheKey(['torn']);
    const whole = toOutput(Buffer.from('%PDF-1.7 the whole document %%EOF'), 'application/pdf');
    expect(writeCacheFileSync({ dir, key }, whole.contentType, whole.body)).toBe(true);
    const file = path.join(dir, `${key}.bin`);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe(`application/pdf\t${whole.etag}`);
    fs.truncateSync(file, fs.statSync(file).size - 6); // the end of the body never reached the disk
    const cache = new RenderCache(1024, dir);
    const out = await cache.get(key, () => toOutput(Buffer.from('%PDF-1.7 rendered again'), 'application/pdf'));
    expect(out.body.toString()).toBe('%PDF-1.7 rendered again');
    expect(cache.diskHits).toBe(0);
    expect(cache.renders).toBe(1);
  });

  it('removes temporary files that a killed write left behind, once they are ten minutes old', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    const old = path.join(dir, `${cacheKey(['left'])}.bin.1234.abcdef.tmp`);
    const fresh = path.join(dir, `${cacheKey(['writing'])}.bin.1234.fedcba.tmp`);
    fs.writeFileSync(old, 'half a PDF');
    fs.writeFileSync(fresh, 'a write in progress');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(old, hourAgo, hourAgo);
    const cache = new RenderCache(1024 * 1024, dir, 100);
    for (let i = 0; i < 50; i++) await cache.get(cacheKey(['n', i]), () => toOutput(Buffer.from(`n${i}`), 'text/plain'));
    for (const until = Date.now() + 5000; fs.existsSync(old) && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('a damaged disk entry is rendered again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    fs.writeFileSync(path.join(dir, `${cacheKey(['k'])}.bin`), 'no header line');
    const cache = new RenderCache(1024, dir);
    const out = await cache.get(cacheKey(['k']), () => toOutput(Buffer.from('fresh'), 'text/plain'));
    expect(out.body.toString()).toBe('fresh');
    expect(cache.renders).toBe(1);
  });
});
