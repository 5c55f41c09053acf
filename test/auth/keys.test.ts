import { KeyService } from '../../src/auth/keys';
import { openDatabase } from '../../src/storage/db';

describe('API keys', () => {
  const db = openDatabase(':memory:');
  const keys = new KeyService(db);

  it('a created key verifies as its holder, role and languages', () => {
    const { key, info } = keys.create({ name: 'NGO Kyiv', role: 'translator', languages: ['uk', 'ru'] });
    expect(key).toMatch(/^bk_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(keys.verify(key)).toEqual({
      kind: 'key',
      keyId: expect.any(Number),
      name: 'NGO Kyiv',
      role: 'translator',
      languages: ['uk', 'ru'],
    });
    expect(info.id).toBe(key.slice(3, 13));
  });

  it('the database holds no plaintext key, only a salted hash', () => {
    const { key } = keys.create({ name: 'Editor', role: 'editor' });
    const secret = key.slice(14);
    const dump = JSON.stringify(db.prepare('SELECT * FROM api_keys').all(), (_k, v: unknown) =>
      Buffer.isBuffer(v) ? v.toString('hex') : v,
    );
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    expect(dump).not.toContain(key);
  });

  it('a wrong secret, a malformed key and a revoked key are refused', () => {
    const { key, info } = keys.create({ name: 'Admin', role: 'admin' });
    expect(keys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(keys.verify('bk_nope')).toBeUndefined();
    expect(keys.verify('')).toBeUndefined();
    expect(keys.revoke(info.id)).toBe(true);
    expect(keys.verify(key)).toBeUndefined();
    expect(keys.revoke(info.id)).toBe(false);
  });

  it.each([
    [{ name: '', role: 'editor' }, /--name/],
    [{ name: 'x', role: 'owner' }, /--role must be one of: translator, editor, admin/],
    [{ name: 'x', role: 'translator' }, /translator key needs --lang/],
    [{ name: 'x', role: 'translator', languages: ['xx'] }, /unknown language "xx"/],
  ])('refuses %j', (input, message) => {
    expect(() => keys.create(input)).toThrow(message);
  });
});
