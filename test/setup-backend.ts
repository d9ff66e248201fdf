// Vitest setup (vitest.config.ts → setupFiles): runs every test file on the kernel backend
// named by NEURITE_BACKEND ('js' or 'wasm'); unset, neurite picks its default ('wasm'
// where WebAssembly SIMD is available). `npm run test:js` and `npm run test:wasm` set it.
import { setBackend, type Backend } from '../src/index.js';

// The choice of backend lives on globalThis (shared by every copy of neurite in a process), and a
// worker runs test files one after another: each file starts from the default.
delete (globalThis as Record<symbol, unknown>)[Symbol.for('neurite.backend')];

const requested = process.env.NEURITE_BACKEND;
if (requested !== undefined && requested !== '') {
  if (requested !== 'js' && requested !== 'wasm') {
    throw new Error(`NEURITE_BACKEND: expected 'js' or 'wasm', got ${JSON.stringify(requested)}`);
  }
  setBackend(requested satisfies Backend);
}
