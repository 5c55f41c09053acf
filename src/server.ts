import type { Server } from 'node:http';
import path from 'node:path';
import http from 'node:http';
import { createHandler } from './app';
import { importCatalog, ImportError } from './booklets/importer';
import { composeServices } from './compose';
import { ConfigError, loadConfig } from './config';
import { createPdfPool, defaultThreads, PdfPool } from './rendering/pdf/threads/pool';
import type { PdfVariant } from './rendering/pdf-job';
import { DEFAULT_VARIANT } from './rendering/variant';
import { gracefulShutdown } from './shutdown';
import { DatabaseIntegrityError, openDatabase } from './storage/db';
import { SERVER_OPTIONS } from './http/security';
import { createLogger, Logger } from './observability/logger';

/** The service's logger, at the configured level once the configuration is read. */
let logger: Logger | undefined;

function log(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  logger ??= createLogger();
  logger[level](extra, msg);
  // Access lines are written in blocks; messages about the service itself are shown at once.
  logger.flush();
}

/**
 * Warm from the start: the render threads load their fonts and each language's data (hyphenation
 * patterns, interface strings) by laying out one document per language in the background, so the
 * first reader's PDF does not pay for it. One chain of renders per thread, one render at a time: a
 * reader's request waits behind at most one of them. Nothing is kept (not cached, not counted).
 * Returns a function that stops the warm-up (at shutdown).
 */
function warmUp(deps: ReturnType<typeof composeServices>, pool: PdfPool): () => void {
  const entry = deps.booklets.catalog()[0];
  let stopped = false;
  if (!entry) return () => undefined;
  // Each paper size breaks every paragraph into lines anew, and folded and archive PDFs run code of
  // their own: a thread that has made one of each makes the others' first PDFs 2–3 times faster.
  const variants: PdfVariant[] = [
    DEFAULT_VARIANT,
    { size: 'a4', layout: 'booklet', profile: 'archive' },
    { size: 'letter', layout: 'pages', profile: 'accessible' },
  ];
  const started = Date.now();
  let documents = 0;
  const chain = async (): Promise<void> => {
    for (const variant of variants) {
      for (const { lang } of entry.languages) {
        if (stopped) return;
        await pool.render(deps.render.pdfJob(deps.booklets.read(entry.slug, lang), variant)).then(
          () => documents++,
          () => undefined,
        );
      }
    }
  };
  void Promise.all(Array.from({ length: defaultThreads() }, chain)).then(() => {
    if (!stopped) log('info', 'render threads warmed up', { documents, ms: Date.now() - started });
  });
  return () => {
    stopped = true;
  };
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
  logger = createLogger({ level: config.logLevel });
  let db;
  try {
    db = openDatabase(config.databasePath);
  } catch (e) {
    if (!(e instanceof DatabaseIntegrityError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  const pool = createPdfPool();
  const deps = composeServices(db, {
    pdfJobs: (job) => pool.render(job),
    baseUrl: config.baseUrl,
    cacheDir: path.join(path.dirname(config.databasePath), 'cache'),
    logger,
    poolStats: () => pool.stats(),
    admin: { timeZone: config.timeZone },
  });
  if (config.readOnly) {
    log('info', 'this copy is read-only: API writes, /admin and webhooks are off', { primary: config.readOnly.primaryUrl ?? null });
  } else if (deps.repo.countBooklets() === 0) {
    try {
      const summary = importCatalog(deps.repo, deps.languageAdmin, config.bookletsDir);
      log('info', 'imported sample booklets into the empty database', { ...summary });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      process.stderr.write(`Could not import the booklets:\n${e.message}\n`);
      process.exit(1);
    }
  }
  // The primary instance delivers webhooks; a read-only copy would deliver each publication again.
  if (!config.readOnly) {
    deps.webhooks.start();
    deps.webhooks.kick();
  }
  deps.downloads.start();
  const stopWarmUp = warmUp(deps, pool);
  const handler = createHandler({
    ...deps,
    http: { trustProxy: config.trustProxy, logClient: config.logClient, metrics: config.metrics, hsts: config.hsts },
    readOnly: config.readOnly,
  });
  const server: Server = http.createServer(SERVER_OPTIONS, handler);
  server.listen(config.port, config.host, () => {
    log('info', `serving booklets on ${config.baseUrl}`, { port: config.port, database: config.databasePath });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const stop = gracefulShutdown({
    server,
    log,
    exit: (code) => process.exit(code),
    steps: [
      { name: 'the warm-up', run: () => stopWarmUp() },
      { name: 'webhooks', run: () => deps.webhooks.stop() },
      { name: 'the PDF worker pool', run: () => pool.close() },
      { name: 'download counts', run: () => deps.downloads.stop() },
      { name: 'the database', run: () => db.close() },
    ],
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
