import net from 'node:net';
import type { ServerOptions } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { crossOriginRefused } from '../errors';

/**
 * Limits of the HTTP server: request headers up to 16 KB in total (Node answers 431 above it).
 * Bodies are limited where they are read: 1 MB of JSON, 5 MB of XLIFF (src/api/).
 */
export const SERVER_OPTIONS: ServerOptions = { maxHeaderSize: 16 * 1024 };

/**
 * Security headers (helmet). The Content-Security-Policy allows nothing but the service's own
 * stylesheet and images: no script at all, no inline style, no framing, forms only to the service.
 * HSTS is sent only when the service is public over HTTPS (BASE_URL https://), for a year and
 * without includeSubDomains (other hosts of the institution's domain are not ours to decide).
 */
export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Request headers a cross-origin reader may send beyond the CORS-safelisted ones. */
const ALLOWED_HEADERS = ['If-None-Match'];
const EXPOSED_HEADERS = ['ETag', 'Link', 'Location', 'X-Request-Id'];

const corsForReads = cors({
  origin: '*',
  methods: ['GET', 'HEAD'],
  allowedHeaders: ALLOWED_HEADERS,
  exposedHeaders: EXPOSED_HEADERS,
  credentials: false,
  maxAge: 600,
});

/**
 * CORS for the partner API: any site may read public data (GET and HEAD without credentials) from
 * a browser. Requests with an Authorization header, and all writes, get no CORS headers, so a
 * browser never lets another site read or write with a key. A preflight asking for anything but a
 * plain read (another method, or the Authorization header) is refused with 403.
 */
export function apiCors(): RequestHandler {
  return (req, res, next) => {
    const preflightMethod = req.method === 'OPTIONS' ? req.get('access-control-request-method') : undefined;
    if (preflightMethod !== undefined) {
      const headers = (req.get('access-control-request-headers') ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const allowed = new Set(ALLOWED_HEADERS.map((h) => h.toLowerCase()));
      if (!READ_METHODS.has(preflightMethod.toUpperCase()) || headers.some((h) => !allowed.has(h))) {
        throw crossOriginRefused();
      }
      corsForReads(req, res, next);
      return;
    }
    if (READ_METHODS.has(req.method) && req.get('authorization') === undefined) {
      corsForReads(req, res, next);
      return;
    }
    next();
  };
}

/** The `trust proxy` setting: false, true, a number of hops, or addresses/networks of proxies. */
export type TrustProxySetting = boolean | number | string[];

const NAMED_NETWORKS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** True for an address, a network in CIDR notation, or a name Express knows (loopback, …). */
function isProxyAddress(entry: string): boolean {
  if (NAMED_NETWORKS.has(entry)) return true;
  const [ip = '', prefix, ...rest] = entry.split('/');
  const version = net.isIP(ip);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as written in the environment: "false" (default: the client is the TCP peer),
 * "true" (trust every proxy — only behind a proxy that overwrites X-Forwarded-For), a number of
 * proxies in front, or a comma-separated list of proxy addresses, networks (CIDR) and the names
 * loopback, linklocal, uniquelocal.
 */
export const TrustProxySchema = z
  .string()
  .trim()
  .transform((text, ctx): TrustProxySetting => {
    const lower = text.toLowerCase();
    if (lower === '' || lower === 'false') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(lower)) {
      const hops = Number(lower);
      if (hops <= 32) return hops;
      ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be at most 32 proxies' });
      return z.NEVER;
    }
    const entries = lower
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be false, true, a number of proxies, or a comma-separated list of addresses, networks (CIDR) and loopback/linklocal/uniquelocal; not understood: ${bad.join(', ') || text}`,
      });
      return z.NEVER;
    }
    return entries;
  });
