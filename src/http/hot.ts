import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { matchesEtag } from './send';

interface HotEntry {
  headers: OutgoingHttpHeaders;
  body: Buffer;
  etag: string;
  stamp: string;
}

/**
 * The hot path for the most frequent request: downloading a PDF that is already rendered. Responses
 * of cached documents are remembered by exact URL with all their headers, and served before the
 * Express stack runs — a map lookup, one freshness check and one write. Anything unusual (a query,
 * a Range, a stale entry, another method) goes through the full application.
 */
export class HotResponses {
  private readonly entries = new Map<string, HotEntry>();
  hits = 0;

  /**
   * @param stamp changes whenever content may have changed (BookletRepository.changeStamp)
   * @param maxEntries bound on remembered URLs
   */
  constructor(
    private readonly stamp: () => string,
    private readonly maxEntries = 512,
  ) {}

  /** Remembers a complete 200 response for `url`, valid while the content stamp is unchanged. */
  remember(url: string, headers: OutgoingHttpHeaders, body: Buffer): void {
    if (url.includes('?') || url.length > 300) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    // The request id belongs to one request: each hot response gets its own (observability/http.ts).
    const { 'x-request-id': _requestId, ...kept } = headers;
    this.entries.set(url, { headers: kept, body, etag: String(headers.etag ?? ''), stamp: this.stamp() });
  }

  /** Serves the request if it can; returns false to let the application handle it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range !== undefined) return false;
    const entry = this.entries.get(req.url ?? '');
    if (!entry) return false;
    if (entry.stamp !== this.stamp()) {
      this.entries.delete(req.url ?? '');
      return false;
    }
    this.hits++;
    if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
      const { 'content-length': _length, ...rest } = entry.headers;
      res.writeHead(304, rest);
      res.end();
      return true;
    }
    res.writeHead(200, entry.headers);
    res.end(req.method === 'HEAD' ? undefined : entry.body);
    return true;
  }
}
