// What each library adapter provides. The worker does the timing; an adapter only sets up
// the work and runs it, so every library is timed by the same code.
import type { Tensor } from '../../src/index.js';
import type { MatmulForm, MatmulSize } from '../types.js';

/** One product C = op(A)·op(B) per call, on operands created once. */
export interface MatmulKernel {
  run(): void;
  dispose(): void;
}

/** MNIST images `[n, 784]` in [0, 1] and integer labels `[n]`, as neurite's loadMnist() returns them. */
export interface MnistSlice {
  images: Tensor;
  labels: Tensor;
}

export interface MnistOptions {
  hidden: number[];
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** A model built and compiled, its data converted: `epoch()` is the timed part. */
export interface MnistTrainer {
  /** One epoch over the slice; resolves to the epoch's mean training loss. */
  epoch(): Promise<number>;
  dispose(): void;
}

/** MNIST images as [n, 28, 28, 1] for the convnet: the same data as MnistSlice, another shape. */
export interface ConvnetOptions {
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** A fresh 2-8-1 XOR network: `train()` is the timed part. */
export interface XorTrainer {
  /** Trains until the MSE over the four points is below 0.01, or `maxEpochs` passes. */
  train(): Promise<{ epochs: number; mse: number }>;
  dispose(): void;
}

export interface Library {
  /** Facts worth printing: version, backend, the configuration where it differs from the others. */
  info(): Record<string, string>;
  matmul?(size: MatmulSize, form: MatmulForm): MatmulKernel;
  mnist?(data: MnistSlice, options: MnistOptions): Promise<MnistTrainer>;
  /** The benchmark's convnet (see ConvnetTask) on `data`, whose images the adapter reads as 28 × 28 × 1. */
  convnet?(data: MnistSlice, options: ConvnetOptions): Promise<MnistTrainer>;
  xor?(seed: number, maxEpochs: number): Promise<XorTrainer>;
}

/** XOR's four points and targets. */
export const xorInputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const xorTargets = [0, 1, 1, 0];
export const xorHidden = 8;
export const xorLearningRate = 0.1;
export const xorTargetMse = 0.01;

/** A deterministic fill for matmul operands (values in [-1, 1)). */
export function fillRandom(data: Float32Array, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return data;
}

/** The stored shapes of A and B for a form: Aᵀ·B stores A as k×m, A·Bᵀ stores B as n×k. */
export function operandShapes(size: MatmulSize, form: MatmulForm): { a: [number, number]; b: [number, number] } {
  const { m, k, n } = size;
  return {
    a: form === 'Aᵀ·B' ? [k, m] : [m, k],
    b: form === 'A·Bᵀ' ? [n, k] : [k, n],
  };
}
