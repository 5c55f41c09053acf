import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, HttpSettings } from '../../src/app';
import { importBooklets } from '../../src/booklets/importer';
import { composeServices, ComposeOptions } from '../../src/compose';
import { createLogger } from '../../src/observability/logger';
import { openDatabase } from '../../src/storage/db';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';

export type Services = ReturnType<typeof composeServices>;

export interface ObservedApp {
  /** The handler the server listens with (hot path, then Express). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  deps: Services;
  /** Every log line written so far, as text. */
  text(): string;
  /** Every log line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Access lines only. */
  access(): Record<string, unknown>[];
}

/**
 * The service as server.ts builds it (createHandler: hot path and application), over a fresh
 * in-memory database with a small two-language booklet, logging at debug level into memory.
 */
export function observedApp(http: HttpSettings = {}, options: ComposeOptions = {}): ObservedApp {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void chunks.push(s) } });
  const db = openDatabase(':memory:');
  let n = 0;
  const deps = composeServices(db, {
    pdf: async (doc) => Buffer.from(`%PDF-1.7 ${doc.lang} render ${++n} ${'x'.repeat(2000)}`),
    processMetrics: false,
    logger,
    ...options,
  });
  importBooklets(deps.repo, makeBookletsDir({ rights: smallBooklet() }));
  const handler = createHandler({ ...deps, http });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { handler, deps, text, lines, access: () => lines().filter((l) => l.msg === 'request') };
}

/** Lets 'finish' handlers of responses the client has already read run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every value of every row of every table, as one string (to search for what must not be kept). */
export function everyRow(deps: Services): string {
  const tables = deps.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const values: string[] = [];
  for (const { name } of tables) {
    for (const row of deps.db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
      for (const v of Object.values(row)) values.push(Buffer.isBuffer(v) ? v.toString('latin1') : String(v));
    }
  }
  return values.join('\n');
}
