import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** One thing to close once the server has stopped serving (worker pool, webhooks, database). */
export interface ShutdownStep {
  name: string;
  run: () => void | Promise<void>;
}

export interface ShutdownOptions {
  server: Server;
  /** Closed in order after the last request has finished. */
  steps: readonly ShutdownStep[];
  /** How long requests in flight may take to finish before their connections are closed. */
  drainMs?: number;
  /** How long each step may take before it is abandoned. */
  stepMs?: number;
  log: (level: 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  exit: (code: number) => void;
}

/**
 * Graceful shutdown, bounded in time: stop accepting connections, let requests in flight (and the
 * renders they wait for) finish, answering them with `Connection: close` so keep-alive clients
 * leave; after `drainMs` close what is left. Then run the steps in order, each bounded by `stepMs`,
 * and exit 0 — or 1 if requests had to be cut or a step failed or had to be abandoned. Returns the function that starts it
 * (a second call only logs).
 */
export function gracefulShutdown(options: ShutdownOptions): (reason: string) => void {
  const { server, log } = options;
  const drainMs = options.drainMs ?? 10_000;
  const stepMs = options.stepMs ?? 10_000;
  let stopping = false;

  // Responses not yet started when shutdown begins tell keep-alive clients to go. Runs before the
  // application's handler, which may answer synchronously (cached documents).
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping && !res.headersSent) res.setHeader('Connection', 'close');
  });
  // Responses still under way once the handler has returned (the hot path answers at once, and
  // needs no tracking): told the same when shutdown begins while they wait.
  const active = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping || res.writableEnded) return;
    active.add(res);
    res.once('close', () => active.delete(res));
  });

  const runSteps = async (): Promise<number> => {
    let code = 0;
    for (const step of options.steps) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), stepMs);
      });
      try {
        const result = await Promise.race([Promise.resolve().then(step.run), timedOut]);
        if (result === 'timeout') {
          code = 1;
          log('error', `gave up waiting for ${step.name} after ${stepMs} ms`);
        }
      } catch (e) {
        code = 1;
        log('error', `closing ${step.name} failed`, { error: String(e) });
      } finally {
        clearTimeout(timer);
      }
    }
    return code;
  };

  return (reason) => {
    if (stopping) {
      log('info', `received ${reason} while stopping; still finishing requests`);
      return;
    }
    stopping = true;
    for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    active.clear();
    const started = Date.now();
    log('info', `received ${reason}, finishing requests`);
    // Keep-alive connections become idle after their last response: close them as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    let cut = false;
    const force = setTimeout(() => {
      cut = true;
      log('error', `requests still running after ${drainMs} ms; closing their connections`);
      server.closeAllConnections();
    }, drainMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      log('info', 'all requests finished', { ms: Date.now() - started });
      void runSteps().then((stepsCode) => {
        const code = cut ? 1 : stepsCode;
        log(code === 0 ? 'info' : 'error', 'stopped', { ms: Date.now() - started });
        options.exit(code);
      });
    });
    server.closeIdleConnections();
  };
}
