import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExportError, ExportTarget } from '../../src/export/target';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'export-target-'));

/** Every file under dir, as sorted relative paths with their contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const manifest = (files: string[]): Buffer => Buffer.from(JSON.stringify({ format: 1, files: files.map((p) => ({ path: p })) }));

describe('the export folder', () => {
  it('is created in one step: nothing exists under its name until commit', async () => {
    const parent = tmp();
    const dir = path.join(parent, 'site');
    const target = await ExportTarget.open(dir, { force: false });
    await target.write('index.html', Buffer.from('home'));
    await target.write('booklets/a/en.html', Buffer.from('page'));
    expect(fs.existsSync(dir)).toBe(false);
    await target.write('manifest.json', manifest(['booklets/a/en.html', 'index.html']));
    await target.commit(['booklets/a/en.html', 'index.html', 'manifest.json']);
    expect(Object.keys(tree(dir)).sort()).toEqual(['booklets/a/en.html', 'index.html', 'manifest.json']);
    expect(fs.readdirSync(parent)).toEqual(['site']);
  });

  it('is left exactly as it was when the export fails before commit', async () => {
    const parent = tmp();
    const dir = path.join(parent, 'site');
    const target = await ExportTarget.open(dir, { force: false });
    await target.write('index.html', Buffer.from('half'));
    await target.abort();
    expect(fs.readdirSync(parent)).toEqual([]);

    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'index.html'), 'old');
    const again = await ExportTarget.open(dir, { force: true });
    await again.write('index.html', Buffer.from('new'));
    await again.abort();
    expect(tree(dir)).toEqual({ 'index.html': 'old' });
  });

  it('refuses a non-empty folder without --force, and a file in place of the folder', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(ExportTarget.open(dir, { force: false })).rejects.toThrow(/is not empty.*--force/s);
    expect(tree(dir)).toEqual({ 'notes.txt': 'mine' });
    await expect(ExportTarget.open(path.join(dir, 'notes.txt'), { force: true })).rejects.toThrow(ExportError);
  });

  it('with --force replaces the files of the previous export, removes those no longer made, and keeps all others', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'booklets/gone'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'booklets/kept'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), 'old home');
    fs.writeFileSync(path.join(dir, 'booklets/gone/en.html'), 'old gone');
    fs.writeFileSync(path.join(dir, 'booklets/kept/en.html'), 'old kept');
    fs.writeFileSync(path.join(dir, 'booklets/kept/notes.txt'), 'not ours');
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not ours either');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['booklets/gone/en.html', 'booklets/kept/en.html', 'index.html']));

    const target = await ExportTarget.open(dir, { force: true });
    await target.write('index.html', Buffer.from('new home'));
    await target.write('booklets/kept/en.html', Buffer.from('new kept'));
    await target.write('manifest.json', manifest(['booklets/kept/en.html', 'index.html']));
    const removed = await target.commit(['booklets/kept/en.html', 'index.html', 'manifest.json']);

    expect(removed).toEqual(['booklets/gone/en.html']);
    const files = tree(dir);
    expect(files).toEqual({
      'README.txt': 'not ours either',
      'booklets/kept/en.html': 'new kept',
      'booklets/kept/notes.txt': 'not ours',
      'index.html': 'new home',
      'manifest.json': expect.stringContaining('"booklets/kept/en.html"'),
    });
    expect(fs.existsSync(path.join(dir, 'booklets/gone'))).toBe(false);
  });

  it('never deletes outside the folder, whatever an old manifest.json says', async () => {
    const parent = tmp();
    const dir = path.join(parent, 'site');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(parent, 'precious.txt'), 'keep me');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['../precious.txt', 'index.html']));
    const target = await ExportTarget.open(dir, { force: true });
    await target.write('index.html', Buffer.from('home'));
    await target.write('manifest.json', manifest(['index.html']));
    expect(await target.commit(['index.html', 'manifest.json'])).toEqual([]);
    expect(fs.readFileSync(path.join(parent, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('changes nothing when a folder stands where a file must go', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), 'old');
    fs.mkdirSync(path.join(dir, 'booklets'));
    fs.mkdirSync(path.join(dir, 'booklets/a.html'));
    const target = await ExportTarget.open(dir, { force: true });
    await target.write('index.html', Buffer.from('new'));
    await target.write('booklets/a.html', Buffer.from('page'));
    await target.write('manifest.json', manifest(['booklets/a.html', 'index.html']));
    await expect(target.commit(['index.html', 'booklets/a.html', 'manifest.json'])).rejects.toThrow(
      /booklets\/a\.html.*not a file.*Nothing was changed/,
    );
    await target.abort();
    expect(tree(dir)).toEqual({ 'index.html': 'old' });
  });
});

describe('a folder from elsewhere with symbolic links in it (a USB stick)', () => {
  /** An export folder and, beside it, a folder that is not part of the export. */
  function setup(): { dir: string; outside: string } {
    const parent = tmp();
    const dir = path.join(parent, 'site');
    const outside = path.join(parent, 'outside');
    fs.mkdirSync(dir);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(dir, 'index.html'), 'old home');
    return { dir, outside };
  }

  /** The error a promise rejects with, or undefined; so that the files can be checked first. */
  const outcome = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  async function exportIndex(dir: string): Promise<ExportTarget> {
    const target = await ExportTarget.open(dir, { force: true });
    await target.write('index.html', Buffer.from('new home'));
    await target.write('manifest.json', manifest(['index.html']));
    return target;
  }

  it('never removes files through a linked subfolder, and changes nothing', async () => {
    const { dir, outside } = setup();
    fs.mkdirSync(path.join(outside, 'a'));
    fs.writeFileSync(path.join(outside, 'a', 'en.pdf'), 'not ours');
    fs.symlinkSync(outside, path.join(dir, 'booklets'), 'dir');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['booklets/a/en.pdf', 'index.html']));

    const target = await exportIndex(dir);
    const error = await outcome(target.commit(['index.html', 'manifest.json']));
    await target.abort();

    expect(tree(outside)).toEqual({ 'a/en.pdf': 'not ours' });
    expect(error).toBeInstanceOf(ExportError);
    expect(String(error)).toMatch(/booklets\/a\/en\.pdf.*booklets is a symbolic link.*Nothing was changed/);
    expect(fs.lstatSync(path.join(dir, 'booklets')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe('old home');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual({
      format: 1,
      files: [{ path: 'booklets/a/en.pdf' }, { path: 'index.html' }],
    });
    expect(fs.readdirSync(dir).sort()).toEqual(['booklets', 'index.html', 'manifest.json']);
  });

  it('never writes new files through a linked subfolder', async () => {
    const { dir, outside } = setup();
    fs.writeFileSync(path.join(outside, 'en.html'), 'not ours');
    fs.symlinkSync(outside, path.join(dir, 'booklets'), 'dir');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['index.html']));

    const target = await ExportTarget.open(dir, { force: true });
    await target.write('index.html', Buffer.from('new home'));
    await target.write('booklets/en.html', Buffer.from('new page'));
    await target.write('manifest.json', manifest(['booklets/en.html', 'index.html']));
    await expect(target.commit(['booklets/en.html', 'index.html', 'manifest.json'])).rejects.toThrow(
      /booklets is a symbolic link.*Nothing was changed/,
    );
    await target.abort();

    expect(tree(outside)).toEqual({ 'en.html': 'not ours' });
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe('old home');
  });

  it('refuses a listed file that is itself a link to a file outside, and changes nothing', async () => {
    const { dir, outside } = setup();
    fs.writeFileSync(path.join(outside, 'precious.pdf'), 'keep me');
    fs.symlinkSync(path.join(outside, 'precious.pdf'), path.join(dir, 'old.pdf'), 'file');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['index.html', 'old.pdf']));

    const target = await exportIndex(dir);
    const error = await outcome(target.commit(['index.html', 'manifest.json']));
    await target.abort();

    expect(fs.readFileSync(path.join(outside, 'precious.pdf'), 'utf8')).toBe('keep me');
    expect(error).toBeInstanceOf(ExportError);
    expect(String(error)).toMatch(/old\.pdf.*is a symbolic link.*Nothing was changed/);
    expect(fs.readlinkSync(path.join(dir, 'old.pdf'))).toBe(path.join(outside, 'precious.pdf'));
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe('old home');
  });

  it('refuses to replace a file of the export that is a link, and changes nothing', async () => {
    const { dir, outside } = setup();
    fs.writeFileSync(path.join(outside, 'home.html'), 'keep me');
    fs.rmSync(path.join(dir, 'index.html'));
    fs.symlinkSync(path.join(outside, 'home.html'), path.join(dir, 'index.html'), 'file');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['index.html']));

    const target = await exportIndex(dir);
    await expect(target.commit(['index.html', 'manifest.json'])).rejects.toThrow(/index\.html is a symbolic link.*Nothing was changed/);
    await target.abort();

    expect(fs.readFileSync(path.join(outside, 'home.html'), 'utf8')).toBe('keep me');
    expect(fs.lstatSync(path.join(dir, 'index.html')).isSymbolicLink()).toBe(true);
  });

  it('refuses a listed file below a file that stands where a folder should be', async () => {
    const { dir } = setup();
    fs.writeFileSync(path.join(dir, 'booklets'), 'a note');
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest(['booklets/a/en.pdf', 'index.html']));
    const target = await exportIndex(dir);
    await expect(target.commit(['index.html', 'manifest.json'])).rejects.toThrow(/booklets is not a folder.*Nothing was changed/);
    await target.abort();
    expect(tree(dir)).toEqual({ booklets: 'a note', 'index.html': 'old home', 'manifest.json': expect.any(String) });
  });
});

describe('temporary folders of killed exports', () => {
  it('are removed at the next export; those of running exports are kept', async () => {
    const dir = tmp();
    const dead = '.booklets-export-999999999-0123abcd';
    const alive = `.booklets-export-${process.pid}-89abcdef`;
    fs.mkdirSync(path.join(dir, dead, 'booklets'), { recursive: true });
    fs.writeFileSync(path.join(dir, dead, 'booklets', 'half.pdf'), '%PDF-half');
    fs.mkdirSync(path.join(dir, alive));
    const target = await ExportTarget.open(dir, { force: false });
    expect(fs.existsSync(path.join(dir, dead))).toBe(false);
    expect(fs.existsSync(path.join(dir, alive))).toBe(true);
    await target.abort();
  });
});
