import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../../src/cli';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';

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

function cli(args: string[], env: Record<string, string>): { code: number; out: string; err: string } {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out = capture();
  const err = capture();
  try {
    return { code: run(args, out.stream, err.stream), out: out.text(), err: err.text() };
  } finally {
    process.env = saved;
  }
}

describe('npm run booklets -- check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-cli-'));

  it('passes on the sample booklets', () => {
    const env = { DATABASE_PATH: path.join(dir, 'sample.db'), BOOKLETS_DIR: path.join(__dirname, '../../booklets') };
    // One booklet language per file of the sample catalog (the leaflet is in more languages than the booklet).
    const files = fs
      .readdirSync(env.BOOKLETS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => fs.readdirSync(path.join(env.BOOKLETS_DIR, e.name)).filter((f) => f.endsWith('.md')));
    expect(cli(['import'], env).code).toBe(0);
    const result = cli(['check'], env);
    expect(result.out).toContain(`All characters can be shown (${files.length} booklet languages checked)`);
    expect(result.code).toBe(0);
  });

  it('lists the characters that cannot be shown and exits non-zero', () => {
    const files = smallBooklet();
    files.uk!.sections[1]!.body = 'Емодзі 🙂 і ієрогліф 字';
    const env = { DATABASE_PATH: path.join(dir, 'bad.db'), BOOKLETS_DIR: makeBookletsDir({ rights: files }) };
    expect(cli(['import'], env).code).toBe(0);
    const result = cli(['check'], env);
    expect(result.code).toBe(1);
    expect(result.out).toContain('rights uk: 2 character(s) cannot be shown in the PDF');
    expect(result.out).toContain('U+1F642 "🙂" ×1 in how');
    expect(result.out).toContain('U+5B57 "字" ×1 in how');
  });

  it('an unknown command is an error with the usage', () => {
    const result = cli(['frobnicate'], { DATABASE_PATH: path.join(dir, 'x.db') });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Unknown command "frobnicate"/);
  });

  it('a failed import reports file:line and changes nothing', () => {
    const bad = makeBookletsDir({ rights: smallBooklet() });
    fs.writeFileSync(path.join(bad, 'rights', 'ru.md'), '---\ntitle: x\n---\n');
    const result = cli(['import'], { DATABASE_PATH: path.join(dir, 'fail.db'), BOOKLETS_DIR: bad });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Import failed; nothing was changed/);
    expect(result.err).toMatch(/rights\/ru\.md:1: front matter needs "subject"/);
  });
});

describe('npm run booklets -- keys', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-keys-'));
  const env = { DATABASE_PATH: path.join(dir, 'keys.db') };

  it('create prints the new key alone on its last line; revoke and list work', () => {
    const created = cli(['keys', 'create', '--role', 'translator', '--lang', 'uk,ru', '--name', 'Partner NGO'], env);
    expect(created.code).toBe(0);
    const lines = created.out.trim().split('\n');
    const key = lines[lines.length - 1] as string;
    expect(key).toMatch(/^bk_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    const id = key.slice(3, 13);
    expect(cli(['keys', 'list'], env).out).toMatch(new RegExp(`${id}\\s+translator\\s+uk,ru\\s+active\\s+Partner NGO`));
    expect(cli(['keys', 'revoke', id], env).code).toBe(0);
    expect(cli(['keys', 'list'], env).out).toMatch(new RegExp(`${id}.*revoked`));
    expect(cli(['keys', 'revoke', id], env).code).toBe(1);
  });

  it('bad arguments are explained', () => {
    expect(cli(['keys', 'create', '--role', 'boss', '--name', 'x'], env)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--role must be one of/),
    });
    expect(cli(['keys', 'create', '--name'], env)).toMatchObject({ code: 2, err: expect.stringMatching(/--name needs a value/) });
    expect(cli(['keys', 'fly'], env)).toMatchObject({ code: 2, err: expect.stringMatching(/create, revoke, list/) });
  });
});
