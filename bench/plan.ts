// What each mode runs: sizes, repetitions, and which libraries take which workload.
import type { LibraryId, MatmulForm, MatmulSize } from './types.js';
import { matmulForms } from './types.js';

export type Mode = 'full' | 'quick' | 'smoke';
export const workloads = ['matmul', 'mnist', 'convnet', 'xor', 'alloc'] as const;
export type Workload = (typeof workloads)[number];

/** The training set has 60,000 images; shorter runs are scaled to it and labelled as such. */
export const mnistEpochImages = 60000;

export interface MnistArch {
  name: string;
  hidden: number[];
}

export const mnistArchs: MnistArch[] = [
  { name: '784-128-10', hidden: [128] },
  { name: '784-512-256-10', hidden: [512, 256] },
];

export interface Plan {
  mode: Mode;
  /** Child processes run at once: 1 for timing, more only in smoke mode where time is not measured. */
  concurrency: number;
  matmul: { rounds: number; sizes: MatmulSize[]; forms: MatmulForm[]; samples: number; sampleMs: number; warmupMs: number };
  mnist: {
    rounds: number;
    archs: MnistArch[];
    /** Images in the timed epoch per library and architecture. */
    images: (lib: LibraryId, arch: MnistArch) => number;
    warmupImages: (lib: LibraryId) => number;
    batchSize: number;
    learningRate: number;
  };
  convnet: {
    rounds: number;
    /** Images in the timed part per library: ConvNetJS takes about 54 ms an image here and tfjs-cpu over 1 s, so they time a few batches. */
    images: (lib: LibraryId) => number;
    warmupImages: (lib: LibraryId) => number;
    batchSize: number;
    learningRate: number;
    /** Timed samples of each conv layer's passes, and the batch they run on. */
    layerSamples: number;
    layerBatch: number;
  };
  xor: { rounds: number; runs: number; maxEpochs: number };
  alloc: { steps: number; warmupSteps: number; batchSize: number; hidden: number[] };
}

/** Which workloads a library can express; the notes in the report say why the others are missing. */
export const capabilities: Record<LibraryId, Workload[]> = {
  neurite: ['matmul', 'mnist', 'convnet', 'xor', 'alloc'],
  'neurite-js': ['matmul', 'mnist', 'convnet', 'xor'],
  'tfjs-cpu': ['matmul', 'mnist', 'convnet', 'xor'],
  'tfjs-wasm': ['matmul', 'mnist', 'convnet', 'xor'],
  convnetjs: ['mnist', 'convnet', 'xor'],
  'brain.js': ['xor'],
};

const benchSizes: MatmulSize[] = [
  { m: 128, k: 784, n: 128 },
  { m: 128, k: 128, n: 10 },
  { m: 512, k: 512, n: 512 },
];

export function makePlan(mode: Mode): Plan {
  const common = { batchSize: 128, learningRate: 1e-3, archs: mnistArchs };
  const convnetCommon = { batchSize: 128, learningRate: 1e-3 };
  if (mode === 'smoke') {
    return {
      mode,
      concurrency: 2,
      matmul: { rounds: 1, sizes: [{ m: 8, k: 16, n: 4 }], forms: [...matmulForms], samples: 1, sampleMs: 1, warmupMs: 0 },
      mnist: {
        ...common,
        // Real MNIST images through tiny networks of both shapes.
        archs: [
          { name: '784-16-10', hidden: [16] },
          { name: '784-32-16-10', hidden: [32, 16] },
        ],
        rounds: 1,
        images: () => 128,
        warmupImages: () => 0,
      },
      convnet: {
        ...convnetCommon,
        rounds: 1,
        images: (lib) => (lib === 'tfjs-cpu' || lib === 'tfjs-wasm' ? 4 : lib === 'convnetjs' ? 8 : 128),
        warmupImages: () => 0,
        layerSamples: 1,
        layerBatch: 8,
      },
      xor: { rounds: 1, runs: 1, maxEpochs: 50 },
      alloc: { steps: 20, warmupSteps: 5, batchSize: 8, hidden: [16] },
    };
  }
  if (mode === 'quick') {
    return {
      mode,
      concurrency: 1,
      matmul: { rounds: 2, sizes: benchSizes, forms: [...matmulForms], samples: 3, sampleMs: 80, warmupMs: 100 },
      mnist: {
        ...common,
        rounds: 1,
        images: (lib) => (lib === 'tfjs-cpu' || lib === 'convnetjs' ? 2560 : 12800),
        warmupImages: (lib) => (lib === 'convnetjs' ? 256 : 1280),
      },
      convnet: {
        ...convnetCommon,
        rounds: 1,
        images: (lib) => ({ neurite: 12800, 'neurite-js': 1280, 'tfjs-cpu': 32, 'tfjs-wasm': 32, convnetjs: 256, 'brain.js': 0 })[lib],
        warmupImages: (lib) => ({ neurite: 1280, 'neurite-js': 256, 'tfjs-cpu': 8, 'tfjs-wasm': 8, convnetjs: 16, 'brain.js': 0 })[lib],
        layerSamples: 7,
        layerBatch: 128,
      },
      xor: { rounds: 1, runs: 5, maxEpochs: 20000 },
      alloc: { steps: 1000, warmupSteps: 50, batchSize: 32, hidden: [128] },
    };
  }
  return {
    mode,
    concurrency: 1,
    matmul: { rounds: 3, sizes: benchSizes, forms: [...matmulForms], samples: 5, sampleMs: 150, warmupMs: 200 },
    mnist: {
      ...common,
      rounds: 3,
      // tfjs-cpu takes about a minute per 784-128-10 epoch and ConvNetJS more: time a subset and scale it.
      images: (lib, arch) =>
        lib === 'tfjs-cpu' ? 12800 : lib === 'convnetjs' ? (arch.hidden.length > 1 ? 3840 : 12800) : mnistEpochImages,
      warmupImages: (lib) => (lib === 'convnetjs' ? 256 : 1280),
    },
    convnet: {
      ...convnetCommon,
      rounds: 3,
      // neurite trains the whole epoch; the others a few batches, scaled to 60,000 and labelled so.
      images: (lib) => ({ neurite: mnistEpochImages, 'neurite-js': 3840, 'tfjs-cpu': 128, 'tfjs-wasm': 128, convnetjs: 512, 'brain.js': 0 })[lib],
      warmupImages: (lib) => ({ neurite: 1280, 'neurite-js': 256, 'tfjs-cpu': 8, 'tfjs-wasm': 8, convnetjs: 32, 'brain.js': 0 })[lib],
      layerSamples: 15,
      layerBatch: 128,
    },
    xor: { rounds: 3, runs: 7, maxEpochs: 20000 },
    alloc: { steps: 1000, warmupSteps: 50, batchSize: 32, hidden: [128] },
  };
}
