import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Role } from '../auth/keys';
import type { DB } from '../storage/db';

/** Who is signed in to /admin: a user (password) or the holder of an API key. */
export interface AdminPrincipal {
  kind: 'user' | 'key';
  /** Shown in the page header. */
  displayName: string;
  /** Recorded as the author of changes (revisions, audit log). */
  actorName: string;
  role: Role;
  languages: string[] | null;
}

export interface AdminSession {
  id: number;
  principal: AdminPrincipal;
  /** The per-session token every form must carry. */
  csrfToken: string;
}

export interface SessionLimits {
  /** A session not used for this long ends (ms). */
  idleMs: number;
  /** A session ends this long after sign-in, used or not (ms). */
  maxMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 8 * 60 * 60 * 1000, maxMs: 7 * 24 * 60 * 60 * 1000 };

interface SessionRow {
  id: number;
  createdAt: number;
  lastSeenAt: number;
  userName: string | null;
  userRole: Role | null;
  userLanguages: string | null;
  userDisabled: string | null;
  keyName: string | null;
  keyRole: Role | null;
  keyLanguages: string | null;
  keyRevoked: string | null;
}

/** Session tokens are 256 random bits, base64url. */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Last-use times are written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const tokenHash = (token: string): Buffer => crypto.createHash('sha256').update(token).digest();

/** The CSRF token of a session: derived from its secret token, so it is never stored. */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('admin-csrf').digest('base64url');
}

/**
 * Sessions of /admin. The browser holds a random 256-bit token; the database only its SHA-256
 * hash, so a copy of the database cannot be used to sign in. The role and languages are read
 * from the user or key at every request: disabling a user or revoking a key ends their sessions.
 */
export class SessionService {
  private readonly s: Record<'insert' | 'find' | 'touch' | 'delete' | 'deleteById' | 'purge', Statement>;

  constructor(
    db: DB,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s = {
      insert: db.prepare('INSERT INTO admin_sessions (token_hash, user_id, key_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
      find: db.prepare(`
        SELECT s.id, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt,
               u.name AS userName, u.role AS userRole, u.languages AS userLanguages, u.disabled_at AS userDisabled,
               k.name AS keyName, k.role AS keyRole, k.languages AS keyLanguages, k.revoked_at AS keyRevoked
        FROM admin_sessions s
        LEFT JOIN users u ON u.id = s.user_id
        LEFT JOIN api_keys k ON k.id = s.key_id
        WHERE s.token_hash = ?`),
      touch: db.prepare('UPDATE admin_sessions SET last_seen_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?'),
      deleteById: db.prepare('DELETE FROM admin_sessions WHERE id = ?'),
      purge: db.prepare('DELETE FROM admin_sessions WHERE last_seen_at < ? OR created_at < ?'),
    };
  }

  /** Starts a session for a user or a key and returns its token (to be sent only as a cookie). */
  create(subject: { userId: number } | { keyId: number }): string {
    const now = this.now().getTime();
    this.s.purge.run(now - this.limits.idleMs, now - this.limits.maxMs);
    const token = crypto.randomBytes(32).toString('base64url');
    this.s.insert.run(tokenHash(token), 'userId' in subject ? subject.userId : null, 'keyId' in subject ? subject.keyId : null, now, now);
    return token;
  }

  /** The live session of a token, or undefined (unknown, expired, disabled user, revoked key). */
  find(token: string): AdminSession | undefined {
    if (!SESSION_TOKEN.test(token)) return undefined;
    const row = this.s.find.get(tokenHash(token)) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.now().getTime();
    const principal = toPrincipal(row);
    if (!principal || now - row.lastSeenAt > this.limits.idleMs || now - row.createdAt > this.limits.maxMs) {
      this.s.deleteById.run(row.id);
      return undefined;
    }
    if (now - row.lastSeenAt > TOUCH_EVERY_MS) this.s.touch.run(now, row.id);
    return { id: row.id, principal, csrfToken: csrfTokenFor(token) };
  }

  /** Ends a session (sign-out). */
  end(token: string): void {
    if (SESSION_TOKEN.test(token)) this.s.delete.run(tokenHash(token));
  }
}

function toPrincipal(row: SessionRow): AdminPrincipal | undefined {
  if (row.userName !== null && row.userRole !== null) {
    if (row.userDisabled) return undefined;
    return {
      kind: 'user',
      displayName: row.userName,
      actorName: `user:${row.userName}`,
      role: row.userRole,
      languages: row.userLanguages ? row.userLanguages.split(',') : null,
    };
  }
  if (row.keyName !== null && row.keyRole !== null) {
    if (row.keyRevoked) return undefined;
    return {
      kind: 'key',
      displayName: row.keyName,
      actorName: row.keyName,
      role: row.keyRole,
      languages: row.keyLanguages ? row.keyLanguages.split(',') : null,
    };
  }
  return undefined;
}
