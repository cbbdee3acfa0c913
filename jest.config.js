/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/functions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/testdata/'],
  testTimeout: 120000,
  maxWorkers: 2,
  // Every text edit is re-read and compared in tests (functions/lib/src/text-edit.ts).
  setupFiles: ['<rootDir>/test/support/verify-text-edits.js'],
};
