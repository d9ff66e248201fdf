// The unit suite again, in real Chromium (Debian's /usr/bin/chromium, driven by
// Playwright through @vitest/browser-playwright), plus the browser-only tests in
// test/browser/*.browser.ts. `npm run test:browser`.
//
// Test files that need Node (a node: built-in, neurite/node, or a package other than
// vitest and seedrandom, directly or through a helper under test/) are left out, and
// the run says which. Tests that use Node's Buffer as a base64 oracle get a browser
// stand-in for exactly that (test/browser/buffer-oracle.ts).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { globSync } from 'tinyglobby';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';
import { setThreads } from './src/threads.js';
import { seededFit, convnetSeededFit, wideSeededFit } from './test/browser/seeded-fit.js';

const root = import.meta.dirname;
const browserSafePackages = new Set(['vitest', 'vitest/browser', 'seedrandom']);
const nodeOnlySources = [resolve(root, 'src/node.ts'), resolve(root, 'src/data/mnist-node.ts')];
const specifiers = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The first reason `file` cannot run in a browser, or null. Follows relative imports under test/. */
function needsNode(file: string, seen = new Set<string>()): string | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(specifiers)) {
    const spec = match[1] ?? match[2];
    if (spec.startsWith('node:') || builtinModules.includes(spec)) return `imports ${spec}`;
    if (!spec.startsWith('.')) {
      if (!browserSafePackages.has(spec)) return `imports ${spec}`;
      continue;
    }
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    if (nodeOnlySources.includes(target)) return `imports ${relative(root, target)}`;
    if (target.startsWith(resolve(root, 'test') + '/')) {
      const reason = needsNode(target, seen);
      if (reason) return `${relative(root, target)} ${reason}`;
    }
  }
  return null;
}

const candidates = globSync(['test/**/*.test.ts', 'test/browser/**/*.browser.ts'], { cwd: root });
const excluded = candidates
  .map((file) => ({ file, reason: needsNode(resolve(root, file)) }))
  .filter((entry): entry is { file: string; reason: string } => entry.reason !== null);
// The config is evaluated more than once per run; say it once.
if (excluded.length > 0 && !process.env.NEURITE_BROWSER_EXCLUDES_SHOWN) {
  process.env.NEURITE_BROWSER_EXCLUDES_SHOWN = '1';
  console.log(`browser suite: leaving out ${excluded.length} test file(s) that need Node:`);
  for (const { file, reason } of excluded) console.log(`  ${file} (${reason})`);
}

export default defineConfig({
  // Cross-origin isolation (COOP + COEP) for every page the tests run in, so that
  // SharedArrayBuffer exists there and the WebAssembly kernels run on worker threads.
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/browser/**/*.browser.ts'],
    exclude: excluded.map((e) => e.file),
    // Node's Buffer as a base64 oracle for tests that compare against it (and nothing more).
    setupFiles: ['./test/browser/buffer-oracle.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
      }),
      instances: [{ browser: 'chromium' }],
      commands: {
        async nodeSeededFit(_context, seed: number) {
          const { hash, losses } = await seededFit(seed);
          return { hash, losses, runtime: `node ${process.version}` };
        },
        async nodeWideSeededFit(_context, seed: number, threads: number) {
          setThreads(threads);
          const { hash, losses } = await wideSeededFit(seed);
          return { hash, losses, runtime: `node ${process.version}` };
        },
        async nodeConvnetSeededFit(_context, seed: number, threads: number) {
          setThreads(threads);
          const { hash, losses } = await convnetSeededFit(seed);
          return { hash, losses, runtime: `node ${process.version}` };
        },
      },
    },
  },
});
