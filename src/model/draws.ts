/**
 * Initialisation happens once: a model draws a layer's weights from its Random when the
 * layer joins it, unless the layer holds weights of its own (given a `random`, set,
 * loaded, trained). A model built without a seed holds provisional draws itself, which an
 * outer model replaces with draws from its own seed.
 */
import { fingerprint, type Layer } from '../layers/layer.js';
import type { Random } from '../random.js';

/** The values a layer (or a nested model) holds: its params' and buffers' data. */
function valuesOf(layer: Layer): Float32Array[] {
  return [...layer.params().map((p) => p.value.data), ...(layer.buffers?.() ?? []).map((b) => b.value.data)];
}

/** Mixes one layer's fingerprint into a running one. */
function mix(h: number, layer: Layer): number {
  return Math.imul(h ^ fingerprint(valuesOf(layer)), 0x01000193) >>> 0;
}

/** What a model drew, and whether those draws are its own. */
export class Draws {
  /** The layers whose weights the model drew. */
  private readonly drawn = new Set<Layer>();
  /** Without a seed: the fingerprint of the values as drawn, to tell whether anything changed them since. */
  private drawnFingerprint = 0;

  /** @param seeded whether the model was given a seed (its draws are then its own). */
  constructor(private seeded: boolean) {}

  /** A layer joins the model: drawn from `random` unless it holds weights of its own. */
  join(layer: Layer, random: Random): void {
    if (layer.initialize && !(layer.hasOwnWeights?.() === true)) {
      layer.initialize(random);
      this.drawn.add(layer);
    }
    if (!this.seeded) this.drawnFingerprint = mix(this.drawnFingerprint, layer);
  }

  /** Draws again, from `random`, every layer the model drew (and any not its own): an outer model initialising this one. */
  redraw(layers: readonly Layer[], random: Random): void {
    for (const layer of layers) {
      if (layer.initialize && (this.drawn.has(layer) || layer.hasOwnWeights?.() !== true)) {
        layer.initialize(random);
        this.drawn.add(layer);
      }
    }
    this.seeded = true;
  }

  /** Whether the weights are the model's own: it had a seed, was initialised by an outer model, or they changed since they were drawn. */
  own(layers: readonly Layer[]): boolean {
    if (this.seeded) return true;
    let h = 0;
    for (const layer of layers) h = mix(h, layer);
    return h !== this.drawnFingerprint;
  }
}
