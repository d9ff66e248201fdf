// Takes the README's screenshots of the browser demo's digit pad and MNIST section with
// Debian's headless Chromium: docs/demo.png at desktop size (the MNIST section's convnet
// trained for one epoch in its worker, a digit drawn on the pad), and docs/demo-phone.png,
// a phone's screen (390 × 844) showing the pad, a digit drawn on it and the probability
// bars under it. scripts/screenshot-playground.ts takes the playground's.
//
//   npx tsx scripts/screenshot-demo.ts [--out docs/demo.png] [--phone-out docs/demo-phone.png]
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.js';
import { digitStrokes, drawStrokes, waitForPrediction } from './demo-driver.js';
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
  await page.selectOption('#mnist-epochs', '1');
  await page.click('#mnist-start');
  await page.waitForFunction(`document.getElementById('mnist').dataset.state === 'done'`, undefined, { timeout: 300_000 });
  await drawStrokes(page, digitStrokes['3']);
  await waitForPrediction(page);
  // From the top of "Draw a digit" to the bottom of the MNIST section.
  const clip = (await page.evaluate(`(() => {
    const top = document.getElementById('digits').getBoundingClientRect().top + window.scrollY;
    const bottom = document.getElementById('mnist').getBoundingClientRect().bottom + window.scrollY;
    return { x: 0, y: Math.floor(top), width: document.documentElement.clientWidth, height: Math.ceil(bottom - top) };
  })()`)) as { x: number; y: number; width: number; height: number };
  await page.screenshot({ path: out, fullPage: true, clip });
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
