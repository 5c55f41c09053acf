import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { ROLES, Role } from '../auth/keys';
import { badRequest, conflict } from '../errors';
import { knownLanguage } from '../languages/store';
import type { DB } from '../storage/db';
import { DEFAULT_SCRYPT, hashPasswordSync, ScryptParams, verifyPassword } from './passwords';

export interface UserInfo {
  id: number;
  name: string;
  role: Role;
  languages: string[] | null;
  createdAt: string;
  disabledAt: string | null;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  languages: string | null;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

/** User names: 2–64 characters, lower-case letters, digits, ".", "_" and "-", starting with a letter or digit. */
export const USER_NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 1024;

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD) throw badRequest(`the password must be at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw badRequest(`the password must be at most ${MAX_PASSWORD} characters`);
}

const toInfo = (r: UserRow): UserInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  languages: r.languages ? r.languages.split(',') : null,
  createdAt: r.createdAt,
  disabledAt: r.disabledAt,
});

/**
 * People who sign in to /admin with a user name and password. Same roles and language scopes as API
 * keys; passwords are kept only as scrypt hashes (see passwords.ts).
 */
export class UserService {
  private readonly isLanguage: (code: string) => boolean;
  private readonly s: Record<'insert' | 'byName' | 'all' | 'disable' | 'setPassword' | 'endSessions', Statement>;
  private readonly changePassword: (id: number, hash: string) => void;
  /** Verified against when the user does not exist, so both answers take the same time. */
  private dummyHash: string | undefined;

  constructor(
    db: DB,
    private readonly now: () => Date = () => new Date(),
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {
    this.isLanguage = knownLanguage(db);
    const columns = 'id, name, role, languages, password_hash AS passwordHash, created_at AS createdAt, disabled_at AS disabledAt';
    this.s = {
      insert: db.prepare('INSERT INTO users (name, role, languages, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      byName: db.prepare(`SELECT ${columns} FROM users WHERE name = ?`),
      all: db.prepare(`SELECT ${columns} FROM users ORDER BY name`),
      disable: db.prepare('UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND disabled_at IS NULL'),
      endSessions: db.prepare('DELETE FROM admin_sessions WHERE user_id = ?'),
    };
    this.changePassword = db.transaction((id: number, hash: string) => {
      this.s.setPassword.run(hash, id);
      this.s.endSessions.run(id);
    });
  }

  /** Creates a user; 400 naming the option for bad input, 409 when the name is taken. */
  create(input: { name: string; role: string; languages?: string[] | null; password: string }): UserInfo {
    const name = input.name.trim().toLowerCase();
    if (!USER_NAME.test(name))
      throw badRequest('--name must be 2 to 64 characters: a-z, 0-9, ".", "_" or "-", starting with a letter or digit');
    if (!(ROLES as readonly string[]).includes(input.role)) throw badRequest(`--role must be one of: ${ROLES.join(', ')}`);
    const role = input.role as Role;
    const languages = input.languages && input.languages.length > 0 ? [...new Set(input.languages)] : null;
    for (const lang of languages ?? []) if (!this.isLanguage(lang)) throw badRequest(`--lang: unknown language "${lang}"`);
    if (role === 'translator' && !languages) throw badRequest('a translator needs --lang with the languages they may edit');
    checkPassword(input.password);
    if (this.s.byName.get(name)) throw conflict(`There is already a user "${name}".`);
    const createdAt = this.now().toISOString();
    const info = this.s.insert.run(
      name,
      role,
      languages ? languages.join(',') : null,
      hashPasswordSync(input.password, this.scrypt),
      createdAt,
    );
    return { id: Number(info.lastInsertRowid), name, role, languages, createdAt, disabledAt: null };
  }

  /**
   * The active user with this name and password, or undefined. An unknown or disabled user costs
   * the same scrypt work as a wrong password, so the answer time does not tell whether a user exists.
   */
  async verify(name: string, password: string): Promise<UserInfo | undefined> {
    // Made on the first sign-in (not at start-up), before any lookup: every answer pays the same.
    this.dummyHash ??= hashPasswordSync(crypto.randomBytes(16).toString('base64url'), this.scrypt);
    const normalized = name.trim().toLowerCase();
    const row = USER_NAME.test(normalized) ? (this.s.byName.get(normalized) as UserRow | undefined) : undefined;
    const ok = await verifyPassword(password.slice(0, MAX_PASSWORD), row?.passwordHash ?? this.dummyHash);
    return row && ok && !row.disabledAt ? toInfo(row) : undefined;
  }

  list(): UserInfo[] {
    return (this.s.all.all() as UserRow[]).map(toInfo);
  }

  /**
   * Gives an active user a new password (someone forgot theirs, or it leaked) and ends every session
   * they have, in one transaction. False when there is no such active user; 400 for a password
   * that is too short or too long, changing nothing.
   */
  setPassword(name: string, password: string): boolean {
    checkPassword(password);
    const row = this.s.byName.get(name.trim().toLowerCase()) as UserRow | undefined;
    if (!row || row.disabledAt) return false;
    this.changePassword(row.id, hashPasswordSync(password, this.scrypt));
    return true;
  }

  /** Disables a user (their sessions end at their next request); false when no such active user. */
  disable(name: string): boolean {
    return this.s.disable.run(this.now().toISOString(), name.trim().toLowerCase()).changes === 1;
  }
}
