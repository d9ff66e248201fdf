// Runs in real Chromium only (vitest.browser.config.ts serves the pages cross-origin
// isolated): the WebAssembly kernels run on worker threads started from a Blob URL, the
// page's main thread spins instead of blocking, and a seeded fit (a wide MLP, and a convnet)
// gives the same weights on 1, 2 and 4 threads here as on one thread in Node.
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { getBackendInfo } from '../../src/index.js';
import { disposeThreads, setThreads, startThreads } from '../../src/threads.js';
import { setThreadTestHooks, threadTaskCounts } from '../../src/wasm/threads.js';
import { convnetSeededFit, wideSeededFit } from './seeded-fit.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** ./seeded-fit.ts's wideSeededFit on `threads` threads, computed in the Node process that drives the browser. */
    nodeWideSeededFit: (seed: number, threads: number) => Promise<{ hash: string; losses: number[]; runtime: string }>;
    /** ./seeded-fit.ts's convnetSeededFit on `threads` threads, in Node. */
    nodeConvnetSeededFit: (seed: number, threads: number) => Promise<{ hash: string; losses: number[]; runtime: string }>;
  }
}

const scope = globalThis as unknown as { crossOriginIsolated?: boolean; navigator: { hardwareConcurrency: number } };

afterAll(() => {
  setThreadTestHooks({});
  setThreads(2);
  disposeThreads();
});

describe('threads in Chromium', () => {
  it('the test page is cross-origin isolated, so setThreads() puts products on several threads', () => {
    expect(scope.crossOriginIsolated).toBe(true);
    setThreads();
    expect(getBackendInfo()).toEqual({ backend: 'wasm', threads: Math.min(8, scope.navigator.hardwareConcurrency), simd: true });
  });

  it('the workers start from the bundle itself (a Blob URL)', async () => {
    setThreads(2);
    expect(await startThreads()).toBe(true);
  });

  for (const threads of [1, 2, 4]) {
    it(`a seeded fit on ${threads} thread(s) gives the weights of one thread in Node`, async () => {
      const node = await commands.nodeWideSeededFit(5, 1);
      setThreads(threads);
      if (threads > 1) expect(await startThreads()).toBe(true);
      setThreadTestHooks({ spread: threads > 1 }); // every worker takes part
      const before = threadTaskCounts();
      const { hash, losses } = await wideSeededFit(5);
      const ran = threadTaskCounts().map((count, slot) => count - (before[slot] ?? 0));
      setThreadTestHooks({});
      expect(losses).toEqual(node.losses);
      expect(hash).toBe(node.hash);
      if (threads > 1) expect(ran.every((count) => count > 0), `tasks per thread: ${ran.join(', ')}`).toBe(true);
    });
  }

  for (const threads of [1, 2, 4]) {
    it(`a seeded convnet fit on ${threads} thread(s) gives the weights of one thread in Node`, async () => {
      const node = await commands.nodeConvnetSeededFit(9, 1);
      setThreads(threads);
      if (threads > 1) expect(await startThreads()).toBe(true);
      setThreadTestHooks({ spread: threads > 1 }); // every worker takes part
      const before = threadTaskCounts();
      const { hash, losses } = await convnetSeededFit(9);
      const ran = threadTaskCounts().map((count, slot) => count - (before[slot] ?? 0));
      setThreadTestHooks({});
      expect(losses).toEqual(node.losses);
      expect(hash).toBe(node.hash);
      if (threads > 1) expect(ran.every((count) => count > 0), `tasks per thread: ${ran.join(', ')}`).toBe(true);
    });
  }

  it('on 2 threads in Node too, the same weights', async () => {
    const one = await commands.nodeWideSeededFit(5, 1);
    const two = await commands.nodeWideSeededFit(5, 2);
    expect(two.hash).toBe(one.hash);
  });
});
