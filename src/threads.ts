// neurite/threads: the WebAssembly products and Adam steps on worker threads, bit-identical
// to one thread. Opt-in: an app that does not import this entry carries none of it.

/**
 * Worker threads for the WebAssembly kernels: `setThreads()` turns them on for the large
 * matrix products (Dense layers, convolutions) and Adam steps, with results bit-identical
 * for any thread count. They need `SharedArrayBuffer`: Node 20.16 or later, or a page served
 * cross-origin isolated (`Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`); elsewhere products run on one thread and
 * `getBackendInfo()` (from `neurite`) says why.
 *
 * @example
 * import { setThreads } from 'neurite/threads';
 * setThreads(); // the available parallelism, at most 8
 *
 * @module neurite/threads
 */
export { setThreads, getThreads, startThreads } from './wasm/threads/hook.js';
export { disposeThreads } from './wasm/threads/pool.js';
