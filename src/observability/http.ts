import type { IncomingMessage, ServerResponse } from 'node:http';
import { agentFamily, anonymiseAddress, clientAddress, LogClientMode, TrustFunction } from './client';
import type { HotAnswer } from '../http/hot';
import type { Response } from 'express';
import { countsAsDownload, Download, DownloadCounter } from '../stats/downloads';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { requestIdOf } from './request-id';

export interface RequestObserverDeps {
  logger: Logger;
  metrics: Metrics;
  downloads: DownloadCounter;
  /** Readers' addresses are left out of logs unless this is "anonymised". */
  logClient: LogClientMode;
  /** The `trust proxy` setting, compiled (Express's "trust proxy fn"). */
  trust: TrustFunction;
}

/** What is known about a request while it runs. */
export interface RequestState {
  id: string;
  start: bigint;
  /** The URL as received, before any routing rewrote req.url. */
  url: string;
  /** Route pattern that answered, when the hot path answered (it names its route itself). */
  route?: string;
  /** Reads the route pattern Express matched, when the application answered (watchRoute). */
  routeOf?: () => string | undefined;
  /** Set when the hot path answered: what it sent (its headers are not kept on the response). */
  hot?: HotAnswer;
}

const STATE = Symbol('booklets.request');
type Observed = IncomingMessage & { [STATE]?: RequestState };

/** The state of a request observed by observeRequest (undefined before). */
export function requestState(req: IncomingMessage): RequestState | undefined {
  return (req as Observed)[STATE];
}

/** The route label of requests the hot path answers (the route that would answer them otherwise). */
export const BOOKLET_FILE_ROUTE = '/booklets/:slug/:file';

/**
 * Returns the function that starts observing a request: it gives the request an id (echoed as
 * X-Request-Id by the application's first middleware, or by the hot path in its prepared headers),
 * and when the response ends writes one access line, records the request in the metrics and counts
 * it if it was a download. It runs first for every request — on the hot path
 * and in the application alike — and does nothing the second time for the same request.
 *
 * The access line has the method, the path without its query (queries may carry anything), the
 * route pattern, status, duration and bytes. Never headers, bodies, cookies or keys; the reader's
 * address and agent only when logClient is "anonymised", and then reduced to their network and
 * software family.
 */
export function requestObserver(deps: RequestObserverDeps): (req: IncomingMessage, res: ServerResponse) => RequestState {
  return (req, res) => {
    const observed = req as Observed;
    const existing = observed[STATE];
    if (existing) return existing;
    const state: RequestState = { id: requestIdOf(req.headers['x-request-id']), start: process.hrtime.bigint(), url: req.url ?? '/' };
    observed[STATE] = state;
    // 'close' ends every response: after 'finish' when it was sent completely, alone when aborted.
    res.once('close', () => {
      const finished = res.writableFinished;
      const seconds = Number(process.hrtime.bigint() - state.start) / 1e9;
      const route = state.route ?? state.routeOf?.() ?? 'unmatched';
      const method = req.method ?? 'GET';
      deps.metrics.observeRequest(method, route, res.statusCode, seconds);
      const hot = state.hot;
      const line: Record<string, unknown> = {
        requestId: state.id,
        method,
        path: pathOf(state.url),
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        bytes: hot ? hot.bytes : bodyBytes(method, res),
      };
      if (!finished) line.aborted = true;
      if (deps.logClient === 'anonymised') {
        line.client = anonymiseAddress(clientAddress(req, deps.trust));
        line.agent = agentFamily(req.headers['user-agent']);
      }
      deps.logger.info(line, 'request');
      if (!finished) return;
      let download: Download | undefined;
      if (hot) download = hot.download;
      else {
        const contentRange = res.getHeader('content-range');
        const counted = countsAsDownload(method, res.statusCode, typeof contentRange === 'string' ? contentRange : undefined);
        download = counted ? (res as Partial<Response>).locals?.download : undefined;
      }
      if (download) {
        deps.downloads.record(download);
        deps.metrics.observeDownload(download.format);
      }
    });
    return state;
  };
}

/** What watchRoute reads of an Express request and response (public Express API only). */
export interface RoutedExchange {
  req: { route?: { path?: unknown } };
  res: { locals: Record<string, unknown> };
}

/**
 * Called when a request enters the application (not on the hot path, which names its route
 * itself): when the response ends, the route label is the pattern of the route Express matched
 * last (`req.route`, public API) under the mount path recorded by `recordMount` on the way in.
 * The mount is recorded explicitly because Express resets req.baseUrl when an error leaves a
 * mounted router, before the response ends.
 */
export function watchRoute({ req, res }: RoutedExchange, state: RequestState): void {
  state.routeOf ??= () => {
    const path = req.route?.path;
    if (typeof path !== 'string') return undefined;
    const mount = res.locals[MOUNT];
    return `${typeof mount === 'string' ? mount : ''}${path}`;
  };
}

const MOUNT = 'routeMount';

/**
 * Middleware for a mount point (`app.use('/admin', recordMount, router)`): remembers the path the
 * router is mounted at, for the route label of the requests it answers. Mount paths match
 * case-insensitively; the label uses them as written (all lower case).
 */
export function recordMount(req: { baseUrl: string }, res: { locals: Record<string, unknown> }, next: () => void): void {
  res.locals[MOUNT] = req.baseUrl.toLowerCase();
  next();
}

/** The path of a URL without its query, at most 200 characters. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Bytes of body sent: Content-Length, or 0 when there is no body (HEAD, 204, 304). */
function bodyBytes(method: string, res: ServerResponse): number | undefined {
  if (method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return 0;
  const length = Number(res.getHeader('content-length'));
  return Number.isFinite(length) ? length : undefined;
}
