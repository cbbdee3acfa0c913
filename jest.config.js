/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/functions', '<rootDir>/commands', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/testdata/'],
  testTimeout: 120000,
  maxWorkers: 2,
  // Every text edit is re-read and compared in tests (libs/krm-runtime/src/text-edit.ts); the
  // linear-time regexp engine must be on (npm test starts node with its flag).
  setupFiles: ['<rootDir>/test/support/verify-text-edits.js', '<rootDir>/test/support/require-linear-regexp.js'],
};
