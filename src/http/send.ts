import type { Request, Response } from 'express';
import type { RenderedOutput } from '../rendering/cache';

/**
 * Sends cached bytes with their precomputed strong ETag, Content-Length, and 304 for a matching
 * If-None-Match. Headers set by the caller (Cache-Control, Content-Disposition, Vary) are kept.
 */
export function sendOutput(req: Request, res: Response, output: RenderedOutput): void {
  res.setHeader('ETag', output.etag);
  res.setHeader('Content-Type', output.contentType);
  if (matchesEtag(req.get('if-none-match'), output.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', output.body.length);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(output.body);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}
