// End-to-end tests of the browser demo (test/e2e/*.e2e.ts): a Node process serves
// examples/browser/ and dist/ and drives Debian's Chromium with playwright-core.
// `npm run test:e2e` (builds the browser bundle first if it is missing or stale).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser at a time on a small machine.
    fileParallelism: false,
  },
});
