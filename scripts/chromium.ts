// The one place that says which Chromium the browser tests, the demo's end-to-end
// test and the screenshot script drive: Debian's /usr/bin/chromium (never a
// downloaded browser), headless, with nothing that reaches out to the network.
// Override the binary with CHROMIUM_PATH.
//
// Playwright's `chromium.launch()` always starts from a fresh temporary profile
// (its own --user-data-dir, deleted on close), so no flag for that is passed here:
// Playwright refuses an explicit --user-data-dir outside launchPersistentContext.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch options for playwright-core's `chromium.launch()`. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[]; headless: true } {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`);
  }
  return { executablePath: chromiumPath, args: [...chromiumArgs], headless: true };
}
