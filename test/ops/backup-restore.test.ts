import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { damagePages } from '../storage/damage';
import { cli, createKey, ROOT, ServerProcess, startServer, tempDir, removeTempDirs } from './server-process';

const SLUG = 'right-to-information';
const LANG = 'uk';

/** Writes the Ukrainian sections through the API, one after another, until stopped. */
function writer(base: string, key: string) {
  const acked: { at: number; body: string }[] = [];
  let stopped = false;
  const url = `${base}/api/v1/booklets/${SLUG}/translations/${LANG}`;
  const headers = { Authorization: `Bearer ${key}` };
  const done = (async () => {
    const draft = await fetch(`${url}?version=draft`, { headers });
    let etag = draft.headers.get('etag') as string;
    const sections = ((await draft.json()) as { sections: { id: string }[] }).sections.map((s) => s.id);
    for (let n = 1; !stopped && n < 110; n++) {
      const body = `Резервна копія, запис ${n}: ґ ї є ʼ.`;
      const res = await fetch(`${url}/sections/${sections[n % sections.length]}`, {
        method: 'PUT',
        headers: { ...headers, 'Content-Type': 'application/json', 'If-Match': etag },
        body: JSON.stringify({ title: `Розділ ${n}`, body }),
      });
      if (res.status !== 200) throw new Error(`write ${n}: ${res.status} ${await res.text()}`);
      etag = res.headers.get('etag') as string;
      acked.push({ at: Date.now(), body });
      // Quickly up to the backup, then slowly, so that the writes left under the API's limit of 120
      // a minute last several seconds: on a busy machine the backup command alone can take that long.
      await new Promise((r) => setTimeout(r, acked.length < 20 ? 5 : 60));
    }
  })();
  const state = { finished: false };
  void done.then(
    () => (state.finished = true),
    () => (state.finished = true),
  );
  return { acked, state, stop: async () => ((stopped = true), done) };
}

async function history(base: string, key: string): Promise<Set<string>> {
  const res = await fetch(`${base}/api/v1/booklets/${SLUG}/translations/${LANG}/history`, { headers: { Authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  return new Set(((await res.json()) as { revisions: { body: string }[] }).revisions.map((r) => r.body));
}

afterAll(() => removeTempDirs());

describe('backup and restore with the real server and CLI', () => {
  let server: ServerProcess | undefined;
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('a backup taken during API writes holds every write acknowledged before it; restore brings it back after a stop', async () => {
    const dir = tempDir('booklets-backup-e2e-');
    const dbPath = path.join(dir, 'data', 'booklets.db');
    const backup = path.join(dir, 'backup.db');
    const env = { DATABASE_PATH: dbPath };
    server = await startServer(dbPath);
    const key = await createKey(dbPath, 'translator', 'Backup test', [LANG]);

    const w = writer(server.base, key);
    while (w.acked.length < 20) {
      if (w.state.finished) {
        await w.stop();
        throw new Error('the writer made all the writes it may before enough of them followed the backup');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const backupStarted = Date.now();
    const result = await cli(['backup', backup], env);
    const backupEnded = Date.now();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Backed up .* to .*backup\.db in \d+ ms:\n {2}\d+ bytes \([\d.]+ MB\), \d+ pages of \d+ bytes, schema version \d+, integrity check ok/,
    );
    while (w.acked.filter((a) => a.at > backupEnded).length < 10) {
      // A writer that stopped (an error, or all its writes done) says so instead of a timeout.
      if (w.state.finished) {
        await w.stop();
        throw new Error('the writer made all the writes it may before enough of them followed the backup');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await w.stop();
    const before = w.acked.filter((a) => a.at < backupStarted).map((a) => a.body);
    const after = w.acked.filter((a) => a.at > backupEnded).map((a) => a.body);

    // The file exists now: a second backup to it is refused and leaves it as it is.
    const bytes = fs.readFileSync(backup);
    const again = await cli(['backup', backup], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: choose another file, or add --force/);
    expect(fs.readFileSync(backup).equals(bytes)).toBe(true);

    // While the server runs, restore is refused.
    const busy = await cli(['restore', backup], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/in use by another process: stop the server first/);
    const live = await history(server.base, key);
    expect(after.every((b) => live.has(b))).toBe(true);

    expect(await server.stop()).toBe(0);
    const restored = await cli(['restore', backup], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/The database it replaced is kept as .*before-restore-/);

    server = await startServer(dbPath);
    const kept = await history(server.base, key);
    expect(before.filter((b) => !kept.has(b))).toEqual([]);
    expect(after.filter((b) => kept.has(b))).toEqual([]);
    const page = await fetch(`${server.base}/booklets/${SLUG}/en`);
    expect(page.status).toBe(200);
    expect(await server.stop()).toBe(0);
    server = undefined;
    const previous = fs.readdirSync(path.dirname(dbPath)).filter((f) => f.includes('.before-restore-') && !f.endsWith('-wal'));
    expect(previous).toHaveLength(1);
    console.log(
      `backup during writes: ${before.length} writes before it (all restored), ${after.length} after it (not in the backup), ` +
        `backup took ${backupEnded - backupStarted} ms with the CLI start-up; ${result.stdout.split('\n')[1]?.trim()}`,
    );
  }, 90_000);

  it('the server refuses to start on a damaged database: exit code 1 and a clear message, no stack trace', async () => {
    const dir = tempDir('booklets-damaged-');
    const dbPath = path.join(dir, 'booklets.db');
    const first = await startServer(dbPath);
    expect(await first.stop()).toBe(0);
    damagePages(dbPath);
    const before = fs.readFileSync(dbPath);

    const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/server.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: dbPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain(`The database ${dbPath} failed its integrity check`);
    expect(stderr).toMatch(/Restore the latest backup/);
    expect(stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);

    // The CLI refuses the same database the same way.
    const keys = await cli(['keys', 'list'], { DATABASE_PATH: dbPath });
    expect(keys.code).toBe(1);
    expect(keys.stderr).toContain('failed its integrity check');
  }, 60_000);
});
