import { execFile } from 'node:child_process';
import path from 'node:path';
import { LineSink, LinesOfATurn } from '../../src/observability/logger';

const ROOT = path.join(__dirname, '..', '..');

/** A writer that records what it was given. */
function recordingSink(): LineSink & { writes: string[]; calls: string[] } {
  const sink = {
    writes: [] as string[],
    calls: [] as string[],
    write(data: string) {
      sink.writes.push(data);
      sink.calls.push('write');
      return true;
    },
    flush() {
      sink.calls.push('flush');
    },
    flushSync() {
      sink.calls.push('flushSync');
    },
  };
  return sink;
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('log lines of one turn of the event loop', () => {
  it('reach the writer together, in order, when the turn ends', async () => {
    const sink = recordingSink();
    const lines = new LinesOfATurn(sink);
    lines.write('a\n');
    lines.write('b\n');
    lines.write('c\n');
    expect(sink.writes).toEqual([]);
    await nextTurn();
    expect(sink.writes).toEqual(['a\nb\nc\n']);
    lines.write('d\n');
    await nextTurn();
    expect(sink.writes).toEqual(['a\nb\nc\n', 'd\n']);
    await nextTurn();
    expect(sink.writes).toHaveLength(2);
  });

  it('are handed over at once by flush and flushSync, before the writer is asked to write', () => {
    const sink = recordingSink();
    const lines = new LinesOfATurn(sink);
    lines.write('warning\n');
    lines.flush();
    expect(sink.writes).toEqual(['warning\n']);
    lines.write('last\n');
    lines.flushSync();
    expect(sink.writes).toEqual(['warning\n', 'last\n']);
    expect(sink.calls).toEqual(['write', 'flush', 'write', 'flushSync']);
  });

  it('written just before the process exits are still on standard output', async () => {
    const script = `
      const { createLogger } = require(${JSON.stringify(path.join(ROOT, 'dist/src/observability/logger.js'))});
      const logger = createLogger();
      for (let i = 0; i < 500; i++) logger.info({ n: i }, 'request');
      process.exit(0);
    `;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { maxBuffer: 16 * 1024 * 1024 }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    const numbers = stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { n: number }).n);
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
