// Takes the screenshots of the demo's playground (docs/playground.png at desktop size,
// docs/playground-phone.png at 390 px) with Debian's headless Chromium: the spiral, with
// sin x₁ and sin x₂ added and two hidden layers of 6, trained 300 seeded epochs through
// the page's hook, so the pictures are the same on every run.
//
//   npx tsx scripts/screenshot-playground.ts [--out-dir docs]
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.js';
import { buildIfNeeded, startDemoServer } from './serve-demo.js';

const i = process.argv.indexOf('--out-dir');
const dir = i >= 0 ? process.argv[i + 1] : 'docs';

async function train(page: Page): Promise<void> {
  await page.waitForFunction('window.neuritePlayground !== undefined');
  await page.selectOption('#pg-dataset', 'spiral');
  for (const feature of ['sin1', 'sin2']) await page.click(`#pg-net button[data-feature="${feature}"]`);
  for (let k = 0; k < 2; k++) await page.click('#pg-net button[data-layer="0"][data-delta="1"]');
  for (let k = 0; k < 4; k++) await page.click('#pg-net button[data-layer="1"][data-delta="1"]');
  await page.evaluate('window.neuritePlayground.runEpochs(300)');
  await page.click('#pg-net button[data-layer="1"][data-unit="2"]');
  await page.evaluate('window.neuritePlayground.idle()');
}

buildIfNeeded();
const server = await startDemoServer(0);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const [name, width, height] of [['playground.png', 1240, 900], ['playground-phone.png', 390, 844]] as const) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(new URL('examples/browser/', server.url).href);
    await train(page);
    await page.evaluate('window.scrollTo(0, 0)');
    const box = await page.locator('#playground').boundingBox();
    if (!box) throw new Error('screenshot-playground: the playground is not on the page');
    // The phone shot stops below the decision boundary: the rest is the same as on a desktop.
    const losses = await page.locator('#pg-losses').boundingBox();
    const bottom = width < 500 && losses ? losses.y + losses.height + 30 : box.y + box.height;
    const out = join(dir, name);
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: box.y, width, height: bottom - box.y } });
    console.log(`screenshot: ${out} (${width} px wide)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
