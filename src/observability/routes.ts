import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { notFound, unauthorized } from '../errors';
import type { Metrics, MetricsAccess } from './metrics';

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
        throw unauthorized('The metrics need the token configured in METRICS_TOKEN (Authorization: Bearer <token>).');
      }
    }
    const { contentType, body } = await metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  };
}
