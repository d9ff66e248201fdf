// The browser demo, end to end, in Debian's headless Chromium: the page loads the ESM
// bundle with no errors, XOR training lowers the loss and paints the heat map while the
// page keeps rendering frames, a digit drawn with mouse events gets probability bars,
// the IIFE build works from a plain <script> tag, the shipped bundle trains
// bit-identically to the sources in Node, and the pages are cross-origin isolated so that
// the minified bundle's worker threads start and compute the bits of one thread.
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/chromium.js';
import { digitStrokes, drawStrokes, readBars, waitForEpochs, waitForPrediction, watchPage } from '../../scripts/demo-driver.js';
import { buildIfNeeded, startDemoServer } from '../../scripts/serve-demo.js';
import { seededFit } from '../browser/seeded-fit.js';

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  buildIfNeeded();
  server = await startDemoServer(0);
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
  watchPage(page, problems);
  await page.goto(new URL('examples/browser/', server.url).href);
  await page.waitForSelector('#digit-model-info[data-ready="true"]', { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Counts the canvas's pixels that are painted and not plain white, read back from its backing store. */
function paintedPixels(selector: string): Promise<{ painted: number; total: number; bluish: number; orangish: number }> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0, bluish = 0, orangish = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && !(r > 245 && g > 245 && b > 245)) painted++;
      if (b > r + 60) bluish++;
      if (r > b + 60) orangish++;
    }
    return { painted, total: data.length / 4, bluish, orangish };
  })()`);
}

const lossValue = async () => Number(await page.getAttribute('#xor-loss', 'data-value'));
const epochValue = async () => Number(await page.getAttribute('#xor-epoch', 'data-value'));

describe('the demo page', () => {
  it('loads dist/neurite.browser.js as an ES module and the model JSON, with no errors', async () => {
    expect(await page.title()).toBe('neurite in the browser');
    expect(await page.textContent('#digit-model-info')).toMatch(/Conv2D\(1 → 8, 5×5\).*5,994 params/);
    expect(problems).toEqual([]);
  });

  it('is cross-origin isolated (the server sends COOP and COEP), so the kernels may use threads', async () => {
    expect(await page.evaluate('crossOriginIsolated')).toBe(true);
    const cores = (await page.evaluate('navigator.hardwareConcurrency')) as number;
    expect(await page.getAttribute('#backend-info', 'data-threads')).toBe(String(Math.min(8, cores)));
  });

  it('draws the four activations and their derivatives', async () => {
    const { painted, bluish, orangish } = await paintedPixels('#activation-plots');
    expect(painted).toBeGreaterThan(5000);
    expect(bluish).toBeGreaterThan(500); // φ(x)
    expect(orangish).toBeGreaterThan(300); // φ′(x), dashed
  });
});

describe('the XOR playground', () => {
  it('trains live: the loss drops, the heat map is painted, and frames keep coming', async () => {
    expect(await epochValue()).toBe(0);
    const before = await lossValue();
    expect(before).toBeGreaterThan(0.3);

    // Count the animation frames painted while it trains: a page that trained in one go would
    // paint none until the end. (A count, not a time: the test must not depend on the machine's speed.)
    await page.evaluate(`(() => {
      window.__frames = 0;
      const tick = () => { window.__frames++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.click('#xor-train');
    await waitForEpochs(page, 400);
    await page.click('#xor-train'); // pause
    const framesWhileTraining = (await page.evaluate('window.__frames')) as number;
    const after = await lossValue();

    expect(framesWhileTraining).toBeGreaterThanOrEqual(10);
    expect(after).toBeLessThan(before / 10);
    expect(await page.textContent('#xor-accuracy')).toBe('100%');
    const heat = await paintedPixels('#xor-heatmap');
    expect(heat.painted / heat.total).toBeGreaterThan(0.5);
    expect(heat.bluish).toBeGreaterThan(1000);
    expect(heat.orangish).toBeGreaterThan(1000);
    const curve = await paintedPixels('#xor-loss-curve');
    expect(curve.bluish).toBeGreaterThan(200); // the loss line
  });

  it('starts over when a control changes', async () => {
    await page.selectOption('#xor-activation', 'relu');
    expect(await epochValue()).toBe(0);
    await page.click('#xor-train');
    await waitForEpochs(page, 50);
    await page.click('#xor-train');
    expect(await lossValue()).toBeGreaterThan(0);
  });
});

