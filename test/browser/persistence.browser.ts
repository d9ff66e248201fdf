// Runs in real Chromium only (vitest.browser.config.ts): a model trained in the page
// goes through JSON.stringify → localStorage → Sequential.fromJSON and predicts
// bit-identically; and a seeded fit gives bit-identical weights here and in Node.
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { Adam, Dense, LeakyReLU, Sequential, Sigmoid, Tanh, Tensor } from '../../src/index.js';
import { seededFit, seededSetup, weightsHash } from './seeded-fit.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** The seeded run of ./seeded-fit.ts, computed in the Node process that drives the browser. */
    nodeSeededFit: (seed: number) => Promise<{ hash: string; losses: number[]; runtime: string }>;
  }
}

// The DOM types are not part of this project's TypeScript lib; declare the little used here.
interface WebStorage {
  setItem(key: string, value: string): void;
  getItem(key: string): string | null;
  removeItem(key: string): void;
}
const { localStorage, navigator } = globalThis as unknown as { localStorage: WebStorage; navigator: { userAgent: string } };

function bytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

const KEY = 'neurite-test-model';
afterEach(() => localStorage.removeItem(KEY));

describe('in Chromium', () => {
  it('runs in a real browser, not in Node', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(typeof (globalThis as { process?: unknown }).process === 'undefined' || !('versions' in (globalThis as { process: object }).process)).toBe(true);
  });
});

describe('persistence through localStorage', () => {
  it('trains in the page, saves with JSON.stringify to localStorage, and fromJSON predicts bit-identically', async () => {
    const model = new Sequential([new Dense(2, 8), new LeakyReLU({ alpha: 0.1 }), new Dense(8, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], {
      seed: 3,
    });
    model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [0, 1, 1, 0];
    const history = await model.fit(x, y, { epochs: 300, batchSize: 4 });
    expect(history.history.loss.at(-1)!).toBeLessThan(history.history.loss[0]);
    expect(model.evaluate(x, y).accuracy).toBe(1);

    localStorage.setItem(KEY, JSON.stringify(model));
    const text = localStorage.getItem(KEY);
    expect(text).not.toBeNull();
    const restored = Sequential.fromJSON(text!);

    const probe = Tensor.uniform([256, 2], model.random, -0.5, 1.5);
    expect(bytesOf(restored.predict(probe))).toEqual(bytesOf(model.predict(probe)));
    expect(await weightsHash(restored)).toBe(await weightsHash(model));
  });

  it('resumes training from localStorage exactly (includeOptimizer)', async () => {
    const { model, x, labels } = seededSetup(11);
    await model.fit(x, labels, { epochs: 2, batchSize: 16 });
    localStorage.setItem(KEY, JSON.stringify(model.toJSON({ includeOptimizer: true })));
    const resumed = Sequential.fromJSON(localStorage.getItem(KEY)!);

    await model.fit(x, labels, { epochs: 2, batchSize: 16 });
    await resumed.fit(x, labels, { epochs: 2, batchSize: 16 });
    expect(await weightsHash(resumed)).toBe(await weightsHash(model));
  });
});

describe('the same seed in Node and in Chromium', () => {
  it('gives bit-identical weights after a seeded fit (SHA-256 of every weight)', async () => {
    const browser = await seededFit(7);
    const node = await commands.nodeSeededFit(7);
    expect(node.runtime).toMatch(/^node v\d+/);
    expect(browser.losses).toEqual(node.losses);
    expect(browser.hash).toBe(node.hash);
  });

  it('differs for a different seed (the hash is not trivially constant)', async () => {
    const [a, b] = await Promise.all([commands.nodeSeededFit(7), commands.nodeSeededFit(8)]);
    expect(a.hash).not.toBe(b.hash);
  });
});
