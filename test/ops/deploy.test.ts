import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../helpers/net';
import { removeTempDirs, ROOT, startOptions, startServer, tempDir } from './server-process';

const UNIT = path.join(ROOT, 'deploy', 'booklets.service');

/** The unit's settings, as name → values (a name may be given several times). */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) settings.set(m[1] as string, [...(settings.get(m[1] as string) ?? []), m[2] as string]);
  }
  return settings;
}

/** Whether a process is still there (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

afterAll(removeTempDirs);

describe('the systemd unit (deploy/booklets.service)', () => {
  const text = fs.readFileSync(UNIT, 'utf8');
  const settings = unitSettings(text);

  it('runs the built server directly, with the Node options of npm start, as a dedicated user with its state directory', () => {
    expect(settings.get('ExecStart')).toEqual([`/usr/bin/node ${startOptions().join(' ')} dist/src/server.js`]);
    expect(settings.get('KillMode')).toEqual(['mixed']);
    expect(settings.get('Restart')).toEqual(['on-failure']);
    expect(settings.get('User')).toEqual(['booklets']);
    expect(settings.get('StateDirectory')).toEqual(['booklets']);
    expect(settings.get('Environment')).toContain('DATABASE_PATH=/var/lib/booklets/booklets.db');
    expect(settings.get('Environment')).toContain('TRUST_PROXY=loopback');
    for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes']) {
      const [name, value] = hardening.split('=') as [string, string];
      expect({ name, values: settings.get(name) }).toEqual({ name, values: [value] });
    }
  });

  it('is what docs/operations.md tells an operator to install', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
    expect(doc).toContain('deploy/booklets.service');
    expect(doc).toContain('systemctl enable --now booklets');
    expect(doc).toContain('/var/lib/booklets');
    expect(doc).toContain('useradd --system');
  });

  const analyze = spawnSync('systemd-analyze', ['--version']);
  (analyze.status === 0 ? it : it.skip)('passes systemd-analyze verify without a warning', () => {
    // Only the paths of this machine change: where the project and Node.js are.
    const dir = tempDir('booklets-unit-');
    const here = text
      .replace('WorkingDirectory=/opt/booklets', `WorkingDirectory=${ROOT}`)
      .replace('ExecStart=/usr/bin/node ', `ExecStart=${fs.existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath} `);
    fs.writeFileSync(path.join(dir, 'booklets.service'), here);
    const result = spawnSync('systemd-analyze', ['verify', path.join(dir, 'booklets.service')], { encoding: 'utf8' });
    expect({ status: result.status, warnings: result.stderr.trim() }).toEqual({ status: 0, warnings: '' });
  });

  (analyze.status === 0 ? it : it.skip)('the check fails on a unit systemd cannot use', () => {
    const dir = tempDir('booklets-unit-');
    fs.writeFileSync(path.join(dir, 'bad.service'), '[Service]\nExecStart=/usr/bin/true\nKillMode=sometimes\n');
    const result = spawnSync('systemd-analyze', ['verify', path.join(dir, 'bad.service')], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/kill mode/i);
  });
});

describe('stopping as a supervisor does: SIGTERM to the main process only', () => {
  it('the server run directly exits 0 and leaves no process behind', async () => {
    const server = await startServer(path.join(tempDir('booklets-sigterm-'), 'booklets.db'));
    process.kill(server.pid, 'SIGTERM');
    expect(await server.exited).toBe(0);
    expect(alive(server.pid)).toBe(false);
  }, 90_000);

  it('npm start passes the signal on: npm and the server both exit 0, no orphan keeps the database open', async () => {
    const dir = tempDir('booklets-npm-');
    const port = await freePort();
    let output = '';
    // --ignore-scripts: the test run has built dist/ already (prestart would build it again).
    const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'booklets.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | string>((resolve) => npm.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    const up = await waitUntil(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    }, 60_000);
    expect({ up, output: up ? '' : output }).toEqual({ up: true, output: '' });
    const servers = childrenOf(npm.pid!);
    expect(servers).toHaveLength(1);
    process.kill(npm.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(await waitUntil(() => !alive(servers[0] as number), 15_000)).toBe(true);
    expect(output).toContain('SIGTERM');
  }, 120_000);
});
