import pino from 'pino';

/** The service's structured logger (pino): one JSON object per line. */
export type Logger = pino.Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard output by default. Tests pass a stream that collects lines. */
  destination?: pino.DestinationStream;
}

/**
 * Fields that would carry a secret are censored, as a second line of defence: the access log never
 * includes headers, bodies or query strings in the first place. Explicit paths, no wildcards:
 * wildcard redaction walks every object logged and cost a fifth of the hot path's time.
 */
const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'key',
  'apiKey',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'metrics.token',
  'config.metrics.token',
];

/** Creates the logger: ISO times, no host name, secrets censored. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? bufferedStdout();
  const flush =
    'flush' in destination && typeof destination.flush === 'function' ? () => (destination as { flush(): void }).flush() : undefined;
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: isoTimeEachMillisecond(),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      // "info", "error": readable without a table of pino's numbers.
      formatters: { level: (label) => ({ level: label }) },
      // Warnings and errors are written at once, not with the next block of access lines.
      hooks: {
        logMethod(args, method, level) {
          method.apply(this, args);
          if (level >= 40 && flush) {
            try {
              flush();
            } catch {
              // A write in progress: the line follows with it.
            }
          }
        },
      },
    },
    destination,
  );
}

/**
 * pino's ISO time, formatted once per millisecond: at thousands of access lines a second, formatting
 * a date for each line was a tenth of the cost of logging it.
 */
function isoTimeEachMillisecond(): () => string {
  let last = NaN;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== last) {
      last = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}

/**
 * Standard output, written in blocks of about 4 KB (at most a second late) instead of one write per
 * line: at thousands of downloads a second, one write per access line cost the event loop more than
 * serving the download. Lines formatted in one turn of the event loop are handed to the writer
 * together (LinesOfATurn). What is left is written when the process exits.
 */
function bufferedStdout(): pino.DestinationStream {
  const lines = new LinesOfATurn(pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  // The lines of the last turn, written out whether this runs before or after pino's own handler.
  process.on('exit', () => {
    try {
      lines.flushSync();
    } catch {
      // Standard output is gone: nothing to write to.
    }
  });
  setInterval(() => {
    try {
      lines.flush();
    } catch {
      // Nothing written yet, or a write in progress: the next tick flushes.
    }
  }, 1000).unref();
  return lines;
}

/** The part of sonic-boom (pino.destination) that LinesOfATurn writes to. */
export interface LineSink {
  write(data: string): unknown;
  flush(): void;
  flushSync(): void;
}

/**
 * Collects the lines written during one turn of the event loop and passes them to the writer as
 * one string when the turn ends (setImmediate). Under load a turn serves many requests, and the
 * writer's own bookkeeping per write (byte counts, buffer checks) was half of the cost of an access
 * line; when the service is quiet a line is passed on in the very next turn. Order is kept.
 */
export class LinesOfATurn implements pino.DestinationStream {
  private lines: string[] = [];
  private scheduled = false;
  private readonly endOfTurn = (): void => {
    this.scheduled = false;
    this.pass();
  };

  constructor(private readonly sink: LineSink) {}

  write(line: string): void {
    this.lines.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.endOfTurn);
    }
  }

  /** Hands the lines collected so far to the writer. */
  pass(): void {
    if (this.lines.length === 0) return;
    const data = this.lines.length === 1 ? (this.lines[0] as string) : this.lines.join('');
    this.lines = [];
    this.sink.write(data);
  }

  /** Passes the collected lines on and asks the writer to write what it holds. */
  flush(): void {
    this.pass();
    this.sink.flush();
  }

  flushSync(): void {
    this.pass();
    this.sink.flushSync();
  }
}

/** A logger that writes nothing (the default when none is given, e.g. in tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
