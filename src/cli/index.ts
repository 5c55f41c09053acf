import type { Writable } from 'node:stream';
import { importBooklets, ImportError } from '../booklets/importer';
import { BookletRepository } from '../booklets/repository';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../storage/db';
import { composeServices } from '../compose';
import { checkGlyphs } from './check';
import { KeyService } from '../auth/keys';
import { keysCommand } from './keys';

const USAGE = `Usage: npm run booklets -- <command>

Commands:
  import     Import booklets/<slug>/<lang>.md into the database (only what changed;
             every change becomes a new revision). Invalid files change nothing.
  keys create --role <translator|editor|admin> [--lang uk,ru] --name "<who>"
             Create an API key; the key is printed alone on the last line.
  keys revoke <id> | keys list
  check      List, per booklet and language, the characters the PDF fonts cannot show
             (latest text, published or not). Exits with 1 when there are any.
  help       Show this help.

Environment: DATABASE_PATH (default data/booklets.db), BOOKLETS_DIR (default booklets).`;

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
  switch (command) {
    case 'import': {
      const db = openDatabase(config.databasePath);
      try {
        const summary = importBooklets(new BookletRepository(db), config.bookletsDir);
        out.write(
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
    case 'check': {
      const db = openDatabase(config.databasePath);
      try {
        return checkGlyphs(composeServices(db, { baseUrl: config.baseUrl }), out);
      } finally {
        db.close();
      }
    }
    default:
      err.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
