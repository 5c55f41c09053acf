import http from 'node:http';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import { createHandler } from './app';
import { composeServices } from './compose';
import { loadConfig } from './config';
import { SERVER_OPTIONS } from './http/security';
import { createLogger } from './observability/logger';
import { RenderProcessReport, ReportToServer, ToRenderProcess } from './rendering/processes';
import { openDatabase } from './storage/db';
import { createTranslator } from './i18n';
import { LOCALES_DIR } from './paths';
import { renderAndStore } from './rendering/pdf-job';

/*
 * A render process (see rendering/processes.ts), started by the server with the server's environment
 * and at the lowest CPU priority. It answers the requests the server hands it — each with its
 * connection — with the same application as the server: its own connection to the same database,
 * the same disk cache, renders in this process. Every answer closes its connection, so that the
 * reader's next request goes to the server again. It stops when the server asks, or when the server
 * is gone, after the requests it holds are answered.
 */

const STOP_MS = 10_000;

function main(): void {
  const send = (message: { type: 'ready' } | { type: 'report'; report: RenderProcessReport }, sent?: () => void): boolean => {
    if (!process.connected || !process.send) return false;
    process.send(message, undefined, undefined, () => sent?.());
    return true;
  };
  const config = loadConfig();
  let deps: ReturnType<typeof composeServices> | undefined;
  const report = new ReportToServer(
    () => deps?.render.cache.figures() ?? { hits: 0, diskHits: 0, renders: 0, entries: 0, bytes: 0 },
    (r, sent) => send({ type: 'report', report: r }, sent),
  );
  const logger = createLogger({ level: config.logLevel, destination: report.log });
  const db = openDatabase(config.databasePath);
  const translator = createTranslator(LOCALES_DIR);
  deps = composeServices(db, {
    // Rendered here, and written to the disk cache before the answer, for the server to find.
    pdfJobs: (job) => renderAndStore(job, translator),
    baseUrl: config.baseUrl,
    cacheDir: path.join(path.dirname(config.databasePath), 'cache'),
    // What it renders is read back by the server from disk; memory holds only requests in flight.
    cacheBytes: 16 * 1024 * 1024,
    logger,
    processMetrics: false,
  });
  report.forward(deps.metrics);
  deps.downloads.start();
  const handler = createHandler({
    ...deps,
    http: { trustProxy: config.trustProxy, logClient: config.logClient, metrics: config.metrics, hsts: config.hsts },
  });
  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    // One answer per connection handed over: the reader's next request goes to the server.
    res.shouldKeepAlive = false;
    handler(req, res);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const connections = new Set<Socket>();
  let stopping = false;
  const services = deps;
  const finish = (): void => {
    services.downloads.stop();
    db.close();
    // The last lines and figures reach the server before the process ends.
    setTimeout(() => process.exit(0), 2000).unref();
    report.flush(() => process.exit(0));
  };
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (connections.size === 0) return finish();
    setTimeout(() => {
      for (const socket of connections) socket.destroy();
      finish();
    }, STOP_MS).unref();
  };

  process.on('message', (raw: ToRenderProcess, handle?: unknown) => {
    if (raw?.type === 'stop') return stop();
    if (raw?.type !== 'request' || !handle) return;
    // The connection's TCP handle, as child_process hands it over, made a socket again.
    const socket = new net.Socket({ handle, readable: true, writable: true } as net.SocketConstructorOpts);
    if (typeof raw.head !== 'string') {
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.once('close', () => {
      connections.delete(socket);
      report.closed();
      if (stopping && connections.size === 0) finish();
    });
    // The server has read the request already: it is put back in front of whatever follows on the
    // connection, and the application parses it as if it had just arrived.
    socket.unshift(Buffer.from(raw.head, 'latin1'));
    server.emit('connection', socket);
  });
  // The server is gone (or asks by signal, as a terminal's Ctrl-C reaches the whole group): finish
  // what is in hand, then exit. The server itself decides when it stops.
  process.on('disconnect', stop);
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', stop);
  send({ type: 'ready' });
}

main();
