/**
 * `PINBOT_TEST_SCOPE=smoke npm test` runs only the files that show a fresh install works end to
 * end: the CLI against a real registry, the App against a real registry and the fake GitHub,
 * and the server `npm start` runs. scripts/check-quickstart.sh uses it after CI has already run
 * the whole suite on both Node versions.
 */
const SMOKE = ['test/cli/check-update.test.ts', 'test/e2e/app.e2e.test.ts', 'test/app/server.test.ts'];
const scope = process.env.PINBOT_TEST_SCOPE ?? 'all';
if (scope !== 'all' && scope !== 'smoke') throw new Error(`PINBOT_TEST_SCOPE must be "all" or "smoke", not "${scope}"`);

/** Jest in ESM mode (Probot 14 is ESM-only); @swc/jest strips types, `npm run typecheck` checks them. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testMatch: scope === 'smoke' ? SMOKE.map((file) => `<rootDir>/${file}`) : ['<rootDir>/test/**/*.test.ts'],
  // Closes the shared scan pool's worker threads after each test file; checks no earlier file left node:http patched.
  setupFilesAfterEnv: ['<rootDir>/test/helpers/close-scan-pool.ts', '<rootDir>/test/helpers/unpatched-http.ts'],
  testTimeout: 30000,
  // `npm run coverage`. V8's own counters: Jest's babel instrumentation would transform the
  // sources a second time behind @swc/jest, and V8 sees the ES modules exactly as they run.
  coverageProvider: 'v8',
  // Modules that declare only types compile to nothing and are never loaded: V8 would count
  // every line of them as missed.
  collectCoverageFrom: ['src/**/*.ts', '!src/{discover,github,pr,reference,scan}/types.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  // Measured in CI's Node 22 leg at stop 16: 97.1% lines and statements, 90.7% branches, 96.8%
  // functions (code in the scan pool's worker threads counts only where a test also runs it in
  // the test process). Raise them as tests grow.
  coverageThreshold: { global: { lines: 96, statements: 96, branches: 90, functions: 96 } },
};
