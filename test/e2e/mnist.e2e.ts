// The demo's MNIST section and digit pad, end to end, in Debian's headless Chromium: the
// worker trains a convnet on the shipped 10,000 + 2,000 digit subset (one epoch here) past
// 90% test accuracy while no task on the page's main thread runs longer than 50 ms; the
// section draws its curves, confusion matrix, misclassified digits and filters; the pad
// classifies drawn digits with the bundled convnet and with the one just trained, and draws
// its feature maps, and reads test digits painted onto it; at 390 px the sections fit the screen and the bars sit under the pad.
//
// "Longer than 50 ms" is measured as main-thread CPU time per task, from Chromium's own
// trace (RunTask events on CrRendererMain, their thread time): on a loaded 2-core machine
// a task's wall-clock time also counts the time other processes had the core, which the
// page cannot control. The wall-clock long tasks (PerformanceObserver 'longtask') and the
// longest gap between animation frames are printed beside it.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/chromium.js';
import { digitStrokes, drawStrokes, readBars, waitForPrediction, watchPage } from '../../scripts/demo-driver.js';
import { buildIfNeeded, startDemoServer } from '../../scripts/serve-demo.js';

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
const problems: string[] = [];

async function openDemo(viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const page = await browser.newPage({ viewport, hasTouch: touch });
  watchPage(page, problems);
  await page.goto(new URL('examples/browser/', server.url).href);
  await page.waitForSelector('#digit-model-info[data-ready="true"]', { timeout: 30_000 });
  return page;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The longest main-thread task in a Chromium trace, in ms of thread (CPU) time, and how many tasks there were. */
function longestMainThreadTask(trace: Buffer): { longest: number; tasks: number } {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  let longest = 0, tasks = 0;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    if (e.tdur === undefined) continue; // a few tasks come without a thread time (one that spans the trace's start or end)
    tasks++;
    longest = Math.max(longest, e.tdur / 1000);
  }
  return { longest, tasks };
}

/** Counts a canvas's pixels brighter than black (ink) and not plain white, read back from its backing store. */
function inkPixels(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const sum = data[i] + data[i + 1] + data[i + 2];
      if (sum > 60 && sum < 750) count++;
    }
    return count;
  })`);
}

/** Counts a canvas's clearly blue and clearly orange pixels. */
function blueAndOrange(page: Page, selector: string): Promise<{ blue: number; orange: number }> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let blue = 0, orange = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 2] > data[i] + 60) blue++;
      if (data[i] > data[i + 2] + 60) orange++;
    }
    return { blue, orange };
  })()`);
}

