// A tiny static server for the browser demo: serves examples/browser/ and dist/ from
// the repository root, so the page imports ../../dist/neurite.browser.js exactly as it
// would from any static host. Builds the browser bundle first when it is missing or
// older than the sources.
//
// Every response carries the two headers that make the page cross-origin isolated
// (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp),
// so that SharedArrayBuffer exists and neurite's WebAssembly kernels run on worker
// threads. Under require-corp a page may load only same-origin resources (or ones that
// opt in with CORP/CORS): the demo loads nothing from elsewhere.
//
//   npm run demo [-- --port 8080]       then open the printed URL
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const served = ['examples/browser', 'dist'].map((dir) => join(root, dir) + sep);
const bundle = join(root, 'dist', 'neurite.browser.js');

/** Cross-origin isolation: what a site needs for neurite's threads. */
export const isolationHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
} as const;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build:browser` unless dist/neurite.browser.js is newer than every file in src/. */
export function buildIfNeeded(): void {
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(join(root, 'src'))) return;
  console.log('neurite demo: building the browser bundle (npm run build:browser)');
  const result = spawnSync('npm', ['run', '--silent', 'build:browser'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('neurite demo: the browser build failed');
}

/** Starts the server on `port` (0: any free port) of `host` and resolves with its URL (`http://host:port/`). */
export function startDemoServer(port = 0, host = '127.0.0.1'): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(isolationHeaders)) response.setHeader(name, value);
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (pathname === '/' || pathname === '/examples/browser') {
      response.writeHead(302, { location: '/examples/browser/' }).end();
      return;
    }
    let file = resolve(root, '.' + pathname);
    if (pathname.endsWith('/')) file = join(file, 'index.html');
    const allowed = served.some((dir) => file.startsWith(dir));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
      return;
    }
    response.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        url: `http://${host}:${actual}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--port');
  const first = Number(i >= 0 ? process.argv[i + 1] : (process.env.PORT ?? 8080));
  buildIfNeeded();
  for (let port = first; ; port++) {
    try {
      await startDemoServer(port);
      console.log(`neurite demo: http://localhost:${port}/  (serving examples/browser/ and dist/; Ctrl+C to stop)`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port >= first + 20) throw error;
    }
  }
}
