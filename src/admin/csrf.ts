import crypto from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'booklets_admin';
export const LOGIN_COOKIE = 'booklets_login';
const NONCE = /^[A-Za-z0-9_-]{22}$/;

/** Cookies of a request by name (only the first of a repeated name; values are not decoded). */
export function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = req.get('cookie');
  if (!header || header.length > 8192) return cookies;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(i + 1).trim());
  }
  return cookies;
}

/**
 * Sets a cookie of /admin: HttpOnly, SameSite=Strict, limited to `path`, Secure when the request
 * came over HTTPS (req.secure follows the app's trust proxy setting). `maxAge` in seconds; 0 deletes.
 */
export function setAdminCookie(req: Request, res: Response, name: string, value: string, path: string, maxAge?: number): void {
  const parts = [`${name}=${value}`, `Path=${path}`, 'HttpOnly', 'SameSite=Strict'];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

/** Timing-safe comparison of two strings (false when the lengths differ). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * CSRF protection of the sign-in form, before there is a session: a signed double-submit token.
 * The form page sets a random nonce in a cookie scoped to /admin/login and puts an HMAC of it in
 * a hidden field; a post must bring both, matching. The key lives in memory only: after a restart
 * an open sign-in form is refused once and works when reloaded.
 */
export class LoginCsrf {
  private readonly key = crypto.randomBytes(32);

  /** A new nonce and the field value that goes with it. */
  issue(): { nonce: string; token: string } {
    const nonce = crypto.randomBytes(16).toString('base64url');
    return { nonce, token: this.sign(nonce) };
  }

  /** The field value for a nonce the browser already holds (a form shown again after a failure). */
  tokenFor(nonce: string): string | undefined {
    return NONCE.test(nonce) ? this.sign(nonce) : undefined;
  }

  verify(nonce: string | undefined, token: unknown): boolean {
    if (nonce === undefined || !NONCE.test(nonce) || typeof token !== 'string') return false;
    return sameToken(this.sign(nonce), token);
  }

  private sign(nonce: string): string {
    return crypto.createHmac('sha256', this.key).update(`login:${nonce}`).digest('base64url');
  }
}
