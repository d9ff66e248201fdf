/**
 * Where worker threads can run, and how to start one: Node (worker_threads, reached through
 * process.getBuiltinModule, so the main entry imports no Node built-in) or a cross-origin
 * isolated page (a Worker on a Blob URL of the source: nothing to fetch). Detected once.
 */

// The parts of Node's and the browsers' APIs used here, typed locally (the library compiles
// against lib ES2022 alone, and its main entry imports no Node built-in: Node's modules are
// reached through process.getBuiltinModule when a pool starts).
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}
interface NodeWorker extends WorkerHandle {
  unref(): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; name?: string; execArgv?: string[] }) => NodeWorker;
}
interface BrowserWorker extends WorkerHandle {
  onerror: ((event: { message?: string }) => void) | null;
}
interface Environment {
  process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  Worker?: new (url: string, options?: { name?: string }) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL?(blob: object): string; revokeObjectURL?(url: string): void };
  performance?: { now(): number };
}
const env = globalThis as unknown as Environment;

interface Support {
  /** Why threads cannot run here, or null. */
  reason: string | null;
  /** The default thread count: the available parallelism, at most `defaultCap`. */
  threads: number;
  start: ((source: string, name: string) => WorkerHandle) | null;
}

/** The default is the available parallelism, capped: beyond 8 threads the copies in and out of the module dominate. */
const defaultCap = 8;
let support: Support | null = null;

function detect(): Support {
  const node = env.process?.versions?.node;
  if (typeof node !== 'string' && env.crossOriginIsolated === false) {
    // A page that is not isolated (where browsers also hide SharedArrayBuffer): say what fixes it.
    return {
      reason:
        'the page is not cross-origin isolated (serve it with the headers Cross-Origin-Opener-Policy: same-origin ' +
        'and Cross-Origin-Embedder-Policy: require-corp)',
      threads: 1,
      start: null,
    };
  }
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return { reason: 'SharedArrayBuffer is unavailable here', threads: 1, start: null };
  }
  if (typeof node === 'string') {
    const builtin = env.process?.getBuiltinModule;
    if (typeof builtin !== 'function') {
      return { reason: `Node ${node} is older than 20.16 (it has no getBuiltinModule to start workers with)`, threads: 1, start: null };
    }
    const os = builtin('node:os') as { availableParallelism?(): number; cpus(): unknown[] };
    const { Worker } = builtin('node:worker_threads') as NodeWorkerThreads;
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return {
      reason: null,
      threads: Math.max(1, Math.min(defaultCap, cores)),
      start: (source, name) => {
        const worker = new Worker(source, { eval: true, name, execArgv: [] }); // not the parent's flags (e.g. a loader)
        worker.unref(); // never keeps the process alive
        worker.on('error', (error) => noteFailure(error));
        return worker;
      },
    };
  }
  if (env.crossOriginIsolated !== true) return { reason: 'this runtime is neither Node nor a cross-origin isolated page', threads: 1, start: null };
  const { Worker, Blob, URL } = env;
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    return { reason: 'this runtime has no Worker', threads: 1, start: null };
  }
  let url: string | null = null;
  return {
    reason: null,
    threads: Math.max(1, Math.min(defaultCap, env.navigator?.hardwareConcurrency ?? 1)),
    start: (source, name) => {
      url ??= URL.createObjectURL!(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url, { name });
      worker.onerror = (event) => noteFailure(new Error(event.message ?? 'the worker script failed'));
      return worker;
    },
  };
}

export function threadSupport(): Support {
  return (support ??= detect());
}

/** Whether worker threads can run here at all (the backend then creates a shared memory). */
export function threadsPossible(): boolean {
  return threadSupport().reason === null;
}

let failure: string | null = null; // a worker that failed outside a task (reported, not fatal)

/** Notes a worker's failure outside a task (e.g. it could not start): reported, the others carry on. */
export function noteFailure(error: unknown): void {
  failure = `a worker thread failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** A worker's failure outside a task (e.g. it could not start), if any: reported, the others carry on. */
export function threadsFailure(): string | null {
  return failure;
}
