import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import { rangeNotSatisfiable } from '../errors';
import type { RenderedOutput } from '../rendering/cache';

/**
 * Sends cached bytes with their precomputed strong ETag and Content-Length: 304 for a matching
 * If-None-Match, 206 for a satisfiable single Range (resumable downloads), 416 otherwise, and a
 * precompressed body (brotli or gzip) for compressible types when the client accepts it.
 * Headers set by the caller (Cache-Control, Content-Disposition, Vary) are kept.
 */
export function sendOutput(req: Request, res: Response, output: RenderedOutput): void {
  res.setHeader('ETag', output.etag);
  res.setHeader('Content-Type', output.contentType);
  if (matchesEtag(req.get('if-none-match'), output.etag)) {
    res.status(304).end();
    return;
  }
  const compressible = isCompressible(output.contentType);
  if (compressible) res.append('Vary', 'Accept-Encoding');
  let body = output.body;
  const encoding = compressible ? chooseEncoding(req.get('accept-encoding')) : undefined;
  if (encoding) {
    body = compressed(output, encoding);
    res.setHeader('Content-Encoding', encoding);
    // A compressed representation is a different entity: give it its own validator.
    res.setHeader('ETag', `${output.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`);
  } else if (!compressible) {
    res.setHeader('Accept-Ranges', 'bytes');
    const range = req.get('range');
    if (range !== undefined && rangeApplies(req.get('if-range'), output.etag)) {
      const parsed = parseRange(range, body.length);
      if (parsed === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${body.length}`);
        throw rangeNotSatisfiable(range, body.length);
      }
      if (parsed) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${parsed.start}-${parsed.end}/${body.length}`);
        body = body.subarray(parsed.start, parsed.end + 1);
      }
    }
  }
  res.setHeader('Content-Length', body.length);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(body);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const c = candidate.trim().replace(/^W\//, '');
    return c === bare || c.replace(/-(br|gz)"$/, '"') === bare;
  });
}

/** If-Range with a strong ETag: the range applies only while the representation is unchanged. */
function rangeApplies(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

/**
 * One byte range of RFC 9110 §14.1.2: "a-b", "a-" or "-n". Several ranges are answered with the
 * whole file (allowed, and what download managers cope with). undefined = ignore the header.
 */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return undefined;
  if (a.length > 15 || b.length > 15) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== '' && Number(b) < start) return undefined;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|xml|problem\+json|xliff\+xml)|image\/svg)/.test(contentType);
}

/** brotli when offered, else gzip; q=0 refuses. */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const offered = new Map<string, number>();
  for (const part of header.split(',').slice(0, 20)) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string): boolean => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

const compressedCache = new WeakMap<Buffer, Partial<Record<'br' | 'gzip', Buffer>>>();

/** Compressed once per cached output, then kept alongside it. */
function compressed(output: RenderedOutput, encoding: 'br' | 'gzip'): Buffer {
  let variants = compressedCache.get(output.body);
  if (!variants) {
    variants = {};
    compressedCache.set(output.body, variants);
  }
  let body = variants[encoding];
  if (!body) {
    body =
      encoding === 'br'
        ? zlib.brotliCompressSync(output.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } })
        : zlib.gzipSync(output.body, { level: 9 });
    variants[encoding] = body;
  }
  return body;
}
