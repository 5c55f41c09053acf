import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { badRequest } from '../errors';
import { knownLanguage } from '../languages/store';
import type { DB } from '../storage/db';

export const ROLES = ['translator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a reader (no key) or the holder of a key. */
export type Principal = { kind: 'reader' } | { kind: 'key'; keyId: number; name: string; role: Role; languages: string[] | null };

export interface KeyInfo {
  id: string;
  name: string;
  role: Role;
  languages: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: number;
  publicId: string;
  name: string;
  role: Role;
  languages: string | null;
  salt: Buffer;
  hash: Buffer;
  createdAt: string;
  revokedAt: string | null;
}

const KEY_FORMAT = /^bk_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

/**
 * API keys. A key is "bk_<public id>_<secret>"; the database keeps the public id and a salted
 * HMAC-SHA-256 of the secret. The secret is 256 random bits, so a fast hash is enough (no
 * dictionary to guess from), and checking a key costs microseconds on every API request.
 */
export class KeyService {
  private readonly isLanguage: (code: string) => boolean;
  private readonly s: Record<'insert' | 'byPublicId' | 'revoke' | 'all', Statement>;

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.isLanguage = knownLanguage(db);
    this.s = {
      insert: db.prepare(`INSERT INTO api_keys (public_id, name, role, languages, salt, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      byPublicId: db.prepare(`
        SELECT id, public_id AS publicId, name, role, languages, salt, hash, created_at AS createdAt, revoked_at AS revokedAt
        FROM api_keys WHERE public_id = ?`),
      revoke: db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE public_id = ? AND revoked_at IS NULL`),
      all: db.prepare(`
        SELECT id, public_id AS publicId, name, role, languages, salt, hash, created_at AS createdAt, revoked_at AS revokedAt
        FROM api_keys ORDER BY id`),
    };
  }

  /** Creates a key and returns it in full: the only time the secret exists outside its holder. */
  create(input: { name: string; role: string; languages?: string[] | null }): { key: string; info: KeyInfo } {
    const name = input.name.trim();
    if (name === '' || name.length > 200) throw badRequest('--name must be 1 to 200 characters: who holds the key');
    if (!(ROLES as readonly string[]).includes(input.role)) throw badRequest(`--role must be one of: ${ROLES.join(', ')}`);
    const role = input.role as Role;
    const languages = input.languages && input.languages.length > 0 ? [...new Set(input.languages)] : null;
    for (const lang of languages ?? []) if (!this.isLanguage(lang)) throw badRequest(`--lang: unknown language "${lang}"`);
    if (role === 'translator' && !languages) throw badRequest('a translator key needs --lang with the languages it may edit');
    const publicId = randomAlnum(10);
    const secret = crypto.randomBytes(32).toString('base64url');
    const salt = crypto.randomBytes(16);
    const createdAt = this.now().toISOString();
    this.s.insert.run(publicId, name, role, languages ? languages.join(',') : null, salt, digest(salt, secret), createdAt);
    return { key: `bk_${publicId}_${secret}`, info: { id: publicId, name, role, languages, createdAt, revokedAt: null } };
  }

  /** The principal for a presented key, or undefined when it is unknown, malformed or revoked. */
  verify(key: string): Principal | undefined {
    const m = KEY_FORMAT.exec(key);
    if (!m) return undefined;
    const row = this.s.byPublicId.get(m[1]) as KeyRow | undefined;
    if (!row || row.revokedAt) return undefined;
    const presented = digest(row.salt, m[2] as string);
    if (presented.length !== row.hash.length || !crypto.timingSafeEqual(presented, row.hash)) return undefined;
    return { kind: 'key', keyId: row.id, name: row.name, role: row.role, languages: row.languages ? row.languages.split(',') : null };
  }

  /** Revokes a key by its public id; false when there is no such active key. */
  revoke(publicId: string): boolean {
    return this.s.revoke.run(this.now().toISOString(), publicId).changes === 1;
  }

  list(): KeyInfo[] {
    return (this.s.all.all() as KeyRow[]).map((r) => ({
      id: r.publicId,
      name: r.name,
      role: r.role,
      languages: r.languages ? r.languages.split(',') : null,
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
    }));
  }
}

function digest(salt: Buffer, secret: string): Buffer {
  return crypto.createHmac('sha256', salt).update(secret).digest();
}

function randomAlnum(length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
