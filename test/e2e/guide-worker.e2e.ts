// The guide's section 9, "Training in a Web Worker", run as written in Debian's headless
// Chromium: its two files (train-worker.js and main.js, taken from docs/guide.md) served
// beside dist/neurite.browser.min.js with the page the guide describes. The worker must
// train and the page rebuild a model that predicts exactly what the same training gives
// in Node, while the page keeps painting frames.
//
// Then the claim that motivates the section, measured: one training step of a
// 784-512-256-10 network on a batch of 4,096 samples holds the page (the longest gap
// between animation frames) when `fit` runs on the page's thread, and not when it runs
// in a worker. The figures are printed; the guide quotes the page's.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/chromium.js';
import { guidePath, parseDoc, root } from '../../scripts/doc-snippets.js';
import { buildIfNeeded } from '../../scripts/serve-demo.js';
import { Adam, Dense, Sequential, Sigmoid, Tanh } from '../../src/index.js';

const guideFiles = new Map(parseDoc(readFileSync(guidePath, 'utf8')).skipped.filter((b) => b.file).map((b) => [b.file, b.code]));

const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>neurite in a worker</title><link rel="icon" href="data:," /></head>
  <body>
    <p id="status"></p>
    <script type="module" src="main.js"></script>
  </body>
</html>
`;

// The page's side of the measurement: counts animation frames and records the longest
// gap between two of them, until stopped.
const frameMeter = `
  window.frames_ = { count: 0, longest: 0, last: 0, running: true };
  const tick = (now) => {
    const f = window.frames_;
    if (f.last > 0) f.longest = Math.max(f.longest, now - f.last);
    f.last = now;
    f.count++;
    if (f.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

// One epoch of one batch: 4,096 random samples of 784 features, 10 classes.
const bigTraining = `
  const n = 4096, features = 784, classes = 10;
  const random = new Random(3);
  const x = Tensor.uniform([n, features], random, 0, 1);
  const labels = Array.from({ length: n }, () => random.int(classes));
  const model = new Sequential([new Dense(784, 512), new ReLU(), new Dense(512, 256), new ReLU(), new Dense(256, 10)], { seed: 1 });
  model.compile({ optimizer: new Adam(), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
`;
const bigImports = `import { Adam, CategoricalCrossEntropy, Dense, Random, ReLU, Sequential, Tensor } from './neurite.browser.min.js';`;

let dir: string;
let server: Server;
let url: string;
let browser: Browser;

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

beforeAll(async () => {
  buildIfNeeded();
  dir = mkdtempSync(join(tmpdir(), 'neurite-worker-'));
  for (const file of ['train-worker.js', 'main.js']) {
    const code = guideFiles.get(file);
    if (!code) throw new Error(`docs/guide.md has no block starting with "// ${file}"`);
    writeFileSync(join(dir, file), code);
  }
  copyFileSync(resolve(root, 'dist/neurite.browser.min.js'), join(dir, 'neurite.browser.min.js'));
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'big-worker.js'), `${bigImports}\nself.onmessage = async () => {\n${bigTraining}\n  await model.fit(x, labels, { epochs: 1, batchSize: n });\n  self.postMessage('done');\n};\n`);
  writeFileSync(join(dir, 'big-page.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8" /><link rel="icon" href="data:," /></head><body><p>big</p></body></html>\n`);
  server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1) || 'index.html';
    const file = join(dir, name);
    if (!/^[\w.-]+$/.test(name)) return response.writeHead(404).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh page that reports its errors into `problems`. */
async function newPage(problems: string[]): Promise<Page> {
  const p = await browser.newPage();
  p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  p.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return p;
}

describe("the guide's Web Worker example", () => {
  it('trains in the worker, reports each epoch, and the page rebuilds the model it trained', async () => {
    // The same training in Node, from the sources: the model the page rebuilds must predict the same.
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
    model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse', metrics: ['accuracy'] });
    await model.fit(x, [0, 1, 1, 0], { epochs: 300, batchSize: 4 });
    const expected = `trained: ${Array.from(model.predict(x).data, (p) => p.toFixed(2)).join(', ')}`;

    const problems: string[] = [];
    const p = await newPage(problems);
    await p.addInitScript(frameMeter);
    // Every text the status shows, in order, recorded as the page changes it.
    await p.addInitScript(`
      window.statusLog = [];
      new MutationObserver(() => {
        const status = document.querySelector('#status');
        if (status) window.statusLog.push(status.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    `);
    await p.goto(url);
    await p.waitForFunction("document.querySelector('#status')?.textContent.startsWith('trained:')", undefined, { timeout: 30_000 });
    const status = (await p.textContent('#status')) ?? '';
    const seen = new Set(((await p.evaluate('window.statusLog')) as string[]).filter((s) => s.startsWith('epoch')));
    const frames = (await p.evaluate('window.frames_')) as { count: number; longest: number };
    console.log(`guide worker example: ${seen.size} epoch updates seen, ${frames.count} frames painted, longest frame gap ${frames.longest.toFixed(0)} ms; ${status}`);
    expect(status).toBe(expected);
    expect(expected).toMatch(/^trained: 0\.\d\d, 0\.9\d, 0\.9\d, 0\.\d\d$/);
    expect(seen.size).toBe(300); // one message per epoch, each shown
    expect([...seen].every((s) => /^epoch \d+: loss \d\.\d{4}$/.test(s))).toBe(true);
    expect(frames.count).toBeGreaterThan(5);
    expect(problems).toEqual([]);
    await p.close();
  });
});

describe('a large batch: on the page and in a worker', () => {
  it('fit on the page holds the frames for the whole step; in a worker the page keeps painting', async () => {
    const problems: string[] = [];
    const p = await newPage(problems);
    await p.goto(new URL('big-page.html', url).href);
    await p.evaluate(frameMeter);
    await p.waitForTimeout(300);
    const onPage = (await p.evaluate(`(async () => {
      const { Adam, CategoricalCrossEntropy, Dense, Random, ReLU, Sequential, Tensor } = await import('./neurite.browser.min.js');
      ${bigTraining}
      await new Promise((r) => requestAnimationFrame(r));
      window.frames_.longest = 0;
      const started = performance.now();
      const before = window.frames_.count;
      await model.fit(x, labels, { epochs: 1, batchSize: n });
      const during = window.frames_.count - before;
      const ms = performance.now() - started;
      await new Promise((r) => requestAnimationFrame(r));
      return { ms, longest: window.frames_.longest, during };
    })()`)) as { ms: number; longest: number; during: number };

    const inWorker = (await p.evaluate(`(async () => {
      const worker = new Worker('./big-worker.js', { type: 'module' });
      await new Promise((r) => setTimeout(r, 300)); // let the worker load
      await new Promise((r) => requestAnimationFrame(r));
      window.frames_.longest = 0;
      const started = performance.now();
      const done = new Promise((r) => (worker.onmessage = r));
      const before = window.frames_.count;
      worker.postMessage('go');
      await done;
      const during = window.frames_.count - before;
      const ms = performance.now() - started;
      worker.terminate();
      return { ms, longest: window.frames_.longest, during };
    })()`)) as { ms: number; longest: number; during: number };
    console.log(
      `784-512-256-10, one batch of 4,096: on the page ${onPage.ms.toFixed(0)} ms, ${onPage.during} frames painted, longest frame gap ${onPage.longest.toFixed(0)} ms; ` +
        `in a worker ${inWorker.ms.toFixed(0)} ms, ${inWorker.during} frames painted, longest frame gap ${inWorker.longest.toFixed(0)} ms`,
    );
    expect(problems).toEqual([]);
    // Frames counted, not timed (the machine's speed must not decide the test). On the page, the
    // step is one task: no frame is painted while it runs (at most one, in fit's yield after the
    // step). In a worker, frames keep coming.
    expect(onPage.during).toBeLessThanOrEqual(1);
    expect(inWorker.during).toBeGreaterThanOrEqual(3);
    await p.close();
  });
});
