import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // NEURITE_BACKEND=js|wasm runs the whole suite on one kernel backend (npm run test:js, test:wasm).
    setupFiles: ['./test/setup-backend.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text', 'html'],
    },
  },
});
