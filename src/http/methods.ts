import type { RequestHandler, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { methodNotAllowed } from '../errors';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Declares the routes of a router and keeps which methods each address answers, so that a request
 * with another method gets 405 Method Not Allowed and the Allow header (RFC 9110 §15.5.6) instead
 * of the 404 that says nothing is there. Declare every route through it, then call
 * answerOtherMethods() after the last one.
 */
export class Routes {
  private readonly byPath = new Map<string, Set<string>>();

  constructor(readonly router: Router) {}

  get<P extends string>(path: P, ...handlers: RequestHandler<RouteParameters<P>>[]): this {
    return this.add('get', path, handlers);
  }

  post<P extends string>(path: P, ...handlers: RequestHandler<RouteParameters<P>>[]): this {
    return this.add('post', path, handlers);
  }

  put<P extends string>(path: P, ...handlers: RequestHandler<RouteParameters<P>>[]): this {
    return this.add('put', path, handlers);
  }

  patch<P extends string>(path: P, ...handlers: RequestHandler<RouteParameters<P>>[]): this {
    return this.add('patch', path, handlers);
  }

  delete<P extends string>(path: P, ...handlers: RequestHandler<RouteParameters<P>>[]): this {
    return this.add('delete', path, handlers);
  }

  /**
   * After the last route: for each address, a last route that answers every other method with 405,
   * and OPTIONS with the same Allow header (CORS preflight requests are answered before, by the
   * API's CORS layer).
   */
  answerOtherMethods(): void {
    for (const [path, methods] of this.byPath) this.router.all(path, otherMethods([...methods, 'OPTIONS']));
  }

  private add<P extends string>(method: Method, path: P, handlers: RequestHandler<RouteParameters<P>>[]): this {
    const methods = this.byPath.get(path) ?? new Set<string>();
    methods.add(method.toUpperCase());
    if (method === 'get') methods.add('HEAD');
    this.byPath.set(path, methods);
    this.router[method](path, ...handlers);
    return this;
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
