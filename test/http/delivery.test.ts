import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import request from 'supertest';
import { chooseEncoding, parseRange } from '../../src/http/send';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const PDF = Buffer.from('%PDF-1.7 0123456789 abcdefghij %%EOF');
const { app } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), { pdf: async () => PDF });

describe('delivery of cached documents', () => {
  it('a Range request gets 206 with Content-Range and just those bytes', async () => {
    const res = await request(app).get('/booklets/rights/en.pdf').set('Range', 'bytes=5-9').buffer(true);
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 5-9/${PDF.length}`);
    expect(res.headers['content-length']).toBe('5');
    expect(Buffer.from(res.body as Buffer).toString()).toBe(PDF.subarray(5, 10).toString());
  });

  it('a suffix range resumes the end of the file', async () => {
    const res = await request(app).get('/booklets/rights/en.pdf').set('Range', 'bytes=-5').buffer(true);
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${PDF.length - 5}-${PDF.length - 1}/${PDF.length}`);
  });

  it('a range past the end gets 416 with the size', async () => {
    const res = await request(app).get('/booklets/rights/en.pdf').set('Range', `bytes=${PDF.length}-`);
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${PDF.length}`);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a stale If-Range gets the whole file', async () => {
    const res = await request(app).get('/booklets/rights/en.pdf').set('Range', 'bytes=0-3').set('If-Range', '"old"');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(PDF.length));
  });

  it('HTML is sent compressed when the client accepts it', async () => {
    const plain = await request(app).get('/booklets/rights/en').set('Accept-Encoding', 'identity');
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await fetchRaw(`http://127.0.0.1:${port}/booklets/rights/en`, { 'Accept-Encoding': 'gzip, br' });
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(res.body.length).toBeLessThan(Buffer.byteLength(plain.text) / 2);
      expect(zlib.brotliDecompressSync(res.body).toString()).toBe(plain.text);
    } finally {
      server.close();
    }
  });

  it('PDFs are never compressed twice', async () => {
    const res = await request(app).get('/booklets/rights/en.pdf').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('parsing Range and Accept-Encoding', () => {
  it.each([
    ['bytes=0-0', 10, { start: 0, end: 0 }],
    ['bytes=2-', 10, { start: 2, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=5-100', 10, { start: 5, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=5-2', 10, undefined],
    ['bytes=0-1,3-4', 10, undefined],
    ['items=0-1', 10, undefined],
    ['bytes=99999999999999999999-', 10, 'unsatisfiable'],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', undefined],
    ['*', 'br'],
    [undefined, undefined],
  ])('Accept-Encoding %s -> %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

/** A GET that leaves the body as sent (no automatic decompression). */
function fetchRaw(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
