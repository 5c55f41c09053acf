import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { backupCommand, restoreCommand } from '../../src/cli/backup';
import { databaseWithRows } from './damage';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('npm run booklets -- backup / restore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-backup-cli-'));
  const live = path.join(dir, 'booklets.db');
  beforeAll(() => databaseWithRows(live, 50));

  it('backup prints where it wrote, the size, the pages and the integrity check', async () => {
    const out = capture();
    const err = capture();
    expect(await backupCommand([path.join(dir, 'b1.db')], live, out.stream, err.stream)).toBe(0);
    expect(err.text()).toBe('');
    expect(out.text()).toMatch(
      /^Backed up .*booklets\.db to .*b1\.db in \d+ ms:\n {2}(\d+) bytes \([\d.]+ MB\), (\d+) pages of 4096 bytes, schema version \d+, integrity check ok\n$/,
    );
    const [, bytes, pages] = /(\d+) bytes .*?(\d+) pages/.exec(out.text())!;
    expect(Number(bytes)).toBe(fs.statSync(path.join(dir, 'b1.db')).size);
    expect(Number(bytes)).toBe(Number(pages) * 4096);
  });

  it('an existing file needs --force; the refusal exits 1 and says how to overwrite', async () => {
    const err = capture();
    expect(await backupCommand([path.join(dir, 'b1.db')], live, capture().stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/Backup refused: .*already exists: choose another file, or add --force/);
    expect(await backupCommand(['--force', path.join(dir, 'b1.db')], live, capture().stream, capture().stream)).toBe(0);
  });

  it.each([
    [[], /backup needs the file to write/],
    [[''], /^backup needs the file to write/],
    [['a.db', 'b.db'], /expected one file, got 2/],
    [['--overwrite', 'a.db'], /unknown option "--overwrite"/],
  ])('backup %j is a usage error (exit 2)', async (args, message) => {
    const err = capture();
    expect(await backupCommand(args, live, capture().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(message);
    expect(err.text()).toMatch(/Usage: npm run booklets -- backup <file> \[--force\]/);
  });

  it('restore without a file, or with an option, is a usage error; with a missing file it is refused', () => {
    const err = capture();
    expect(restoreCommand([], live, capture().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/restore needs the backup file/);
    const empty = capture();
    expect(restoreCommand([''], live, capture().stream, empty.stream)).toBe(2);
    expect(empty.text()).toMatch(/^restore needs the backup file/);
    expect(restoreCommand(['--force', 'x.db'], live, capture().stream, capture().stream)).toBe(2);
    const refused = capture();
    expect(restoreCommand([path.join(dir, 'missing.db')], live, capture().stream, refused.stream)).toBe(1);
    expect(refused.text()).toMatch(/Restore refused: There is no backup file/);
  });

  it('restore says where the replaced database is kept', () => {
    const out = capture();
    expect(restoreCommand([path.join(dir, 'b1.db')], live, out.stream, capture().stream)).toBe(0);
    expect(out.text()).toMatch(
      /Restored .*b1\.db to .*booklets\.db:\n.*integrity check ok\nThe database it replaced is kept as .*booklets\.db\.before-restore-.*\nStart the server to use it\.\n/,
    );
  });
});
