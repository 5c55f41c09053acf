import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/net';

/** The project folder: the built service is dist/src/server.js (the test run builds it first). */
export const ROOT = path.join(__dirname, '..', '..');

/**
 * The Node options `npm start` gives the service (package.json "start": `exec node <options> dist/src/server.js`),
 * so the tests measure the process as it runs in production.
 */
export function startOptions(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /^exec node\s+(.*?)\s*dist\/src\/server\.js$/.exec(pkg.scripts.start ?? '');
  if (!m) throw new Error(`package.json "start" is not "exec node [options] dist/src/server.js": ${pkg.scripts.start}`);
  return m[1] ? m[1].split(/\s+/) : [];
}

const made: string[] = [];

/** A fresh folder for one test's database; removeTempDirs() deletes every folder made so far. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The real service, started as a separate process on a loopback port. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  base: string;
  /** Everything the process wrote on stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<number | string>;
}

/** Starts dist/src/server.js on `databasePath`; resolves once /healthz answers 200. */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...startOptions(), path.join(ROOT, 'dist/src/server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    port,
    base,
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the compiled CLI (`npm run booklets -- …` without the build) and collects its output. */
export function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/src/cli/index.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Creates an API key with the CLI and returns it (the CLI prints it alone on its last line). */
export async function createKey(databasePath: string, role: string, name: string, languages?: string[]): Promise<string> {
  const args = ['keys', 'create', '--role', role, '--name', name, ...(languages ? ['--lang', languages.join(',')] : [])];
  const result = await cli(args, { DATABASE_PATH: databasePath });
  if (result.code !== 0) throw new Error(`keys create failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim().split('\n').pop()!.trim();
}

/** The server process's resident memory in bytes (VmRSS in /proc/<pid>/status). */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}
