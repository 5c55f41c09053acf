import type { RequestHandler, Router } from 'express';
import { methodNotAllowed } from '../errors';

/** What this module reads of an Express router: its routes' paths and methods. */
interface RouteLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/**
 * Answers a request for an address the router serves, with a method it does not serve, with
 * 405 Method Not Allowed and the Allow header (RFC 9110 §15.5.6), instead of the 404 that says
 * nothing is there. Call it after the router's last route: it reads the routes' paths and methods
 * once and adds, for each path, a last route that answers every other method, and OPTIONS with
 * the same Allow header (CORS preflight requests are answered before, by the API's CORS layer).
 */
export function answerOtherMethods(router: Router): void {
  const byPath = new Map<string, Set<string>>();
  for (const layer of (router as unknown as { stack: RouteLayer[] }).stack) {
    const { path, methods } = layer.route ?? {};
    if (typeof path !== 'string' || !methods) continue;
    const allowed = byPath.get(path) ?? new Set<string>();
    for (const [method, on] of Object.entries(methods)) {
      if (!on || method === '_all') continue;
      allowed.add(method.toUpperCase());
      if (method === 'get') allowed.add('HEAD');
    }
    byPath.set(path, allowed);
  }
  for (const [path, allowed] of byPath) {
    if (allowed.size === 0) continue;
    router.all(path, otherMethods([...allowed, 'OPTIONS']));
  }
}

function otherMethods(allowed: string[]): RequestHandler {
  const allow = allowed.join(', ');
  const listed = allowed.filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    if (allowed.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', allow);
    throw methodNotAllowed(`${req.method} is not allowed at this address; it answers ${listed.join(' and ')}.`);
  };
}
