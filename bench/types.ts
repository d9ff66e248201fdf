// The messages between the benchmark's parent (index.ts) and its child processes (worker.ts).

/**
 * The libraries compared. `neurite` runs on its default kernels (WebAssembly SIMD where available),
 * `neurite-js` on its plain-JavaScript fallback; tfjs-cpu and tfjs-wasm are TensorFlow.js 4.22 with
 * one backend each.
 */
export const libraryIds = ['neurite', 'neurite-js', 'tfjs-cpu', 'tfjs-wasm', 'convnetjs', 'brain.js'] as const;
export type LibraryId = (typeof libraryIds)[number];

/** How the report names each library. */
export const libraryNames: Record<LibraryId, string> = {
  neurite: 'neurite',
  'neurite-js': 'neurite (JS kernels)',
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  convnetjs: 'ConvNetJS',
  'brain.js': 'brain.js',
};

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

/**
 * One MNIST epoch of the benchmark's convnet: Conv2D(1→32, 3) ReLU MaxPool2D(2) Conv2D(32→64, 3)
 * ReLU MaxPool2D(2) Flatten Dense(1600→128) ReLU Dense(128→10), images [n, 28, 28, 1].
 */
export interface ConvnetTask {
  kind: 'convnet';
  lib: LibraryId;
  /** Images in the timed part (60,000 is the full training set; fewer are extrapolated). */
  images: number;
  /** Images in an untimed warm-up epoch on a throwaway model of the same shape. */
  warmupImages: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** GFLOP/s of neurite's two conv layers of the convnet, at its batch size, forward and backward. */
export interface ConvLayersTask {
  kind: 'convLayers';
  lib: 'neurite' | 'neurite-js';
  batchSize: number;
  /** Timed samples of each pass, alternating layers and passes. */
  samples: number;
}

/** Node + tsx + loadMnist() and nothing else: the RSS floor every MNIST child shares. */
export interface BaselineTask {
  kind: 'baseline';
  lib: 'baseline';
}

export type Task = MatmulTask | MnistTask | XorTask | AllocTask | BaselineTask | ConvnetTask | ConvLayersTask;

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

export interface ConvnetResult {
  kind: 'convnet';
  /** Seconds for the timed images; 0 when the library cannot train the network. */
  seconds: number;
  images: number;
  /** Mean training loss over the timed images, as the library reports it. */
  loss: number;
  /** Why the library cannot train this network (its own error message), when it cannot. */
  unsupported?: string;
}

/** One pass of one conv layer: `layer` is 'conv1' or 'conv2', `pass` forward, backward or backwardParams. */
export interface ConvLayerSamples {
  layer: string;
  /** e.g. `Conv2D(1 → 32, 3×3)` on `[128, 28, 28, 1]`. */
  description: string;
  pass: 'forward' | 'backward' | 'backwardParams';
  /** 2·M·K·O per product (M output pixels of the batch, K = kh·kw·in, O filters): 1 product forward, 2 backward, 1 for the params only. */
  flops: number;
  gflops: number[];
}

export interface ConvLayersResult {
  kind: 'convLayers';
  backend: string;
  results: ConvLayerSamples[];
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

export type TaskResult = MatmulResult | MnistResult | XorResult | AllocResult | BaselineResult | ConvnetResult | ConvLayersResult;

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
