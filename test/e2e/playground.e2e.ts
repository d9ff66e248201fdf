// The neural-network playground of the browser demo, end to end in Debian's headless
// Chromium. Training is driven through the page's hook `neuritePlayground.runEpochs(n)`,
// which runs exactly n seeded epochs: the numbers are the same on every run, whatever the
// machine's speed, and no test waits on the clock.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/chromium.js';
import { buildIfNeeded, startDemoServer } from '../../scripts/serve-demo.js';
import { watchPage } from '../../scripts/demo-driver.js';

interface State {
  epoch: number;
  trainLoss: number | null;
  testLoss: number | null;
  weights: number[];
  layers: number[];
  features: string[];
  explain: string;
}

interface Inside {
  a: number[];
  w: number[];
  b: number;
  z: number;
  output: number;
  prediction: number;
  label: number;
  loss: number;
  dz: number;
  gradW: number[];
  gradB: number;
  selected: { layer: number; unit: number };
}

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/** A fresh page with the playground in its initial state. */
async function open(width = 1400, height = 900): Promise<Page> {
  await page?.close();
  page = await browser.newPage({ viewport: { width, height } });
  watchPage(page, problems);
  await page.goto(new URL('examples/browser/', server.url).href);
  await page.waitForFunction('window.neuritePlayground !== undefined', undefined, { timeout: 20_000 });
  return page;
}

const runEpochs = (n: number) => page.evaluate(`window.neuritePlayground.runEpochs(${n})`) as Promise<State>;
const state = () => page.evaluate('window.neuritePlayground.idle()') as Promise<State>;
const inside = () => page.evaluate('window.neuritePlayground.inside()') as Promise<Inside>;

/** Sets a range input the way a drag ends: input, then change. */
async function setRange(selector: string, value: number): Promise<void> {
  await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    el.value = ${JSON.stringify(String(value))};
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
}

const addNeuron = (layer: number) => page.click(`#pg-net button[data-layer="${layer}"][data-delta="1"]`);

beforeAll(async () => {
  buildIfNeeded();
  server = await startDemoServer(0);
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the playground trains each data set to a low test loss', () => {
  // Measured test losses (seed 1, no noise, half the 400 points for training): circle 0.0010,
  // XOR 0.0016, two Gaussians 0.0002 after 100 epochs; the spiral 0.0035 after 400 epochs
  // with sin x₁, sin x₂ added and two hidden layers of 6. The bound leaves a wide margin.
  const cases: { dataset: string; epochs: number; setup?: () => Promise<void> }[] = [
    { dataset: 'circle', epochs: 100 },
    { dataset: 'xor', epochs: 100 },
    { dataset: 'gauss', epochs: 100 },
    {
      dataset: 'spiral',
      epochs: 400,
      setup: async () => {
        await page.click('#pg-net button[data-feature="sin1"]');
        await page.click('#pg-net button[data-feature="sin2"]');
        for (let i = 0; i < 2; i++) await addNeuron(0);
        for (let i = 0; i < 4; i++) await addNeuron(1);
      },
    },
  ];
  for (const { dataset, epochs, setup } of cases) {
    it(`${dataset}: test loss below 0.05 after ${epochs} epochs, and the boundary paints both classes`, async () => {
      await open();
      await page.selectOption('#pg-dataset', dataset);
      await setup?.();
      const before = await state();
      expect(before.epoch).toBe(0);
      const after = await runEpochs(epochs);
      expect(after.epoch).toBe(epochs);
      expect(after.testLoss).toBeLessThan(0.05);
      expect(after.trainLoss).toBeLessThan(0.05);
      expect(Number(await page.getAttribute('#pg-test-loss', 'data-value'))).toBe(after.testLoss);
      expect(await page.getAttribute('#pg-explain', 'data-kind')).toBe('converged');
      const colours = (await page.evaluate(`(() => {
        const canvas = document.getElementById('pg-boundary');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let blue = 0, orange = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 2] > data[i] + 60) blue++;
          if (data[i] > data[i + 2] + 60) orange++;
        }
        return { blue, orange, total: data.length / 4 };
      })()`)) as { blue: number; orange: number; total: number };
      expect(colours.blue / colours.total).toBeGreaterThan(0.1);
      expect(colours.orange / colours.total).toBeGreaterThan(0.1);
      expect(problems).toEqual([]);
    });
  }
});

