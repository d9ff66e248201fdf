// The messages between the benchmark's parent (index.ts) and its child processes (worker.ts).

/**
 * The libraries compared. `neurite` runs on its default kernels (WebAssembly SIMD where available),
 * `neurite-js` on its plain-JavaScript fallback; tfjs-cpu and tfjs-wasm are TensorFlow.js 4.22 with
 * one backend each.
 */
export const libraryIds = ['neurite', 'neurite-js', 'tfjs-cpu', 'tfjs-wasm', 'convnetjs', 'brain.js'] as const;
export type LibraryId = (typeof libraryIds)[number];

/** The three products backprop needs: A·B, Aᵀ·B (a weight gradient) and A·Bᵀ (a Dense forward). */
export const matmulForms = ['A·B', 'Aᵀ·B', 'A·Bᵀ'] as const;
export type MatmulForm = (typeof matmulForms)[number];

/** op(A) is m×k, op(B) is k×n, C is m×n. */
export interface MatmulSize {
  m: number;
  k: number;
  n: number;
}

export interface MatmulTask {
  kind: 'matmul';
  lib: LibraryId;
  sizes: MatmulSize[];
  forms: MatmulForm[];
  /** Timed samples per size and form. */
  samples: number;
  /** Each sample repeats the product until at least this many milliseconds have passed. */
  sampleMs: number;
  /** Untimed repetitions first, for at least this long. */
  warmupMs: number;
}

export interface MnistTask {
  kind: 'mnist';
  lib: LibraryId;
  /** Hidden layer widths: [128] is 784-128-10, [512, 256] is 784-512-256-10. */
  hidden: number[];
  /** Images in the timed epoch (60,000 is the full training set; fewer are extrapolated). */
  images: number;
  /** Images in an untimed warm-up epoch on a throwaway model of the same shape. */
  warmupImages: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface XorTask {
  kind: 'xor';
  lib: LibraryId;
  /** Timed runs, each from a fresh model (seeds seed, seed + 1, …), after one untimed run. */
  runs: number;
  maxEpochs: number;
  seed: number;
}

export interface AllocTask {
  kind: 'alloc';
  lib: 'neurite';
  steps: number;
  warmupSteps: number;
  batchSize: number;
  hidden: number[];
}

/** Node + tsx + loadMnist() and nothing else: the RSS floor every MNIST child shares. */
export interface BaselineTask {
  kind: 'baseline';
  lib: 'baseline';
}

export type Task = MatmulTask | MnistTask | XorTask | AllocTask | BaselineTask;

export interface MatmulSamples {
  size: MatmulSize;
  form: MatmulForm;
  /** GFLOP/s of each sample (2·m·n·k flops per product). */
  gflops: number[];
}

export interface MatmulResult {
  kind: 'matmul';
  results: MatmulSamples[];
}

export interface MnistResult {
  kind: 'mnist';
  /** Seconds for the timed epoch over `images` images. */
  seconds: number;
  images: number;
  /** Mean training loss over the epoch, as the library reports it (a sanity check that it trained). */
  loss: number;
}

export interface XorRun {
  ms: number;
  epochs: number;
  mse: number;
  converged: boolean;
}

export interface XorResult {
  kind: 'xor';
  runs: XorRun[];
}

export interface GcCounts {
  minor: number;
  major: number;
  incremental: number;
  weakcb: number;
}

export interface AllocProbe {
  label: string;
  steps: number;
  /** heapUsed after global.gc(), after minus before. */
  heapGrowthBytes: number;
  /** process.memoryUsage().arrayBuffers (typed-array backing stores) after global.gc(), after minus before. */
  arrayBufferGrowthBytes: number;
  /** Garbage collections that V8 ran during the steps (PerformanceObserver 'gc' entries). */
  gc: GcCounts;
  /** Bytes allocated per step, estimated from heapUsed before and after every step (null when not sampled). */
  bytesPerStep: number | null;
  ms: number;
}

export interface AllocResult {
  kind: 'alloc';
  /** neurite's kernels during the probe: 'wasm' or 'js'. */
  backend: string;
  batchSize: number;
  hidden: number[];
  probes: AllocProbe[];
}

export interface BaselineResult {
  kind: 'baseline';
}

export type TaskResult = MatmulResult | MnistResult | XorResult | AllocResult | BaselineResult;

/** One task's outcome inside a child. */
export type TaskOutcome = { ok: true; result: TaskResult; info: Record<string, string> } | { ok: false; error: string };

/**
 * What a child sends back before it exits: an outcome per task, in order, and the child's
 * peak RSS. Timed modes give each child one task, so that the RSS is that task's own.
 */
export interface WorkerMessage {
  outcomes: TaskOutcome[];
  maxRssBytes: number;
}
