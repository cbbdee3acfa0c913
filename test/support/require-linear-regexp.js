// Patterns from TemplateInfo schemas run on V8's linear-time engine, which exists only when node
// starts with --enable-experimental-regexp-engine (libs/krm-runtime/src/node-flags.ts). `npm test`
// starts jest that way and jest's workers inherit the flag; without it, stop every test file here
// with the reason rather than let a pattern test fail with a misleading message.
try {
  new RegExp('', 'l');
} catch {
  throw new Error(
    "V8's linear-time regexp engine is not enabled: run the tests with `npm test` (node --enable-experimental-regexp-engine node_modules/jest/bin/jest.js), not bare jest",
  );
}
