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

/**
 * Thread counts a task alternates between inside its one process (e.g. [1, 2]: one thread,
 * then the default, then one again…), so that both see the same machine. Libraries without
 * a thread setting get [1] and run as they are.
 */
export type ThreadCounts = number[];

export interface MatmulTask {
  kind: 'matmul';
  lib: LibraryId;
  threads: ThreadCounts;
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
  /** One timed epoch per thread count, each from a fresh model with the same seed. */
  threads: ThreadCounts;
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
  /** Each seed's run repeated once per thread count. */
  threads: ThreadCounts;
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
  /** One timed part per thread count, each from a fresh model with the same seed. */
  threads: ThreadCounts;
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
  /** Thread counts each sample alternates between. */
  threads: ThreadCounts;
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
  threads: number;
  /** GFLOP/s of each sample (2·m·n·k flops per product). */
  gflops: number[];
}

export interface MatmulResult {
  kind: 'matmul';
  results: MatmulSamples[];
}

export interface MnistRun {
  threads: number;
  /** Seconds for the timed epoch over the task's images. */
  seconds: number;
  /** Mean training loss over the epoch, as the library reports it (a sanity check that it trained). */
  loss: number;
}

export interface MnistResult {
  kind: 'mnist';
  images: number;
  /** One timed epoch per thread count, in the order they ran. */
  runs: MnistRun[];
}

export interface ConvnetResult {
  kind: 'convnet';
  images: number;
  /** One timed part per thread count, in the order they ran (none when the library cannot train the network). */
  runs: MnistRun[];
  /** Why the library cannot train this network (its own error message), when it cannot. */
  unsupported?: string;
}

/** One pass of one conv layer: `layer` is 'conv1' or 'conv2', `pass` forward, backward or backwardParams. */
export interface ConvLayerSamples {
  layer: string;
  /** e.g. `Conv2D(1 → 32, 3×3)` on `[128, 28, 28, 1]`. */
  description: string;
  pass: 'forward' | 'backward' | 'backwardParams';
  threads: number;
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
  threads: number;
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
  /** The threads its products ran on (its default). */
  threads: number;
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
