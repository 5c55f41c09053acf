import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { freePort } from '../helpers/net';

/**
 * What browser tests share: the built service on a free loopback port with a fresh database,
 * Debian's chromium, axe-core run inside the page, screenshots under test-artifacts/, and API keys
 * made with the CLI. The service is the compiled one (dist/), built by the global setup.
 */

export const ROOT = path.join(__dirname, '..', '..');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The WCAG 2.x A/AA rule sets the pages must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export interface StartServerOptions {
  /** Extra environment for the service (e.g. BOOKLETS_DIR); PORT, HOST, DATABASE_PATH and BASE_URL are set here. */
  env?: Record<string, string>;
  /** How long to wait for /healthz (default 60 s). */
  timeoutMs?: number;
}

export interface RunningServer {
  /** http://127.0.0.1:<port>, also the service's BASE_URL. */
  baseUrl: string;
  /** A fresh temporary folder holding the database (booklets.db) and the render cache; removed by stop(). */
  dataDir: string;
  databasePath: string;
  /** Everything the service printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built service (node dist/src/server.js) with a fresh database, which imports the
 * sample booklets on first start, and waits until /healthz answers.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-e2e-'));
  const databasePath = path.join(dataDir, 'booklets.db');
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [path.join('dist', 'src', 'server.js')], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, BASE_URL: baseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the service exited with ${child.exitCode} before answering:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the service did not answer /healthz in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { baseUrl, dataDir, databasePath, output: () => log, stop };
}

/** Debian's chromium, headless, with a fresh profile and no background traffic. */
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`No chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  // playwright gives every launch its own temporary profile (a fresh user data dir).
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One axe-core violation, as much as a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core inside the page for the WCAG 2.x A/AA rules and returns the violations (empty when
 * the page passes). The script is evaluated through the DevTools protocol, so the page's strict
 * Content-Security-Policy stays in force and needs no exception.
 */
export async function runAxe(page: Page, tags: readonly string[] = WCAG_TAGS): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(
    async (runOnly: string[]) => {
      type Result = { violations: AxeViolation[] };
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
      const doc = (globalThis as unknown as { document: unknown }).document;
      const result = await axe.run(doc, { runOnly: { type: 'tag', values: runOnly }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
      }));
    },
    [...tags],
  );
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS_DIR, 'screenshots', `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Creates an API key with the CLI (`keys create`) in the database of a server started by
 * startServer, and returns the key (the last line of the output).
 */
export function createKey(dataDir: string, role: 'translator' | 'editor' | 'admin', langs?: readonly string[]): string {
  const args = [path.join('dist', 'src', 'cli', 'index.js'), 'keys', 'create', '--role', role, '--name', `Browser test ${role}`];
  if (langs && langs.length > 0) args.push('--lang', langs.join(','));
  const out = execFileSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: path.join(dataDir, 'booklets.db') },
    encoding: 'utf8',
  });
  const key = out.trim().split('\n').pop()?.trim();
  if (!key) throw new Error(`keys create printed no key:\n${out}`);
  return key;
}

/** Whether the page scrolls sideways (the document is wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  // The project compiles without the DOM library: the page's document is typed here as far as needed.
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
      .documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}
