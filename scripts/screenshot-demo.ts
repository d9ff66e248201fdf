// Takes the README's screenshot of the browser demo (docs/demo.png) with Debian's
// headless Chromium: trains the XOR network for a while, draws a digit, captures.
//
//   npx tsx scripts/screenshot-demo.ts [--out docs/demo.png]
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.js';
import { digitStrokes, drawStrokes, waitForEpochs, waitForPrediction } from './demo-driver.js';
import { buildIfNeeded, startDemoServer } from './serve-demo.js';

const i = process.argv.indexOf('--out');
const out = i >= 0 ? process.argv[i + 1] : 'docs/demo.png';

buildIfNeeded();
const server = await startDemoServer(0);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(new URL('examples/browser/', server.url).href);
  await page.waitForSelector('#digit-model-info[data-ready="true"]');
  await page.click('#xor-train');
  await waitForEpochs(page, 600);
  await page.click('#xor-train'); // pause, so the figures in the shot are stable
  await drawStrokes(page, digitStrokes['3']);
  await waitForPrediction(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  await server.close();
}
