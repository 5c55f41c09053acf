/**
 * Browser tests (test/e2e/*.e2e.ts): Debian's chromium driven by playwright-core against the built
 * service (dist/, built once by the global setup). One file at a time: a browser and a server each.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/global-setup.js',
};