describe('the network editor', () => {
  it('adds and removes hidden layers and neurons; the diagram and the model follow', async () => {
    await open();
    const columns = () => page.$$eval('#pg-net .pg-col', (cols) => cols.length);
    const links = () => page.$$eval('#pg-net .pg-links path.pg-link', (paths) => paths.length);
    expect((await state()).layers).toEqual([4, 2]);
    expect(await columns()).toBe(4); // features, 4, 2, output
    expect(await links()).toBe(2 * 4 + 4 * 2 + 2 * 1);

    await page.click('#pg-add-layer');
    expect((await state()).layers).toEqual([4, 2, 2]);
    expect(await columns()).toBe(5);
    await addNeuron(2);
    expect((await state()).layers).toEqual([4, 2, 3]);
    expect(await links()).toBe(2 * 4 + 4 * 2 + 2 * 3 + 3 * 1);
    expect((await state()).weights).toHaveLength(2 * 4 + 4 * 2 + 2 * 3 + 3 * 1);
    expect(await page.textContent('#pg-status')).toMatch(/^Reset: hidden layer 3 has 3 neurons now/);

    for (let i = 0; i < 3; i++) await page.click('#pg-remove-layer');
    const none = await state();
    expect(none.layers).toEqual([]);
    expect(none.weights).toHaveLength(2); // logistic regression: x₁, x₂ → output
    expect(await page.isDisabled('#pg-remove-layer')).toBe(true);
    expect(await page.textContent('#pg-layer-count')).toBe('0 hidden layers');
    // Without hidden layers the model is a logistic regression: it separates the two Gaussians.
    await page.selectOption('#pg-dataset', 'gauss');
    expect((await runEpochs(100)).testLoss).toBeLessThan(0.05);

    for (let i = 0; i < 6; i++) await page.click('#pg-add-layer');
    expect((await state()).layers).toHaveLength(6);
    expect(await page.isDisabled('#pg-add-layer')).toBe(true);
    for (let i = 0; i < 3; i++) await page.click('#pg-net button[data-layer="0"][data-delta="-1"]');
    expect((await state()).layers[0]).toBe(1);
    expect(await page.isDisabled('#pg-net button[data-layer="0"][data-delta="-1"]')).toBe(true);
    const trained = await runEpochs(5);
    expect(trained.epoch).toBe(5);
    expect(trained.testLoss).not.toBeNull();
    expect(problems).toEqual([]);
  });

  it('draws each weight as a curve coloured by its sign, its value shown on hover', async () => {
    await open();
    const { weights } = await runEpochs(20);
    const drawn = await page.$$eval('#pg-net .pg-links path.pg-link', (paths) =>
      paths.map((p) => ({ weight: Number(p.getAttribute('data-weight')), stroke: p.getAttribute('stroke'), width: Number(p.getAttribute('stroke-width')), title: p.parentElement?.querySelector('title')?.textContent ?? '' })),
    );
    expect(drawn.map((d) => d.weight).sort()).toEqual([...weights].sort());
    for (const d of drawn) {
      expect(d.stroke).toBe(d.weight >= 0 ? '#e07b12' : '#2f6fd0');
      expect(d.title).toContain(`weight ${d.weight.toFixed(4)}`);
    }
    // The pointer over the middle of a curve lands on it (its wide transparent twin), whose title is the weight.
    const hovered = (await page.evaluate(`(() => {
      const paths = [...document.querySelectorAll('#pg-net .pg-links path.pg-link')];
      return paths.map((path) => {
        const p = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM();
        const hit = document.elementFromPoint(p.x * m.a + m.e, p.y * m.d + m.f);
        return hit && hit.parentElement === path.parentElement ? hit.parentElement.querySelector('title').textContent : null;
      });
    })()`)) as (string | null)[];
    const found = hovered.filter((t) => t !== null);
    expect(found.length).toBeGreaterThan(hovered.length / 2); // where curves cross, another one may lie on top
    for (const title of found) expect(title).toMatch(/^weight -?\d+\.\d{4} \(into /);
    const widest = drawn.reduce((a, b) => (Math.abs(b.weight) > Math.abs(a.weight) ? b : a));
    const narrowest = drawn.reduce((a, b) => (Math.abs(b.weight) < Math.abs(a.weight) ? b : a));
    expect(widest.width).toBeGreaterThan(narrowest.width);
  });

  it('toggles input features, and keeps at least one', async () => {
    await open();
    await page.click('#pg-net button[data-feature="x1sq"]');
    expect((await state()).features).toEqual(['x1', 'x2', 'x1sq']);
    expect(await page.getAttribute('#pg-net button[data-feature="x1sq"]', 'aria-pressed')).toBe('true');
    await page.click('#pg-net button[data-feature="x1"]');
    await page.click('#pg-net button[data-feature="x2"]');
    await page.click('#pg-net button[data-feature="x1sq"]');
    expect((await state()).features).toEqual(['x1sq']);
    expect(await page.textContent('#pg-status')).toBe('Keep at least one input feature.');
  });
});

describe('regularization and training controls', () => {
  // All seven features, 300 epochs on the circle: without a penalty 3 of the 38 weights are
  // below 0.01 in size; with L1 (λ = 0.01) 34 are, the circle needing only x₁² and x₂².
  async function nearZeroWeights(penalty: 'none' | 'l1'): Promise<{ near: number; total: number; loss: number }> {
    await open();
    for (const f of ['x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2']) await page.click(`#pg-net button[data-feature="${f}"]`);
    await page.selectOption('#pg-regularization', penalty);
    await page.selectOption('#pg-reg-rate', '0.01');
    const { weights, testLoss } = await runEpochs(300);
    return { near: weights.filter((w) => Math.abs(w) < 0.01).length, total: weights.length, loss: testLoss! };
  }

  it('L1 makes the weights sparse: many more near-zero weights than without it', async () => {
    const plain = await nearZeroWeights('none');
    const sparse = await nearZeroWeights('l1');
    expect(sparse.total).toBe(38);
    expect(plain.near).toBeLessThan(10);
    expect(sparse.near).toBeGreaterThan(25);
    expect(sparse.loss).toBeLessThan(0.05); // and it still classifies the circle
  });

  it('keeps training with a new learning rate, batch size or penalty; resets for a new activation', async () => {
    await open();
    await runEpochs(10);
    await page.selectOption('#pg-learning-rate', '0.01');
    expect((await state()).epoch).toBe(10);
    expect(await page.textContent('#pg-status')).toMatch(/Learning rate η = 0.01 .*continues/);
    await setRange('#pg-batch', 20);
    expect(await page.textContent('#pg-batch-value')).toBe('20');
    await page.selectOption('#pg-regularization', 'l2');
    const kept = await state();
    expect(kept.epoch).toBe(10);
    expect(await page.textContent('#pg-status')).toMatch(/L2 penalty .*weights are kept/);
    expect((await runEpochs(5)).epoch).toBe(15);
    await page.selectOption('#pg-optimizer', 'sgd');
    expect((await state()).epoch).toBe(15);

    await page.selectOption('#pg-activation', 'relu');
    expect((await state()).epoch).toBe(0);
    expect(await page.textContent('#pg-status')).toMatch(/^Reset: the activation is ReLU now/);
    await setRange('#pg-noise', 20);
    expect(await page.textContent('#pg-noise-value')).toBe('20%');
    expect((await state()).epoch).toBe(0);
    expect(await page.textContent('#pg-status')).toMatch(/^Reset: the data were drawn again with 20% noise/);
  });

  it('Play trains in animation frames and Pause stops; Step runs one epoch', async () => {
    await open();
    await page.click('#pg-step');
    await page.waitForFunction(`document.getElementById('pg-epoch').dataset.value === '1'`);
    await page.click('#pg-play');
    expect(await page.getAttribute('#pg-play', 'aria-pressed')).toBe('true');
    await page.waitForFunction(`Number(document.getElementById('pg-epoch').dataset.value) >= 30`, undefined, { timeout: 30_000 });
    await page.click('#pg-play');
    const paused = (await state()).epoch;
    expect(await page.textContent('#pg-play')).toBe('Play');
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    expect((await state()).epoch).toBe(paused);
  });
});

describe('explanations', () => {
  it('says that ReLUs died at a high learning rate, from the numbers', async () => {
    await open();
    await page.selectOption('#pg-activation', 'relu');
    await page.selectOption('#pg-learning-rate', '1');
    await runEpochs(100);
    expect(await page.getAttribute('#pg-explain', 'data-kind')).toBe('dead');
    expect(await page.textContent('#pg-explain')).toMatch(/^\d of 6 ReLU neurons are dead/);
  });

  it('says the learning rate is too high when the loss bounces', async () => {
    await open();
    await page.selectOption('#pg-optimizer', 'sgd');
    await page.selectOption('#pg-learning-rate', '10');
    await runEpochs(50);
    expect(await page.getAttribute('#pg-explain', 'data-kind')).toBe('unstable');
    expect(await page.textContent('#pg-explain')).toContain('Lower the learning rate η = 10');
  });

  it('names each case from the numbers alone (explain() on made-up histories)', async () => {
    await open();
    const kinds = (await page.evaluate(`(async () => {
      const { explain } = await import('./playground/diagnose.js');
      const settings = { learningRate: 0.03, regularization: 'none', regRate: 0.001 };
      const healthy = { dead: 0, saturated: 0, total: 6 };
      const run = (train, test = train, health = healthy, s = settings, diverged = null) => explain({ train, test }, health, s, diverged).kind;
      const falling = Array.from({ length: 60 }, (_, i) => 0.7 * Math.exp(-i / 15));
      const flat = Array.from({ length: 60 }, (_, i) => (i < 5 ? 0.7 - i * 0.05 : 0.45));
      const chance = Array.from({ length: 60 }, () => 0.6935);
      const bouncing = Array.from({ length: 60 }, (_, i) => (i % 2 ? 0.9 : 2.5));
      return {
        diverged: run(falling.slice(0, 12), undefined, healthy, settings, 13),
        start: run(falling.slice(0, 3)),
        learning: run(falling.slice(0, 30)),
        converged: run(falling.concat(Array(40).fill(0.01))),
        rising: run(falling.slice(0, 40).concat([0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1])),
        unstable: run(bouncing),
        dead: run(flat, flat, { dead: 4, saturated: 0, total: 6 }),
        saturated: run(flat, flat, { dead: 0, saturated: 5, total: 6 }),
        chance: run(chance),
        regularized: run(flat, flat, healthy, { ...settings, regularization: 'l2', regRate: 0.3 }),
        plateau: run(flat),
        overfitting: run(falling, falling.map((v, i) => (i < 30 ? v : 0.15 + (i - 30) * 0.01))),
      };
    })()`)) as Record<string, string>;
    for (const [expected, kind] of Object.entries(kinds)) expect({ expected, kind }).toEqual({ expected, kind: expected });
  });

  it('shows one neuron\'s forward pass, loss, gradient from backward, and step', async () => {
    await open();
    await runEpochs(5);
    await page.click('#pg-net button[data-layer="1"][data-unit="1"]');
    const r = await inside();
    expect(r.selected).toEqual({ layer: 1, unit: 1 });
    expect(await page.getAttribute('#pg-net button[data-layer="1"][data-unit="1"]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#pg-inside-which')).toMatch(/^Neuron 2 of hidden layer 2 \(tanh\), on training point #1/);
    // z = w·a + b, the activation tanh(z), and the loss of the point.
    const z = r.w.reduce((sum, w, i) => sum + w * r.a[i], r.b);
    expect(r.a).toHaveLength(4);
    expect(Math.abs(r.z - z)).toBeLessThan(1e-5);
    expect(Math.abs(r.output - Math.tanh(r.z))).toBeLessThan(1e-5);
    const p = r.prediction;
    expect(Math.abs(r.loss - (r.label === 1 ? -Math.log(p) : -Math.log(1 - p)))).toBeLessThan(1e-4);
    // The library's backward: dL/dw = dL/dz · a, dL/db = dL/dz.
    r.gradW.forEach((g, i) => expect(Math.abs(g - r.dz * r.a[i])).toBeLessThan(1e-6));
    expect(Math.abs(r.gradB - r.dz)).toBeLessThan(1e-7);
    expect(r.dz).not.toBe(0);
    expect(Number(await page.getAttribute('#pg-inside-z', 'data-value'))).toBe(r.z);
    expect(await page.textContent('#pg-inside-steps')).toContain('w ← w − η·∂L/∂w');
    // Another point: the numbers change.
    await page.click('#pg-next-point');
    expect((await inside()).a).not.toEqual(r.a);
    // The output neuron: the gradient that reaches it is the loss's own, ∂L/∂p.
    await page.click('#pg-net .pg-out-col button');
    const out = (await inside()) as Inside & { dOutput: number };
    expect(out.selected).toEqual({ layer: 2, unit: 0 });
    expect(await page.textContent('#pg-inside-which')).toMatch(/^The output neuron \(sigmoid\)/);
    const dp = out.label === 1 ? -1 / out.prediction : 1 / (1 - out.prediction);
    expect(Math.abs(out.dOutput - dp) / Math.abs(dp)).toBeLessThan(1e-3);
    expect(Math.abs(out.dz - (out.prediction - out.label))).toBeLessThan(1e-4);
  });
});

describe('layout and access', () => {
  for (const width of [390, 768, 1400]) {
    it(`fits a ${width} px wide window: nothing wider than the viewport`, async () => {
      await open(width, 900);
      await runEpochs(10);
      const sizes = await page.evaluate(`(() => {
        const section = document.getElementById('playground');
        let widest = 0;
        for (const el of section.querySelectorAll('*')) widest = Math.max(widest, el.getBoundingClientRect().right);
        return { document: document.documentElement.scrollWidth, widest, viewport: window.innerWidth, boundary: document.getElementById('pg-boundary').getBoundingClientRect().width };
      })()`) as { document: number; widest: number; viewport: number; boundary: number };
      expect(sizes.document).toBeLessThanOrEqual(sizes.viewport);
      expect(sizes.widest).toBeLessThanOrEqual(sizes.viewport);
      expect(sizes.boundary).toBeGreaterThanOrEqual(300); // the decision boundary uses the room it has
      expect(problems).toEqual([]);
    });
  }

  it('labels every control for screen readers and reaches them with the keyboard', async () => {
    await open();
    const controls = (await page.evaluate(`[...document.querySelectorAll('#playground button, #playground select, #playground input')].map((c) => ({
      html: c.outerHTML.slice(0, 80),
      name: (c.getAttribute('aria-label') || [...(c.labels ?? [])].map((l) => l.textContent).join('') || c.textContent || '').trim(),
      tabIndex: c.tabIndex,
    }))`)) as { html: string; name: string; tabIndex: number }[];
    expect(controls.length).toBeGreaterThan(30);
    const unnamed = controls.filter((c) => c.name === '').map((c) => c.html);
    expect(unnamed).toEqual([]);
    const unreachable = controls.filter((c) => c.tabIndex < 0).map((c) => c.html);
    expect(unreachable).toEqual([]);
    // Keyboard: Enter on the add-layer button adds a layer; a neuron's + keeps the focus after the rebuild.
    await page.focus('#pg-add-layer');
    await page.keyboard.press('Enter');
    expect((await state()).layers).toEqual([4, 2, 2]);
    await page.focus('#pg-net button[data-layer="0"][data-delta="1"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect((await state()).layers).toEqual([6, 2, 2]);
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('add a neuron to hidden layer 1');
  });

  it('logged no console errors, page errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
