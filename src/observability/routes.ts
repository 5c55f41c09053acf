import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError, badRequest, notFound } from '../errors';
import { requireRole } from '../http/auth';
import { StatsQuery } from '../translations/api-schemas';
import type { BookletService } from '../booklets/service';
import type { DownloadCounter } from './downloads';
import type { Metrics } from './metrics';

/** Who may read /metrics: nobody, local connections only (default), or anyone. */
export const METRICS_ACCESS = ['off', 'loopback', 'public'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS)[number];

export interface MetricsRouteOptions {
  access: MetricsAccess;
  /** When set, /metrics also needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * A connection from this machine that no proxy forwarded. A reverse proxy on the same host
 * connects from 127.0.0.1 too, but adds X-Forwarded-For/Forwarded, so its requests are refused.
 */
function isLocal(req: Request): boolean {
  if (req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined || req.get('x-real-ip') !== undefined) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * GET /metrics in the Prometheus text format. Refused requests get the same 404 as any unknown
 * address, so the endpoint is invisible where it is not meant to be read; with a token configured,
 * a missing or wrong token is a 401.
 */
export function metricsRoute(metrics: Metrics, options: MetricsRouteOptions): RequestHandler {
  return async (req, res) => {
    if (options.access === 'off' || (options.access === 'loopback' && !isLocal(req))) {
      throw notFound(`Nothing is published at ${req.path}.`);
    }
    if (options.token !== undefined) {
      const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(req.get('authorization') ?? '');
      if (!m || !sameSecret(m[1] as string, options.token)) {
        throw new AppError(401, 'unauthorized', 'The metrics need the token configured in METRICS_TOKEN (Authorization: Bearer <token>).');
      }
    }
    const { contentType, body } = await metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  };
}

/** The longest period one request may cover. */
export const MAX_STATS_DAYS = 366;
const DEFAULT_DAYS = 30;

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * GET /api/v1/stats/downloads?from=&to=&booklet= (editors and admins): download counts per day,
 * booklet, language and format. `to` defaults to today (UTC), `from` to 29 days before `to`.
 */
export function downloadStatsRoute(deps: { downloads: DownloadCounter; booklets: BookletService }): RequestHandler {
  return (req, res) => {
    requireRole(req, 'editor');
    const parsed = StatsQuery.safeParse(req.query);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? (i.code === 'unrecognized_keys' ? i.keys.join(', ') : 'query')), message: i.message }));
      throw badRequest(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    }
    const q = parsed.data;
    const to = q.to ?? deps.downloads.today();
    const from = q.from ?? shiftDay(to, -(DEFAULT_DAYS - 1));
    if (from > to) throw badRequest(`from (${from}) must not be after to (${to}).`, [{ field: 'from', message: 'must not be after to' }]);
    if (shiftDay(from, MAX_STATS_DAYS - 1) < to) {
      throw badRequest(`The period may cover at most ${MAX_STATS_DAYS} days.`, [{ field: 'from', message: `at most ${MAX_STATS_DAYS} days before to` }]);
    }
    if (q.booklet !== undefined) deps.booklets.sourceOf(q.booklet);
    const rows = deps.downloads.query(from, to, q.booklet);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      from,
      to,
      booklet: q.booklet ?? null,
      total: rows.reduce((n, r) => n + r.count, 0),
      downloads: rows.map((r) => ({ day: r.day, booklet: r.slug, lang: r.lang, format: r.format, count: r.count })),
    });
  };
}
