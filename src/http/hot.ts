import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { classifyDownload, Download } from '../observability/downloads';
import { matchesEtag } from './send';

interface HotEntry {
  /** Header names and values of the 200 response, flat, after a slot for the request id. */
  full: string[];
  /** The same for a 304 (no Content-Length). */
  notModified: string[];
  body: Buffer;
  etag: string;
  stamp: string;
  /** What a complete GET of this URL counts as (downloads.ts), worked out once. */
  download: Download | undefined;
}

/** What the hot path sent, for the request's access line, metrics and download count. */
export interface HotAnswer {
  bytes: number;
  /** The download a complete response is, if any (GET 200 only). */
  download: Download | undefined;
}

const REQUEST_ID = 'x-request-id';

/** The parameters that choose a print variant: the only ones a remembered address may carry. */
const PRINT_PARAMS = new Set(['size', 'layout', 'profile', 'with']);

/**
 * Whether the address has no query, or one of print parameters alone, each once: other parameters
 * change nothing in the document, and addresses made up with them must not push out the ones
 * readers use.
 */
function printQueryOnly(url: string): boolean {
  const q = url.indexOf('?');
  if (q === -1) return true;
  const seen = new Set<string>();
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!PRINT_PARAMS.has(name) || seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}

/**
 * The hot path for the most frequent request: downloading a PDF that is already rendered. Responses
 * of cached documents are remembered by exact URL with all their headers, and served before the
 * Express stack runs — a map lookup, one freshness check and one write with headers prepared when
 * the response was remembered. A print variant is remembered by its exact address, query included
 * (the same address always asks for the same document), when the query has print parameters only.
 * Anything unusual (a Range, a stale entry, another method) goes through the full application.
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
    if (url.length > 300 || !printQueryOnly(url)) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const full: string[] = [REQUEST_ID, ''];
    const notModified: string[] = [REQUEST_ID, ''];
    for (const [name, value] of Object.entries(headers)) {
      // The request id belongs to one request: each hot response gets its own (first slot).
      if (value === undefined || name === REQUEST_ID) continue;
      for (const v of Array.isArray(value) ? value : [String(value)]) {
        full.push(name, v);
        if (name !== 'content-length') notModified.push(name, v);
      }
    }
    this.entries.set(url, {
      full,
      notModified,
      body,
      etag: String(headers.etag ?? ''),
      stamp: this.stamp(),
      download: classifyDownload('GET', url, 200),
    });
  }

  /**
   * Serves the request if it can, with `requestId` as its X-Request-Id; returns what it sent, or
   * undefined to let the application handle the request.
   */
  serve(req: IncomingMessage, res: ServerResponse, requestId: string): HotAnswer | undefined {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range !== undefined) return undefined;
    const url = req.url ?? '';
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    if (entry.stamp !== this.stamp()) {
      this.entries.delete(url);
      return undefined;
    }
    this.hits++;
    if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
      const headers = entry.notModified.slice();
      headers[1] = requestId;
      res.writeHead(304, headers);
      res.end();
      return { bytes: 0, download: undefined };
    }
    const headers = entry.full.slice();
    headers[1] = requestId;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return { bytes: 0, download: undefined };
    }
    res.end(entry.body);
    return { bytes: entry.body.length, download: entry.download };
  }
}
