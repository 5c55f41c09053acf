import { Writable } from 'node:stream';
import { createProgress } from '../../src/cli/progress';

function sink(tty: boolean): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c.toString());
      cb();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = 60;
  }
  return { stream, text: () => chunks.join('') };
}

describe('progress bar', () => {
  it('on a terminal, redraws one line in place and ends it with the total', () => {
    let t = 0;
    const out = sink(true);
    const bar = createProgress({ label: 'export', total: 4, stream: out.stream, now: () => t });
    bar.tick(1, 'index.html');
    t = 50;
    bar.tick(1, 'skipped, too soon');
    t = 200;
    bar.tick(1, 'uk.pdf');
    t = 1500;
    bar.finish('4 files');
    const text = out.text();
    const frames = text.split('\r').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toContain('export [######------------------] 1/4  25% index.html');
    expect(text).not.toContain('skipped');
    expect(frames[1]).toContain('3/4  75% uk.pdf');
    expect(frames[2]).toMatch(/^export \[#{24}\] 4\/4 100% 4 files, 1\.5 s\s*\n$/);
    // Every frame fits the terminal width, so redrawing never wraps.
    for (const f of frames) expect(f.replace(/\n$/, '').length).toBeLessThanOrEqual(59);
    expect(text.match(/\n/g)).toHaveLength(1);
  });

  it('in a log file or pipe, prints plain lines at most every interval', () => {
    let t = 0;
    const out = sink(false);
    const bar = createProgress({ label: 'check', total: 3, stream: out.stream, now: () => t });
    bar.tick(1, 'a en');
    t = 1000;
    bar.tick(1, 'a uk');
    t = 2500;
    bar.tick(1, 'b en');
    bar.finish();
    expect(out.text()).toBe('check: 1/3 (33%) a en\ncheck: 3/3 (100%) b en\ncheck: 3/3 (100%) 2.5 s\n');
    expect(out.text()).not.toContain('\r');
  });

  it('never counts past the total and ignores ticks after finishing', () => {
    const out = sink(false);
    const bar = createProgress({ label: 'import', total: 2, stream: out.stream, interval: 0, now: () => 0 });
    bar.tick(5);
    bar.finish();
    bar.tick(1, 'late');
    expect(out.text()).toBe('import: 2/2 (100%)\nimport: 2/2 (100%) 0.0 s\n');
  });
});
