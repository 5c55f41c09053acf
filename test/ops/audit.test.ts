import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir, removeTempDirs } from './server-process';

/** Runs .ci/audit.js on a given `npm audit --json` report. */
function audit(report: unknown): { code: number | null; out: string } {
  const file = path.join(tempDir('booklets-audit-'), 'audit.json');
  fs.writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  const run = spawnSync(process.execPath, [path.join(ROOT, '.ci/audit.js')], {
    env: { ...process.env, AUDIT_JSON: file },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout + run.stderr };
}

const counts = (high: number, critical: number) => ({ info: 0, low: 2, moderate: 1, high, critical, total: 3 + high + critical });

afterAll(() => removeTempDirs());

describe('the CI audit step', () => {
  it('fails on a high vulnerability and names the package', () => {
    const result = audit({
      auditReportVersion: 2,
      vulnerabilities: { 'some-lib': { severity: 'high', fixAvailable: true } },
      metadata: { vulnerabilities: counts(1, 0) },
    });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/0 critical, 1 high.*\n {2}some-lib \(high\), fix available/);
  });

  it('fails on a critical vulnerability', () => {
    expect(audit({ vulnerabilities: {}, metadata: { vulnerabilities: counts(0, 2) } }).code).toBe(1);
  });

  it('passes with only moderate and low ones, and says so', () => {
    const result = audit({ vulnerabilities: {}, metadata: { vulnerabilities: counts(0, 0) } });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/0 critical, 0 high, 1 moderate, 2 low, 0 info; nothing high or critical/);
  });

  it('only warns when the audit service cannot be reached (a registry mirror answering 405)', () => {
    const result = audit({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/warning.*could not be done.*405 Method Not Allowed/);
  });

  it('fails on output it cannot read rather than passing silently', () => {
    expect(audit('npm ERR! something odd').code).toBe(1);
    expect(audit({ unexpected: true }).code).toBe(1);
  });
});