beforeAll(async () => {
  buildIfNeeded();
  server = await startDemoServer(0);
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('MNIST trained in the page', () => {
  let page: Page;

  it('the trace measure sees a main-thread block (a 300 ms busy loop)', async () => {
    page = await openDemo({ width: 1240, height: 900 });
    await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
    await page.evaluate('(() => { const end = performance.now() + 300; while (performance.now() < end); })()');
    const { longest } = longestMainThreadTask(await browser.stopTracing());
    expect(longest).toBeGreaterThan(50); // thread time: less than 300 ms when the core is shared
  });

  it('trains a convnet in a worker past 90% test accuracy (one epoch), pausing and resuming, with no main-thread task over 50 ms', async () => {
    await page.selectOption('#mnist-epochs', '1');
    await page.evaluate(`(() => {
      window.wallClock = { longTasks: [], longestFrameGap: 0 };
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.wallClock.longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (now) => { window.wallClock.longestFrameGap = Math.max(window.wallClock.longestFrameGap, Math.round(now - last)); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
    await page.focus('#mnist-start');
    await page.keyboard.press('Enter'); // the keyboard starts it
    await page.waitForFunction(`Number(document.getElementById('mnist').dataset.seen) >= 1000`, undefined, { timeout: 120_000 });
    await page.click('#mnist-start'); // pause
    await page.waitForFunction(`document.getElementById('mnist').dataset.state === 'paused'`, undefined, { timeout: 60_000 });
    expect(await page.textContent('#mnist-status')).toMatch(/^Paused after [\d,]+ digits/);
    expect(await page.textContent('#mnist-start')).toBe('Resume');
    await page.click('#mnist-start'); // resume
    await page.waitForFunction(`['done', 'error'].includes(document.getElementById('mnist').dataset.state)`, undefined, { timeout: 240_000 });
    const { longest, tasks } = longestMainThreadTask(await browser.stopTracing());
    const wallClock = await page.evaluate('window.wallClock');
    const dataset = (await page.evaluate(`({ ...document.getElementById('mnist').dataset })`)) as Record<string, string>;
    console.log(
      `MNIST in the page: ${(Number(dataset.accuracy) * 100).toFixed(1)}% test accuracy after ${dataset.seen} digits in ${dataset.seconds} s; ` +
        `longest main-thread task ${longest.toFixed(1)} ms of CPU over ${tasks} tasks; wall clock: ${JSON.stringify(wallClock)}`,
    );

    expect(dataset.state).toBe('done');
    expect(Number(dataset.seen)).toBe(10_000);
    expect(Number(dataset.accuracy)).toBeGreaterThan(0.9);
    expect(tasks).toBeGreaterThan(100); // the page kept working: frames, messages, drawing
    expect(longest).toBeLessThanOrEqual(50);
    expect(await page.textContent('#mnist-status')).toMatch(/^Done: 10,000 digits in [\d.]+ s, [\d.]+% on the 2,000 test digits\.$/);
  }, 360_000);

  it('shows the confusion matrix, the misclassified digits, the filters and the curves', async () => {
    const cells = await page.$$eval('#mnist-confusion td', (tds) => tds.map((td) => Number(td.textContent)));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(2000);
    const diagonal = cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
    expect(diagonal / 2000).toBeCloseTo(Number(await page.getAttribute('#mnist', 'data-accuracy')), 6);

    const captions = await page.$$eval('#mnist-wrong figure:not([hidden]) figcaption', (els) => els.map((el) => el.textContent ?? ''));
    expect(captions.length).toBeGreaterThan(0);
    for (const caption of captions) {
      const [label, predicted] = caption.split(' → ').map(Number);
      expect(label).not.toBe(predicted);
      expect(cells[label * 10 + predicted]).toBeGreaterThan(0); // each mistake is counted off the diagonal
    }
    expect(Math.min(...(await inkPixels(page, '#mnist-wrong figure:not([hidden]) canvas')))).toBeGreaterThan(20);

    const filters = await page.$$eval('#mnist-filters canvas', (canvases) => canvases.length);
    expect(filters).toBe(8);
    expect(Math.min(...(await inkPixels(page, '#mnist-filters canvas')))).toBeGreaterThan(0); // coloured, not blank
    // Both curves drawn: blue (train) and orange (test) pixels on each chart.
    for (const id of ['#mnist-loss', '#mnist-accuracy']) {
      const colours = await blueAndOrange(page, id);
      expect(colours.blue).toBeGreaterThan(100);
      expect(colours.orange).toBeGreaterThan(50);
    }
  });

  it('the digit pad reads drawn digits with the bundled convnet and with the one trained here, and draws its feature maps', async () => {
    expect(await page.textContent('#digit-model-info')).toMatch(/Conv2D\(1 → 8, 5×5\).*5,994 params/);
    for (const model of ['bundled', 'trained']) {
      await page.check(`input[name="digit-model"][value="${model}"]`);
      for (const digit of ['7', '3']) {
        await page.click('#digit-clear');
        await drawStrokes(page, digitStrokes[digit]);
        await waitForPrediction(page);
        const bars = await readBars(page);
        expect(bars.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(`${model}: ${await page.getAttribute('#digit-bars', 'data-prediction')}`).toBe(`${model}: ${digit}`);
        const maps = await inkPixels(page, '#digit-maps canvas');
        expect(maps).toHaveLength(8);
        expect(maps.filter((count) => count > 20).length).toBeGreaterThan(4); // most filters respond to the strokes
      }
    }
    expect(await page.textContent('#digit-model-info')).toMatch(/trained here on 10,000 digits/);
    await page.close();
  });

  it('the pad reads test digits fed to it: 20 of the subset painted on the pad, 10 × 10 pad pixels per MNIST pixel', async () => {
    const page = await openDemo({ width: 1240, height: 900 });
    const results = (await page.evaluate(`(async () => {
      const { loadSubset } = await import('./mnist/subset.js');
      const { test } = await loadSubset(new URL('./mnist/mnist-subset.idx.gz', location.href));
      const pad = document.getElementById('digit-pad'), ctx = pad.getContext('2d');
      const bars = document.getElementById('digit-bars');
      const bundled = document.querySelector('input[name="digit-model"][value="bundled"]');
      const results = [];
      for (let i = 0; i < 20; i++) {
        document.getElementById('digit-clear').click();
        for (let p = 0; p < 784; p++) {
          const v = test.images.data[i * 784 + p];
          ctx.fillStyle = 'rgb(' + v + ',' + v + ',' + v + ')';
          ctx.fillRect((p % 28) * 10, Math.floor(p / 28) * 10, 10, 10);
        }
        bundled.dispatchEvent(new Event('change')); // the pad reads itself again when the model choice changes
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        results.push([test.labels.data[i], Number(bars.dataset.prediction)]);
      }
      return results;
    })()`)) as [number, number][];
    const right = results.filter(([label, predicted]) => label === predicted).length;
    console.log(`fed digits: ${right} of 20 read right`);
    expect(results).toHaveLength(20);
    expect(right, JSON.stringify(results)).toBeGreaterThanOrEqual(18);
    await page.close();
  });
});

describe('on a phone (390 × 844, touch)', () => {
  it('the sections fit the screen, the bars stay in view under the pad, and a digit drawn by touch is read', async () => {
    const page = await openDemo({ width: 390, height: 844 }, true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390); // no horizontal scroll
    for (const id of ['digits', 'mnist']) {
      const fit = await page.$eval(`#${id}`, (section) => {
        let widest = 0;
        for (const el of section.querySelectorAll('*')) widest = Math.max(widest, el.getBoundingClientRect().right);
        return { widest, scroll: section.scrollWidth, client: section.clientWidth };
      });
      expect(`${id}: ${fit.widest <= 390} ${fit.scroll <= fit.client}`).toBe(`${id}: true true`);
    }
    await page.locator('#digit-pad').scrollIntoViewIfNeeded();
    await page.evaluate(`document.getElementById('digit-pad').scrollIntoView({ block: 'start' })`);
    const pad = (await page.locator('#digit-pad').boundingBox())!;
    const bars = (await page.locator('#digit-bars').boundingBox())!;
    expect(bars.y).toBeGreaterThanOrEqual(pad.y + pad.height);
    expect(bars.y + bars.height).toBeLessThanOrEqual(844); // in view while drawing on the pad

    // A seven, by touch: the pad takes touch events itself (touch-action: none).
    const scrolled = await page.evaluate('window.scrollY');
    const session = await page.context().newCDPSession(page);
    const at = ([x, y]: [number, number]) => ({ x: pad.x + (x * pad.width) / 280, y: pad.y + (y * pad.height) / 280 });
    for (const stroke of digitStrokes['7']) {
      await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0])] });
      for (let i = 1; i < stroke.length; i++) {
        for (let s = 1; s <= 6; s++) {
          const [x0, y0] = stroke[i - 1], [x1, y1] = stroke[i];
          await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at([x0 + ((x1 - x0) * s) / 6, y0 + ((y1 - y0) * s) / 6])] });
        }
      }
      await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    await waitForPrediction(page);
    expect(await page.getAttribute('#digit-bars', 'data-prediction')).toBe('7');
    expect(await page.evaluate('window.scrollY')).toBe(scrolled); // the strokes drew; they did not scroll the page
    await page.close();
  });
});

describe('labels and errors', () => {
  it('every control and figure of the two sections has a name for screen readers, and nothing logged an error', async () => {
    const page = await openDemo({ width: 1400, height: 900 });
    const unnamed = await page.evaluate(`[...document.querySelectorAll('#digits button, #digits input, #digits canvas, #mnist button, #mnist select, #mnist canvas')]
      .filter((el) => (el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '').trim() === '')
      .map((el) => el.outerHTML.slice(0, 80))`);
    expect(unnamed).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });
});
