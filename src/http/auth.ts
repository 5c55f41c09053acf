import type { Request, RequestHandler } from 'express';
import { forbidden, unauthorized } from '../errors';
import type { KeyService, Principal, Role } from '../auth/keys';

/**
 * Reads `Authorization: Bearer <key>`. No header: a reader. A header with an unknown, malformed
 * or revoked key is a 401 — never silently treated as a reader.
 */
export function authenticate(keys: KeyService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      res.locals.principal = { kind: 'reader' } satisfies Principal;
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="booklets"');
    const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
    if (!m) throw unauthorized('The Authorization header must be "Bearer <key>".');
    const principal = keys.verify(m[1] as string);
    if (!principal) throw unauthorized('This key is not valid or has been revoked.');
    res.locals.principal = principal;
    next();
  };
}

/** The caller of this request (set by authenticate). */
export function principalOf(req: Request): Principal {
  return (req.res?.locals.principal as Principal | undefined) ?? { kind: 'reader' };
}

const RANK: Record<Role, number> = { translator: 1, editor: 2, admin: 3 };

/**
 * Requires a key of at least `role` (admin > editor > translator); 401 without a key, 403 with a
 * weaker one. Returns the key's principal.
 */
export function requireRole(req: Request, role: Role): Extract<Principal, { kind: 'key' }> {
  const p = principalOf(req);
  if (p.kind !== 'key') throw unauthorized(`This needs an API key (Authorization: Bearer <key>) with the ${role} role.`);
  if (RANK[p.role] < RANK[role]) throw forbidden(`This needs the ${role} role; your key has the ${p.role} role.`);
  return p;
}

/** Translators may edit only their languages; editors and admins any language. */
export function requireLanguage(req: Request, lang: string): Extract<Principal, { kind: 'key' }> {
  const p = requireRole(req, 'translator');
  if (p.role === 'translator' && !(p.languages ?? []).includes(lang)) {
    throw forbidden(`Your key may edit ${(p.languages ?? []).join(', ') || 'no languages'}, not ${lang}.`);
  }
  return p;
}
