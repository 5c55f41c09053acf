import type { Writable } from 'node:stream';
import { KeyService } from '../auth/keys';
import { AppError, usage } from '../errors';
import { flags, languageList } from './args';

/**
 * `keys create --role <role> [--lang uk,ru] --name "<who>"` prints the new key alone on its last
 * line; `keys revoke <id>`; `keys list`. Returns the exit code.
 */
export function keysCommand(keys: KeyService, args: string[], out: Writable, err: Writable): number {
  const [sub, ...rest] = args;
  try {
    if (sub === 'create') {
      const f = flags(rest, ['role', 'lang', 'name']);
      const { key, info } = keys.create({
        name: f.get('name') ?? '',
        role: f.get('role') ?? '',
        languages: languageList(f.get('lang')),
      });
      out.write(
        `Created ${info.role} key ${info.id} for ${info.name}${info.languages ? ` (languages: ${info.languages.join(', ')})` : ''}.\n`,
      );
      out.write('Give it to its holder now: it is not stored and cannot be shown again.\n');
      out.write(`${key}\n`);
      return 0;
    }
    if (sub === 'revoke') {
      const id = rest[0];
      if (!id || rest.length > 1) throw usage('keys revoke needs exactly one key id (see keys list)');
      if (!keys.revoke(id)) {
        err.write(`No active key with id "${id}".\n`);
        return 1;
      }
      out.write(`Revoked key ${id}.\n`);
      return 0;
    }
    if (sub === 'list') {
      for (const k of keys.list()) {
        out.write(
          `${k.id}  ${k.role.padEnd(10)} ${(k.languages?.join(',') ?? 'all').padEnd(18)} ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}\n`,
        );
      }
      return 0;
    }
    throw usage('keys needs one of: create, revoke, list');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    err.write(`${e.message}\n`);
    return 2;
  }
}
