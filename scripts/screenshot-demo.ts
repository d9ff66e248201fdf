// Takes the README's screenshots of the browser demo with Debian's headless Chromium:
// docs/demo.png, the whole page at desktop size (the XOR network trained for a while, the
// MNIST section's convnet trained for one epoch in its worker, a digit drawn on the pad),
// and docs/demo-phone.png, a phone's screen (390 × 844) showing the pad, a digit drawn by
// touch and the probability bars under it.
//
//   npx tsx scripts/screenshot-demo.ts [--out docs/demo.png] [--phone-out docs/demo-phone.png]
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.js';
import { digitStrokes, drawStrokes, waitForEpochs, waitForPrediction } from './demo-driver.js';
import { buildIfNeeded, startDemoServer } from './serve-demo.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const out = flag('out', 'docs/demo.png');
const phoneOut = flag('phone-out', 'docs/demo-phone.png');

buildIfNeeded();
const server = await startDemoServer(0);
const browser = await chromium.launch(chromiumLaunchOptions());

async function open(viewport: { width: number; height: number }, hasTouch = false): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1, hasTouch });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(new URL('examples/browser/', server.url).href);
  await page.waitForSelector('#digit-model-info[data-ready="true"]');
  return page;
}

try {
  const page = await open({ width: 1240, height: 900 });
  await page.click('#xor-train');
  await waitForEpochs(page, 600);
  await page.click('#xor-train'); // pause, so the figures in the shot are stable
  await page.selectOption('#mnist-epochs', '1');
  await page.click('#mnist-start');
  await page.waitForFunction(`document.getElementById('mnist').dataset.state === 'done'`, undefined, { timeout: 300_000 });
  await drawStrokes(page, digitStrokes['3']);
  await waitForPrediction(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);

  const phone = await open({ width: 390, height: 844 }, true);
  await phone.evaluate(`document.getElementById('digits-title').scrollIntoView({ block: 'start' })`);
  await drawStrokes(phone, digitStrokes['7']);
  await waitForPrediction(phone);
  await phone.evaluate(`document.getElementById('digit-pad').scrollIntoView({ block: 'start' })`);
  await phone.evaluate('window.scrollBy(0, -40)');
  await phone.screenshot({ path: phoneOut });
  console.log(`screenshot: ${phoneOut}`);
} finally {
  await browser.close();
  await server.close();
}
