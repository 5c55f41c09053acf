import { capturedOutput } from '../helpers/streams';
import { UserService } from '../../src/admin/users';
import { usersCommand } from '../../src/cli/users';
import { openDatabase } from '../../src/storage/db';

function run(users: UserService, args: string[], stdin = '') {
  const { out, err, text } = capturedOutput();
  const code = usersCommand(users, args, out, err, () => stdin);
  return { code, out: () => text().out, err: () => text().err };
}

describe('npm run booklets -- users', () => {
  const users = () => new UserService(openDatabase(':memory:'), undefined, { N: 1024, r: 8, p: 1 });

  it('create reads the password from standard input and never prints it', async () => {
    const service = users();
    const r = run(service, ['create', '--name', 'olena', '--role', 'translator', '--lang', 'uk,ru'], 'пароль-для-олени-2026\n');
    expect(r.code).toBe(0);
    expect(r.out()).toBe('Created translator olena (languages: uk, ru). Sign in at /admin/login.\n');
    await expect(service.verify('olena', 'пароль-для-олени-2026')).resolves.toMatchObject({ role: 'translator', languages: ['uk', 'ru'] });
  });

  it('create without a password generates one and prints it once, alone on the last line', async () => {
    const service = users();
    const r = run(service, ['create', '--name', 'editor', '--role', 'editor']);
    expect(r.code).toBe(0);
    const lines = r.out().trim().split('\n');
    const password = lines[lines.length - 1] as string;
    expect(password).toMatch(/^[A-Za-z2-9-]{27}$/);
    await expect(service.verify('editor', password)).resolves.toMatchObject({ role: 'editor', languages: null });
  });

  it('bad input is refused with a message naming the option, and creates nothing', () => {
    const service = users();
    expect(run(service, ['create', '--name', 'a', '--role', 'editor'], 'long enough password').err()).toMatch(/--name must be/);
    expect(run(service, ['create', '--name', 'maria', '--role', 'translator'], 'long enough password').err()).toMatch(/needs --lang/);
    expect(run(service, ['create', '--name', 'maria', '--role', 'editor'], 'short').err()).toMatch(/at least 12 characters/);
    const unknown = run(service, ['create', '--name', 'maria', '--rol', 'editor']);
    expect([unknown.code, unknown.err()]).toEqual([2, 'unknown argument "--rol"\n']);
    expect(run(service, ['frobnicate']).code).toBe(2);
    expect(service.list()).toEqual([]);
    run(service, ['create', '--name', 'maria', '--role', 'editor'], 'long enough password');
    const twice = run(service, ['create', '--name', 'maria', '--role', 'editor'], 'long enough password');
    expect([twice.code, twice.err()]).toEqual([1, 'There is already a user "maria".\n']);
  });

  it('list shows users without secrets; disable stops a user', () => {
    const service = users();
    run(service, ['create', '--name', 'olena', '--role', 'translator', '--lang', 'uk'], 'a secret password here');
    expect(run(service, ['list']).out()).toMatch(/^olena\s+translator\s+uk\s+active\n$/);
    expect(run(service, ['list']).out()).not.toContain('secret');
    expect(run(service, ['disable', 'olena']).code).toBe(0);
    expect(run(service, ['list']).out()).toMatch(/disabled \d{4}-/);
    const again = run(service, ['disable', 'olena']);
    expect([again.code, again.err()]).toEqual([1, 'No active user "olena".\n']);
  });

  it('password gives an active user a new one, ends their sessions and changes nothing on bad input', async () => {
    const db = openDatabase(':memory:');
    const service = new UserService(db, undefined, { N: 1024, r: 8, p: 1 });
    run(service, ['create', '--name', 'olena', '--role', 'translator', '--lang', 'uk'], 'the first password\n');
    const id = (await service.verify('olena', 'the first password'))?.id;
    db.prepare('INSERT INTO admin_sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, 0, 0)').run(
      Buffer.alloc(32, 1),
      id,
    );

    const short = run(service, ['password', 'olena'], 'short\n');
    expect([short.code, short.err()]).toEqual([2, 'the password must be at least 12 characters\n']);
    await expect(service.verify('olena', 'the first password')).resolves.toBeDefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM admin_sessions').get()).toEqual({ n: 1 });

    const changed = run(service, ['password', 'Olena'], 'a new long password\n');
    expect([changed.code, changed.out()]).toEqual([0, 'New password set for olena; their sessions have ended.\n']);
    await expect(service.verify('olena', 'the first password')).resolves.toBeUndefined();
    await expect(service.verify('olena', 'a new long password')).resolves.toMatchObject({ role: 'translator', languages: ['uk'] });
    expect(db.prepare('SELECT COUNT(*) AS n FROM admin_sessions').get()).toEqual({ n: 0 });

    const generated = run(service, ['password', 'olena']);
    const lines = generated.out().trim().split('\n');
    await expect(service.verify('olena', lines[lines.length - 1] as string)).resolves.toBeDefined();
    expect(generated.out()).toContain('cannot be shown again');
  });

  it('password refuses unknown and disabled users and a missing name', () => {
    const service = users();
    run(service, ['create', '--name', 'maria', '--role', 'editor'], 'long enough password');
    run(service, ['disable', 'maria']);
    expect(run(service, ['password', 'maria'], 'another long password').code).toBe(1);
    expect(run(service, ['password', 'nobody'], 'another long password').err()).toBe('No active user "nobody".\n');
    expect(run(service, ['password']).code).toBe(2);
    expect(run(service, ['password', 'a', 'b']).err()).toMatch(/exactly one user name/);
  });
});
