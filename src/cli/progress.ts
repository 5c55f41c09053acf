import type { Writable } from 'node:stream';

/** Reports the progress of one long piece of work (import, export, check). */
export interface Progress {
  /** `done` more steps finished; `note` says what was just done (e.g. a file name). */
  tick(done?: number, note?: string): void;
  /** The work is finished: the bar shows 100 % and the line ends. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** What is being done, e.g. "export". */
  label: string;
  /** Number of steps. */
  total: number;
  /** Where to draw; stderr, so that stdout stays clean for results. */
  stream?: Writable & { isTTY?: boolean; columns?: number };
  /** Redraw in place (a bar) or print plain lines; defaults to whether the stream is a terminal. */
  interactive?: boolean;
  /** Milliseconds between redraws of the bar (default 100) or between plain lines (default 2000). */
  interval?: number;
  now?: () => number;
}

const BAR_WIDTH = 24;

/**
 * A progress bar on a terminal (redrawn in place with a carriage return, at most every 100 ms),
 * or plain periodic lines ("export: 12/70 (17%)") when the output is a file or a pipe, so logs stay
 * readable. Not cli-progress (3.12.0, tried): it redraws with ANSI cursor codes instead of "\r", on
 * its own timers and Date.now() (no injected clock, ticks between redraws are coalesced), and in a
 * pipe prints a line per 2 s schedule starting at 0/total, so it cannot give these lines.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? stream.isTTY === true;
  const interval = options.interval ?? (interactive ? 100 : 2000);
  const now = options.now ?? Date.now;
  const total = Math.max(0, options.total);
  const started = now();
  let done = 0;
  let last = Number.NEGATIVE_INFINITY;
  let finished = false;

  const percent = (): number => (total === 0 ? 100 : Math.floor((done / total) * 100));
  const seconds = (): string => `${((now() - started) / 1000).toFixed(1)} s`;

  const bar = (note: string): string => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    const text = `${options.label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${String(percent()).padStart(3)}% ${note}`;
    const columns = stream.columns && stream.columns > 20 ? stream.columns - 1 : 100;
    return text.length > columns ? text.slice(0, columns) : text.padEnd(columns);
  };

  const draw = (note: string, force: boolean): void => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    if (interactive) stream.write(`\r${bar(note)}`);
    else stream.write(`${options.label}: ${done}/${total} (${percent()}%)${note ? ` ${note}` : ''}\n`);
  };

  return {
    tick(steps = 1, note = '') {
      if (finished) return;
      done = Math.min(total, done + steps);
      draw(note, false);
    },
    finish(note = '') {
      if (finished) return;
      finished = true;
      done = total;
      const summary = `${note ? `${note}, ` : ''}${seconds()}`;
      if (interactive) stream.write(`\r${bar(summary)}\n`);
      else stream.write(`${options.label}: ${done}/${total} (100%) ${summary}\n`);
    },
  };
}

/** A Progress that reports nothing (for callers that do not want one). */
export const NO_PROGRESS: Progress = { tick: () => undefined, finish: () => undefined };
