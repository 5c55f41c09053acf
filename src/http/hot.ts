import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BookletRequest } from '../site/request';
import type { Download } from '../stats/downloads';
import type { RenderCache } from '../rendering/cache';
import { matchesEtag } from './send';

interface HotEntry {
  /** Header names and values of the 200 response, flat, after a slot for the request id. */
  full: string[];
  /** The same for a 304 (no Content-Length). */
  notModified: string[];
  /** The render cache's key of the body: the body itself is kept there, under its byte bound. */
  key: string;
  etag: string;
  /** The booklet languages the document was made of, and their content revisions then. */
  slug: string;
  langs: string[];
  revisions: string[];
  /** What a complete GET of this address counts as. */
  download: Download;
}

/** What the hot path sent, for the request's access line, metrics and download count. */
export interface HotAnswer {
  bytes: number;
  /** The download a complete response is, if any (GET 200 only). */
  download: Download | undefined;
}

const REQUEST_ID = 'x-request-id';

/** The content revision of a published booklet language, or undefined when it is not published. */
export type RevisionOf = (slug: string, lang: string) => string | undefined;

/**
 * The hot path for the most frequent request: downloading a PDF that is already rendered. Responses
 * of cached documents are remembered by exact address with all their headers, and served before the
 * Express stack runs — a map lookup, a check of the content revisions the document was made of, and
 * one write with headers prepared when the response was remembered. The body stays in the render
 * cache: when the cache lets it go (its byte bound), the address goes through the application
 * again. An edit of another booklet, or anything else that leaves these languages' published text
 * as it was, keeps the entry. A print variant is remembered by its exact address, query included,
 * when the query holds print parameters alone (BookletRequest.plainQuery). Anything unusual (a
 * Range, another method) goes through the full application.
 */
export class HotResponses {
  private readonly entries = new Map<string, HotEntry>();
  hits = 0;

  /**
   * @param store the render cache that holds the bodies
   * @param revisionOf the current content revision of a booklet language (BookletService.revision)
   * @param maxEntries bound on remembered addresses (their headers; the bodies are in `store`); the
   *   least recently used goes first
   */
  constructor(
    private readonly store: RenderCache,
    private readonly revisionOf: RevisionOf,
    private readonly maxEntries = 512,
  ) {}

  /** Whether every language the entry was made of is published with the same text as then. */
  private current(entry: HotEntry): boolean {
    return entry.langs.every((lang, i) => this.revisionOf(entry.slug, lang) === entry.revisions[i]);
  }

  /**
   * Remembers the complete 200 response to `url`, whose body the render cache keeps under `key`,
   * for as long as the published text of the languages it was made of stays as it is.
   */
  remember(url: string, request: BookletRequest, key: string, headers: OutgoingHttpHeaders): void {
    if (url.length > 300 || !request.plainQuery) return;
    const langs = request.variant.with ? [request.lang, request.variant.with] : [request.lang];
    const revisions = langs.map((lang) => this.revisionOf(request.slug, lang));
    if (revisions.includes(undefined)) return; // no longer published
    this.entries.delete(url);
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
      key,
      etag: String(headers.etag ?? ''),
      slug: request.slug,
      langs,
      revisions: revisions as string[],
      download: request.download,
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
    const output = this.current(entry) ? this.store.peek(entry.key) : undefined;
    if (!output) {
      this.entries.delete(url);
      return undefined;
    }
    this.hits++;
    // Most recently used last: the first entry is the one to let go when the map is full.
    this.entries.delete(url);
    this.entries.set(url, entry);
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
    res.end(output.body);
    return { bytes: output.body.length, download: entry.download };
  }
}
