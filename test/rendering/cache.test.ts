import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, RenderCache, toOutput } from '../../src/rendering/cache';

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
    await new Promise((r) => setTimeout(r, 50));
    const second = new RenderCache(1024, dir);
    const again = await second.get(cacheKey(['k']), () => toOutput(Buffer.from('other'), 'application/pdf'));
    expect(second.renders).toBe(0);
    expect(second.diskHits).toBe(1);
    expect(again.body.toString()).toBe('%PDF-bytes');
    expect(again.etag).toBe(out.etag);
    expect(again.contentType).toBe('application/pdf');
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
