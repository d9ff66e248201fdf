import { isBranded } from '../brand.js';
import { checkKeys } from '../errors.js';
import type { LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';
import { Reshape } from './reshape.js';

/**
 * Flattens each sample into one row, `[batch, ...in]` → `[batch, size]`, row-major (for
 * images `[batch, h, w, c]`: pixel by pixel, each pixel's channels together), so that a
 * Dense layer can follow a convolution. It is `Reshape([-1])`: the output is a view of the
 * input's values, and the gradient comes back with the input's shape.
 *
 * @example
 * new Sequential([new Conv2D(1, 8, 3), new ReLU(), new Flatten(), new Dense(26 * 26 * 8, 10)], { inputShape: [28, 28, 1] });
 */
export class Flatten extends Reshape {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Flatten'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Flatten, value, '@@neurite/Flatten');
  }

  constructor() {
    super([-1]);
  }

  override getConfig(): LayerConfig {
    return { type: 'Flatten', config: {} };
  }

  /** Rebuilds a Flatten (its config is `{}`). */
  static override fromConfig(config: Record<string, unknown>): Flatten {
    checkKeys(config, [], 'Flatten', 'config field');
    return new Flatten();
  }

  override toString(): string {
    return 'Flatten';
  }
}

registerLayer('Flatten', Flatten.fromConfig);
