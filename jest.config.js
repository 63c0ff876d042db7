/** Three kinds of test: unit (pure code and the local Workspace), integration (dist/Code.js in node:vm),
 *  e2e (a real Chromium; skipped with a clear message when none is installed). */
// ts-jest compiles each file on its own (isolatedModules is set in tsconfig.base.json): type-checking is `npm run typecheck`.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/fast-check-seed.ts'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
