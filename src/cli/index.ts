import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { importCatalog, ImportError } from '../booklets/importer';
import { ConfigError, loadConfig } from '../config';
import { DatabaseIntegrityError, openDatabase } from '../storage/db';
import { composeServices } from '../compose';
import { checkGlyphs } from './check';
import { KeyService } from '../auth/keys';
import { keysCommand } from './keys';
import { UserService } from '../admin/users';
import { usersCommand } from './users';
import { backupCommand, restoreCommand } from './backup';
import { EXPORT_USAGE, exportCommand } from './export';
import { createProgress, Progress } from './progress';
import { LANGUAGES_USAGE, languagesCommand } from './languages';

const USAGE = `Usage: npm run booklets -- <command>

Commands:
  import     Import booklets/<slug>/<lang>.md into the database (only what changed;
             every change becomes a new revision). Invalid files change nothing.
  keys create --role <translator|editor|admin> [--lang uk,ru] --name "<who>"
             Create an API key; the key is printed alone on the last line.
  keys revoke <id> | keys list
  users create --name <user> --role <translator|editor|admin> [--lang uk,ru]
             Create a user of the editing pages (/admin). The password is read from
             standard input (first line); without one, a password is generated and
             printed alone on the last line.
  users password <name>
             Give a user a new password (read or generated the same way) and end
             their sessions: for a forgotten or leaked password.
  users list | users disable <name>
  ${LANGUAGES_USAGE}
             The languages the service publishes in. --script is an ISO 15924 code
             (Latn, Cyrl, Arab, Geor, Armn, Ethi, Hebr); a script the PDF fonts cannot
             draw is refused. --fallback: the language whose interface strings fill
             gaps (then English). --aliases: other tags browsers send (fa-AF).
             Retire hides a language from readers and keeps every revision; delete
             works only for a language nothing uses.
  check      List, per booklet and language, the characters the PDF fonts cannot show
             (latest text, published or not). Exits with 1 when there are any.
  backup <file> [--force]
             Online, consistent copy of the database (safe while the server runs),
             verified with integrity_check. An existing file is kept unless --force.
  restore <file>
             Replace the database with a verified backup (stop the server first);
             the replaced database is kept as <database>.before-restore-<time>.
  ${EXPORT_USAGE}
             Write the published catalog as a static site (pages, offline copies, PDFs
             in every edition, manifest.json) for a file server, a CDN or a USB stick.
             A non-empty folder is refused unless --force (then only the files of a
             previous export are replaced).
  help       Show this help.

Environment: DATABASE_PATH (default data/booklets.db), BOOKLETS_DIR (default booklets).`;

/** Whether a command line changes the database (refused on a read-only copy; `restore` is how a copy gets its data). */
function writes([command, sub]: string[]): boolean {
  if (command === 'import') return true;
  return (command === 'keys' || command === 'users' || command === 'languages') && sub !== 'list' && sub !== undefined;
}

/** Runs one CLI command and returns the process exit code. */
export function run(argv: string[], out: Writable = process.stdout, err: Writable = process.stderr): number {
  const [command] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (config.readOnly && writes(argv)) {
    err.write(
      `This copy is read-only (READ_ONLY=1): run "${argv.join(' ')}" on the primary instance${config.readOnly.primaryUrl ? ` (${config.readOnly.primaryUrl})` : ''}. Nothing was changed.\n`,
    );
    return 1;
  }
  switch (command) {
    case 'import': {
      const db = openDatabase(config.databasePath);
      try {
        let bar: Progress | undefined;
        const deps = composeServices(db, { baseUrl: config.baseUrl, processMetrics: false });
        const summary = importCatalog(deps.repo, deps.languageAdmin, config.bookletsDir, undefined, (slug, done, total) => {
          bar ??= createProgress({ label: 'import', total, stream: err });
          bar.tick(1, slug);
        });
        bar?.finish();
        out.write(
          (summary.addedLanguages.length > 0 ? `Added languages: ${summary.addedLanguages.join(', ')}.\n` : '') +
            `Imported ${summary.booklets} booklets in ${summary.languages} language files: ` +
            `${summary.newRevisions} new revisions, ${summary.publications} publications.\n`,
        );
        return 0;
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        err.write(`Import failed; nothing was changed.\n${e.message}\n`);
        return 1;
      } finally {
        db.close();
      }
    }
    case 'keys': {
      const db = openDatabase(config.databasePath);
      try {
        return keysCommand(new KeyService(db), argv.slice(1), out, err);
      } finally {
        db.close();
      }
    }
    case 'users': {
      const db = openDatabase(config.databasePath);
      try {
        const stdin = (): string => (process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8'));
        return usersCommand(new UserService(db), argv.slice(1), out, err, stdin);
      } finally {
        db.close();
      }
    }
    case 'languages': {
      const db = openDatabase(config.databasePath);
      try {
        return languagesCommand(
          composeServices(db, { baseUrl: config.baseUrl, processMetrics: false }).languageAdmin,
          argv.slice(1),
          out,
          err,
        );
      } finally {
        db.close();
      }
    }
    case 'check': {
      const db = openDatabase(config.databasePath);
      try {
        return checkGlyphs(composeServices(db, { baseUrl: config.baseUrl }), out, (total) =>
          createProgress({ label: 'check', total, stream: err }),
        );
      } finally {
        db.close();
      }
    }
    case 'restore':
      return restoreCommand(argv.slice(1), config.databasePath, out, err);
    default:
      err.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

/** Runs one CLI command, including those that work asynchronously (backup), and returns the exit code. */
export async function runAsync(argv: string[], out: Writable = process.stdout, err: Writable = process.stderr): Promise<number> {
  try {
    if (argv[0] === 'export') return await exportCommand(argv.slice(1), { config: loadConfig(), out, err });
    if (argv[0] !== 'backup') return run(argv, out, err);
    return await backupCommand(argv.slice(1), loadConfig().databasePath, out, err);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    // A damaged database: say so plainly instead of a stack trace.
    if (!(e instanceof DatabaseIntegrityError)) throw e;
    err.write(`${e.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runAsync(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
