import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // NEURITE_BACKEND=js|wasm runs the whole suite on one kernel backend (npm run test:js, test:wasm).
    setupFiles: ['./test/setup-backend.ts'],
    // Generous bounds for a loaded 2-core machine (the TypeScript kernels, another job on
    // the other core): the slowest test takes about 2 s on a quiet one. Longer tests set their own.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text', 'html'],
    },
  },
});
