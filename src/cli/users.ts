import type { Writable } from 'node:stream';
import { generatePassword } from '../admin/passwords';
import type { UserService } from '../admin/users';
import { AppError, usage } from '../errors';
import { flags, languageList } from './args';

/**
 * `users create --name <user> --role <role> [--lang uk,ru]` takes the password from the first line
 * of standard input, or, when none is given, generates one and prints it once (alone on the last
 * line); `users password <name>` sets a new password the same way and ends the user's sessions;
 * `users list`; `users disable <name>`. Returns the exit code.
 *
 * @param readStdin the text piped to the command ('' when there is none, e.g. a terminal)
 */
export function usersCommand(users: UserService, args: string[], out: Writable, err: Writable, readStdin: () => string): number {
  const [sub, ...rest] = args;
  try {
    if (sub === 'create') {
      const f = flags(rest, ['name', 'role', 'lang']);
      const { password, generated } = passwordFrom(readStdin);
      const info = users.create({
        name: f.get('name') ?? '',
        role: f.get('role') ?? '',
        languages: languageList(f.get('lang')),
        password,
      });
      out.write(
        `Created ${info.role} ${info.name}${info.languages ? ` (languages: ${info.languages.join(', ')})` : ''}. Sign in at /admin/login.\n`,
      );
      if (generated) showGenerated(out, password);
      return 0;
    }
    if (sub === 'password') {
      const name = oneUserName(sub, rest);
      const { password, generated } = passwordFrom(readStdin);
      if (!users.setPassword(name, password)) {
        err.write(`No active user "${name}".\n`);
        return 1;
      }
      out.write(`New password set for ${name.trim().toLowerCase()}; their sessions have ended.\n`);
      if (generated) showGenerated(out, password);
      return 0;
    }
    if (sub === 'disable') {
      const name = oneUserName(sub, rest);
      if (!users.disable(name)) {
        err.write(`No active user "${name}".\n`);
        return 1;
      }
      out.write(`Disabled ${name.trim().toLowerCase()}; their sessions have ended.\n`);
      return 0;
    }
    if (sub === 'list') {
      if (rest.length > 0) throw usage('users list takes no arguments');
      for (const u of users.list()) {
        out.write(
          `${u.name.padEnd(24)} ${u.role.padEnd(10)} ${(u.languages?.join(',') ?? 'all').padEnd(18)} ${u.disabledAt ? `disabled ${u.disabledAt}` : 'active'}\n`,
        );
      }
      return 0;
    }
    throw usage('users needs one of: create, password, list, disable');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    err.write(`${e.message}\n`);
    return e.status === 409 ? 1 : 2;
  }
}

/** The one user name a subcommand takes (`users password <name>`, `users disable <name>`). */
function oneUserName(sub: string, rest: string[]): string {
  const name = rest[0];
  if (!name || rest.length > 1) throw usage(`users ${sub} needs exactly one user name (see users list)`);
  return name;
}

/** The first line of standard input, or a generated password when nothing was piped. */
function passwordFrom(readStdin: () => string): { password: string; generated: boolean } {
  const piped = readStdin().split(/\r?\n/)[0] ?? '';
  return piped === '' ? { password: generatePassword(), generated: true } : { password: piped, generated: false };
}

/** Prints a generated password once, alone on the last line. */
function showGenerated(out: Writable, password: string): void {
  out.write('Generated password; give it to its holder now: it is not stored and cannot be shown again.\n');
  out.write(`${password}\n`);
}
