import type { Server } from 'node:http';
import path from 'node:path';
import http from 'node:http';
import { createHandler } from './app';
import { importBooklets, ImportError } from './booklets/importer';
import { composeServices } from './compose';
import { ConfigError, loadConfig } from './config';
import { createPdfPool } from './rendering/pdf/pool';
import { openDatabase } from './storage/db';

function log(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Starts the service: config -> database (with sample booklets on first start) -> app -> listen. */
function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const db = openDatabase(config.databasePath);
  const pool = createPdfPool();
  const deps = composeServices(db, {
    pdf: (doc, options) => pool.render(doc, options),
    baseUrl: config.baseUrl,
    cacheDir: path.join(path.dirname(config.databasePath), 'cache'),
  });
  if (deps.repo.countBooklets() === 0) {
    try {
      const summary = importBooklets(deps.repo, config.bookletsDir);
      log('info', 'imported sample booklets into the empty database', { ...summary });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      process.stderr.write(`Could not import the booklets:\n${e.message}\n`);
      process.exit(1);
    }
  }
  deps.webhooks.start();
  deps.webhooks.kick();
  const handler = createHandler({ ...deps, onServerError: (err) => log('error', 'request failed', { error: String(err) }) });
  const server: Server = http.createServer(handler);
  server.listen(config.port, config.host, () => {
    log('info', `serving booklets on ${config.baseUrl}`, { port: config.port, database: config.databasePath });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log('info', `received ${signal}, finishing requests`);
    const force = setTimeout(() => {
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      deps.webhooks.stop();
      void pool.close().finally(() => {
        db.close();
        log('info', 'stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
