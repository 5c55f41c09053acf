import crypto from 'node:crypto';
import { FailureLimiter } from '../../src/admin/limiter';
import { generatePassword, hashPasswordSync, verifyPassword } from '../../src/admin/passwords';
import { UserService } from '../../src/admin/users';
import { openDatabase } from '../../src/storage/db';
import { CHEAP_SCRYPT } from './helpers';

describe('passwords', () => {
  it('are hashed with scrypt, a random salt and the cost parameters kept with the hash', async () => {
    const a = hashPasswordSync('a long enough password', CHEAP_SCRYPT);
    const b = hashPasswordSync('a long enough password', CHEAP_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    await expect(verifyPassword('a long enough password', a)).resolves.toBe(true);
    await expect(verifyPassword('a long enough passworD', a)).resolves.toBe(false);
    await expect(verifyPassword('a long enough password', 'garbage')).resolves.toBe(false);
  });

  it('the same text in another Unicode normalization form is the same password', async () => {
    const composed = 'пароль ї для входу';
    const hash = hashPasswordSync(composed, CHEAP_SCRYPT);
    await expect(verifyPassword(composed.normalize('NFD'), hash)).resolves.toBe(true);
  });

  it('generated passwords are long and random', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[A-Za-z2-9]{6}(-[A-Za-z2-9]{6}){3}$/);
    expect(generatePassword()).not.toBe(p);
  });
});

describe('users', () => {
  const service = () => new UserService(openDatabase(':memory:'), () => new Date('2026-01-10T10:00:00Z'), CHEAP_SCRYPT);

  it('an unknown user costs the same scrypt work as a wrong password', async () => {
    const users = service();
    users.create({ name: 'olena', role: 'translator', languages: ['uk'], password: 'the right password' });
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      await users.verify('olena', 'a wrong password');
      await users.verify('nobody', 'a wrong password');
      await users.verify('Not A Valid Name!', 'a wrong password');
      expect(spy).toHaveBeenCalledTimes(3);
      const costs = spy.mock.calls.map((c) => JSON.stringify(c[3]));
      expect(new Set(costs).size).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('user names are case-insensitive; roles and languages are checked like keys', async () => {
    const users = service();
    const info = users.create({ name: ' Olena ', role: 'translator', languages: ['uk', 'ru'], password: 'the right password' });
    expect(info).toMatchObject({ name: 'olena', role: 'translator', languages: ['uk', 'ru'] });
    await expect(users.verify('OLENA', 'the right password')).resolves.toMatchObject({ name: 'olena' });
    expect(() => users.create({ name: 'olena', role: 'editor', password: 'the right password' })).toThrow(/already a user "olena"/);
    expect(() => users.create({ name: 'x', role: 'editor', password: 'the right password' })).toThrow(/--name must be 2 to 64/);
    expect(() => users.create({ name: 'maria', role: 'boss', password: 'the right password' })).toThrow(
      /--role must be one of: translator, editor, admin/,
    );
    expect(() => users.create({ name: 'maria', role: 'translator', password: 'the right password' })).toThrow(/needs --lang/);
    expect(() => users.create({ name: 'maria', role: 'translator', languages: ['xx'], password: 'the right password' })).toThrow(
      /unknown language "xx"/,
    );
    expect(() => users.create({ name: 'maria', role: 'editor', password: 'short' })).toThrow(/at least 12 characters/);
    expect(users.list().map((u) => u.name)).toEqual(['olena']);
  });

  it('a disabled user cannot sign in', async () => {
    const users = service();
    users.create({ name: 'olena', role: 'editor', password: 'the right password' });
    expect(users.disable('olena')).toBe(true);
    expect(users.disable('olena')).toBe(false);
    await expect(users.verify('olena', 'the right password')).resolves.toBeUndefined();
    expect(users.list()[0]?.disabledAt).toBe('2026-01-10T10:00:00.000Z');
  });
});

describe('the sign-in failure limiter', () => {
  it('allows five failures per key in fifteen minutes and says how long to wait', () => {
    let now = 0;
    const limiter = new FailureLimiter(5, 15 * 60_000, () => now);
    for (let i = 0; i < 4; i++) limiter.fail(['user:a', 'client:1']);
    expect(limiter.retryAfter(['user:a'])).toBe(0);
    now = 60_000;
    limiter.fail(['user:a', 'client:1']);
    expect(limiter.retryAfter(['user:a'])).toBe(14 * 60);
    expect(limiter.retryAfter(['user:b', 'client:1'])).toBe(14 * 60);
    expect(limiter.retryAfter(['user:b', 'client:2'])).toBe(0);
    limiter.clear('user:a');
    expect(limiter.retryAfter(['user:a'])).toBe(0);
    // A sliding window: the four early failures leave it after fifteen minutes.
    now = 15 * 60_000 - 1000;
    expect(limiter.retryAfter(['client:1'])).toBe(1);
    now = 15 * 60_000;
    expect(limiter.retryAfter(['client:1'])).toBe(0);
  });

  it('stays bounded in memory when attacked from many addresses', () => {
    const limiter = new FailureLimiter(5, 60_000, () => 0, 100);
    for (let i = 0; i < 1000; i++) limiter.fail([`client:${i}`]);
    expect((limiter as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
  });
});