describe('draw a digit', () => {
  for (const digit of ['7', '3']) {
    it(`shows probability bars for a ${digit} drawn with mouse events, and the ${digit} wins`, async () => {
      await page.click('#digit-clear');
      expect(await page.getAttribute('#digit-bars', 'data-prediction')).toBe('');
      await drawStrokes(page, digitStrokes[digit]);
      await waitForPrediction(page);
      const bars = await readBars(page);
      expect(bars).toHaveLength(10);
      expect(bars.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(await page.getAttribute('#digit-bars', 'data-prediction')).toBe(digit);
      const width = await page.$eval(`#digit-bars li[data-digit="${digit}"] .fill`, (el) => el.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(50);
      const preview = await paintedPixels('#digit-preview');
      expect(preview.total).toBe(28 * 28);
    });
  }

  it('clears the pad and the bars', async () => {
    await page.click('#digit-clear');
    await page.waitForFunction(`document.getElementById('digit-bars').dataset.prediction === ''`);
    expect(await readBars(page)).toEqual(new Array(10).fill(0));
    expect(problems).toEqual([]);
  });
});

describe('the other builds', () => {
  it('the minified IIFE works from a plain <script> tag (global `neurite`)', async () => {
    const other = await browser.newPage();
    const errors: string[] = [];
    other.on('pageerror', (error) => errors.push(error.message));
    await other.goto(new URL('examples/browser/script-tag.html', server.url).href);
    await other.waitForSelector('#out[data-accuracy]');
    expect(await other.getAttribute('#out', 'data-accuracy')).toBe('1');
    expect(await other.textContent('#out')).toContain('Total params: 17');
    expect(await other.evaluate('typeof neurite.Sequential')).toBe('function');
    expect(errors).toEqual([]);
    await other.close();
  });

  it('neurite/threads (threads.browser.min.js on neurite.browser.min.js) starts its worker threads (from a Blob URL) and they compute the bits of one thread', async () => {
    const other = await browser.newPage();
    const errors: string[] = [];
    other.on('pageerror', (error) => errors.push(error.message));
    // Keep what the bundle sends its workers: the shared memory, where the control block
    // counts the workers that started and the tasks each thread ran.
    await other.addInitScript(`(() => {
      const Original = globalThis.Worker;
      globalThis.__workerInits = [];
      globalThis.Worker = class extends Original {
        postMessage(message, ...rest) {
          if (message && message.memory) globalThis.__workerInits.push(message);
          return super.postMessage(message, ...rest);
        }
      };
    })()`);
    await other.goto(new URL('examples/browser/script-tag.html', server.url).href);
    await other.waitForSelector('#out[data-accuracy]');
    const core = new URL('dist/neurite.browser.min.js', server.url).href, threads = new URL('dist/threads.browser.min.js', server.url).href;
    const result = (await other.evaluate(`(async () => {
      // The classic script's copy has no threads: products stay on one thread, and it says how to turn them on.
      const off = neurite.getBackendInfo();
      const { matmul, Random, Tensor, getBackendInfo } = await import(${JSON.stringify(core)});
      const { setThreads } = await import(${JSON.stringify(threads)});
      const a = Tensor.randn([256, 256], new Random(1)), b = Tensor.randn([256, 256], new Random(2));
      setThreads(1);
      const one = matmul(a, b, Tensor.zeros([256, 256])).data.slice();
      setThreads(2);
      const out = Tensor.zeros([256, 256]);
      matmul(a, b, out); // starts the workers
      const init = globalThis.__workerInits[globalThis.__workerInits.length - 1];
      const ctrl = new Int32Array(init.memory.buffer, init.control, 512);
      // Wait (yielding) until the worker runs: a bound as a safety net, not a timing assertion.
      for (let waited = 0; Atomics.load(ctrl, 6) < 1 && waited < 20000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      let mismatches = 0;
      for (let round = 0; round < 20; round++) {
        matmul(a, b, out);
        for (let i = 0; i < one.length; i++) if (!Object.is(out.data[i], one[i])) mismatches++;
      }
      return { off, ready: Atomics.load(ctrl, 6), tasks: [ctrl[64], ctrl[65]], mismatches, info: getBackendInfo() };
    })()`)) as { off: { threads: number; reason?: string }; ready: number; tasks: number[]; mismatches: number; info: { threads: number } };
    expect(result.off).toEqual({ backend: 'wasm', threads: 1, simd: true, reason: "threads are off: import { setThreads } from 'neurite/threads'" });
    expect(result.info.threads).toBe(2);
    expect(result.ready).toBe(1);
    expect(result.mismatches).toBe(0);
    expect(errors).toEqual([]);
    await other.close();
  });

  it('served without COOP/COEP, the page is not isolated: one thread, the reason given, and training works', async () => {
    const other = await browser.newPage();
    const errors: string[] = [];
    other.on('pageerror', (error) => errors.push(error.message));
    // The same server's responses, less the two isolation headers.
    await other.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    await other.goto(new URL('examples/browser/script-tag.html', server.url).href);
    await other.waitForSelector('#out[data-accuracy]');
    expect(await other.getAttribute('#out', 'data-accuracy')).toBe('1');
    expect(await other.evaluate('crossOriginIsolated')).toBe(false);
    const threads = new URL('dist/threads.browser.min.js', server.url).href;
    const info = (await other.evaluate(`(async () => {
      const { matmul, Random, Tensor, getBackendInfo } = await import(${JSON.stringify(new URL('dist/neurite.browser.min.js', server.url).href)});
      (await import(${JSON.stringify(threads)})).setThreads();
      const a = Tensor.randn([256, 256], new Random(1));
      matmul(a, a, Tensor.zeros([256, 256])); // large enough for threads, had they been possible
      return getBackendInfo();
    })()`)) as { threads: number; reason?: string };
    expect(info.threads).toBe(1);
    expect(info.reason).toMatch(/not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
    expect(errors).toEqual([]);
    await other.close();
  });

  it('the shipped ESM bundle trains bit-identically to the sources in Node (same seed, same SHA-256)', async () => {
    // test/browser/seeded-fit.ts, compiled to use dist/neurite.browser.min.js in place of src/index.ts.
    const bundleUrl = new URL('dist/neurite.browser.min.js', server.url).href;
    const result = await build({
      entryPoints: ['test/browser/seeded-fit.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      plugins: [
        {
          name: 'use-the-bundle',
          setup(b) {
            b.onResolve({ filter: /src\/index\.js$/ }, () => ({ path: bundleUrl, external: true }));
          },
        },
      ],
    });
    const code = result.outputFiles[0].text;
    const inBrowser = await page.evaluate(`(async () => {
      const url = URL.createObjectURL(new Blob([${JSON.stringify(code)}], { type: 'text/javascript' }));
      const { seededFit } = await import(url);
      const { hash, losses } = await seededFit(7);
      return { hash, losses };
    })()`);
    const inNode = await seededFit(7);
    expect(inBrowser).toEqual({ hash: inNode.hash, losses: inNode.losses });
  });

  it('the neurite/onnx bundle works beside the main one, sharing its classes', async () => {
    const base = new URL('dist/', server.url).href;
    const result = (await page.evaluate(`(async () => {
      const neurite = await import(${JSON.stringify(`${base}neurite.browser.min.js`)});
      const { toOnnx, fromOnnx, SUPPORTED_LAYERS } = await import(${JSON.stringify(`${base}onnx.browser.min.js`)});
      const model = new neurite.Sequential([new neurite.Dense(2, 4), new neurite.Tanh(), new neurite.Dense(4, 1), new neurite.Sigmoid()], { seed: 1 });
      const bytes = toOnnx(model);
      const copy = fromOnnx(bytes);
      const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
      let error = null;
      try { fromOnnx(new Uint8Array([1, 2, 3])); } catch (e) { error = { isDataError: e instanceof neurite.DataError, message: e.message }; }
      let named = '';
      try { toOnnx(new neurite.Dense(2, 3)); } catch (e) { named = e.message; }
      return {
        named,
        bytes: bytes.length,
        isSequential: copy instanceof neurite.Sequential,
        same: Array.from(copy.predict(x).data).join() === Array.from(model.predict(x).data).join(),
        supported: SUPPORTED_LAYERS.length,
        error,
      };
    })()`)) as { named: string; bytes: number; isSequential: boolean; same: boolean; supported: number; error: { isDataError: boolean; message: string } | null };
    expect(result.bytes).toBeGreaterThan(100);
    expect(result.isSequential).toBe(true);
    expect(result.same).toBe(true);
    expect(result.supported).toBeGreaterThan(5);
    expect(result.error?.isDataError).toBe(true);
    expect(result.error?.message).toMatch(/^fromOnnx: /);
    // Minified, the classes keep their names, which errors quote.
    expect(result.named).toBe('toOnnx: expected a Sequential model, got a Dense');
  });

  it('the neurite/tfjs bundle works beside the main one, sharing its classes', async () => {
    const base = new URL('dist/', server.url).href;
    const result = (await page.evaluate(`(async () => {
      const neurite = await import(${JSON.stringify(`${base}neurite.browser.min.js`)});
      const { toTfjs, fromTfjs } = await import(${JSON.stringify(`${base}tfjs.browser.min.js`)});
      const model = new neurite.Sequential([new neurite.Conv2D(1, 2, 3), new neurite.ReLU(), new neurite.Flatten(), new neurite.Dense(8, 1)], { seed: 1, inputShape: [4, 4, 1] });
      const { modelJson, weightData } = toTfjs(model);
      const copy = fromTfjs(JSON.stringify(modelJson), weightData);
      const x = neurite.Tensor.randn([3, 4, 4, 1], new neurite.Random(2));
      let error = null;
      try { fromTfjs({ modelTopology: 1 }, new ArrayBuffer(0)); } catch (e) { error = { isDataError: e instanceof neurite.DataError, message: e.message }; }
      let named = '';
      try { toTfjs(new neurite.Dense(2, 3)); } catch (e) { named = e.message; }
      return {
        named,
        bytes: weightData.byteLength,
        isSequential: copy instanceof neurite.Sequential,
        same: Array.from(copy.predict(x).data).join() === Array.from(model.predict(x).data).join(),
        error,
      };
    })()`)) as { named: string; bytes: number; isSequential: boolean; same: boolean; error: { isDataError: boolean; message: string } | null };
    expect(result.bytes).toBe(4 * (2 * 9 + 2 + 8 + 1));
    expect(result.isSequential).toBe(true);
    expect(result.same).toBe(true);
    expect(result.error?.isDataError).toBe(true);
    expect(result.error?.message).toMatch(/^fromTfjs: /);
    expect(result.named).toBe('toTfjs: expected a Sequential model, got a Dense');
  });
});
