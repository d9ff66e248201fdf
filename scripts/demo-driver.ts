// Drives the browser demo with playwright-core: used by the end-to-end test
// (test/e2e/demo.e2e.ts) and by the screenshot script (scripts/screenshot-demo.ts).
import type { Page } from 'playwright-core';

/** Strokes of a hand-drawn digit on the 280 × 280 pad, in pad pixels. */
export const digitStrokes: Record<string, [number, number][][]> = {
  // A seven: the top bar, then the long diagonal.
  '7': [
    [[80, 70], [120, 68], [160, 67], [200, 68]],
    [[200, 68], [185, 110], [168, 150], [152, 190], [140, 225]],
  ],
  // A three: two bumps.
  '3': [
    [[90, 70], [125, 55], [170, 62], [185, 95], [165, 125], [130, 138], [170, 150], [190, 185], [170, 220], [125, 228], [88, 212]],
  ],
};

/** Draws `strokes` on the demo's pad with real mouse events (down, moves, up). */
export async function drawStrokes(page: Page, strokes: [number, number][][]): Promise<void> {
  const pad = page.locator('#digit-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the drawing pad is not visible');
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 6 });
    await page.mouse.up();
  }
}

/** Resolves when the XOR panel has trained at least `epochs` epochs. */
export async function waitForEpochs(page: Page, epochs: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(`Number(document.getElementById('xor-epoch').dataset.value) >= ${epochs}`, undefined, { timeout });
}

/** Resolves when the bars show a prediction. */
export async function waitForPrediction(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(`document.getElementById('digit-bars').dataset.prediction !== ''`, undefined, { timeout });
}

/** The probabilities shown by the bars, digit by digit. */
export async function readBars(page: Page): Promise<number[]> {
  return page.$$eval('#digit-bars li', (items) => items.map((li) => Number(li.getAttribute('data-probability') ?? NaN)));
}

/**
 * Collects into `problems` what the page reports going wrong: uncaught errors, console errors,
 * failed requests and HTTP errors. A download cut short because the test closed the page
 * (net::ERR_ABORTED, e.g. the MNIST subset still loading) is not the page's failure.
 */
export function watchPage(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}
