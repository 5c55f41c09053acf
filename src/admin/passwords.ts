import crypto from 'node:crypto';

/** scrypt cost parameters; kept with every hash so they can be raised later without a migration. */
export interface ScryptParams {
  /** CPU/memory cost (a power of two). */
  N: number;
  r: number;
  p: number;
}

/** About 50–100 ms and 32 MB per hash on a small server: slow to guess, quick enough to sign in. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{22,})\$([A-Za-z0-9_-]{43})$/;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (err, key) => {
        if (err) reject(err);
        else resolve(key);
      },
    );
  });
}

/** "scrypt$N$r$p$<salt>$<hash>" with a random 128-bit salt (base64url). */
export function hashPasswordSync(password: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, {
    ...params,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True when `password` matches `stored`. Runs scrypt off the main thread and compares in constant
 * time; a malformed stored value never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const expected = Buffer.from(m[5] as string, 'base64url');
  const actual = await derive(password, Buffer.from(m[4] as string, 'base64url'), params);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** A readable random password of about 120 bits, for `users create` when none is given. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = Array.from({ length: 24 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
  return (chars.match(/.{6}/g) as string[]).join('-');
}
