import { describe } from './errors.js';
import type { Random } from './random.js';

/**
 * Fills `values` (a weight of `fanIn` inputs and `fanOut` outputs) with initial values.
 */
export type Initializer = (values: Float32Array, fanIn: number, fanOut: number, random: Random) => void;

/**
 * Glorot/Xavier uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)), which keeps the
 * variance of activations and gradients roughly constant through tanh/sigmoid layers.
 * Glorot & Bengio (2010). The default for {@link Dense}.
 */
export const glorotUniform: Initializer = (values, fanIn, fanOut, random) => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < values.length; i++) values[i] = (2 * random.next() - 1) * limit;
};

/** Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)). */
export const glorotNormal: Initializer = (values, fanIn, fanOut, random) => {
  const std = Math.sqrt(2 / (fanIn + fanOut));
  for (let i = 0; i < values.length; i++) values[i] = random.normal(0, std);
};

/**
 * He normal: N(0, 2 / fanIn), suited to ReLU layers, which zero half their inputs.
 * He et al. (2015).
 */
export const heNormal: Initializer = (values, fanIn, _fanOut, random) => {
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < values.length; i++) values[i] = random.normal(0, std);
};

/** He uniform: U(−l, l) with l = √(6 / fanIn). */
export const heUniform: Initializer = (values, fanIn, _fanOut, random) => {
  const limit = Math.sqrt(6 / fanIn);
  for (let i = 0; i < values.length; i++) values[i] = (2 * random.next() - 1) * limit;
};

/** All zeros (the default for biases). */
export const zeros: Initializer = (values) => {
  values.fill(0);
};

/** The initialisers by name, for options and saved models. */
export const initializers = { glorotUniform, glorotNormal, heNormal, heUniform, zeros } as const;

/** The name of a built-in initialiser. */
export type InitializerName = keyof typeof initializers;

/**
 * The initialiser a layer's `initializer` option names (a function, or a built-in name),
 * or a RangeError/TypeError naming `owner` that lists the valid names.
 *
 * @example
 * initializerFrom('heNormal', 'Dense(2 → 3)') === heNormal; // true
 */
export function initializerFrom(init: unknown, owner: string): Initializer {
  if (typeof init === 'function') return init as Initializer;
  if (typeof init !== 'string') throw new TypeError(`${owner}: expected initializer as a function or a name, got ${describe(init)}`);
  if (!Object.hasOwn(initializers, init)) {
    throw new RangeError(`${owner}: expected initializer to be one of ${Object.keys(initializers).join(', ')}, got ${describe(init)}`);
  }
  return initializers[init as InitializerName];
}
