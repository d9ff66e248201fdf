import { isBranded } from './brand.js';
// Only the Alea generator of seedrandom (its other five generators are not bundled).
import alea from 'seedrandom/lib/alea.js';
import { describe } from './errors.js';

/** The complete state of a {@link Random}, to save and restore it exactly. */
export interface RandomState {
  /** The seed the generator started from. */
  readonly seed: number | string;
  /** The Alea generator's internal state. */
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  /** The second normal draw of the last Box–Muller pair, not yet returned (or null). */
  readonly spare: number | null;
}

interface AleaPrng {
  (): number;
  state(): { c: number; s0: number; s1: number; s2: number };
}

/**
 * The one seeded source of randomness: weight initialisation, dropout masks and
 * shuffling all draw from it, so one seed gives one run, bit for bit, in Node and
 * in browsers. Built on the Alea generator from `seedrandom`.
 *
 * @example
 * const random = new Random(42);
 * random.next();        // in [0, 1)
 * random.normal(0, 1);  // a standard normal draw
 */
export class Random {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Random'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Random, value, '@@neurite/Random');
  }

  /** The seed this generator started from. */
  readonly seed: number | string;
  private prng: AleaPrng;
  private spare: number | null = null;

  /** @param seed any number or string; omitted, a random seed is chosen (and kept in `seed`). */
  constructor(seed?: number | string) {
    if (seed === undefined) seed = Math.floor(Math.random() * 2 ** 32);
    if ((typeof seed !== 'number' || !Number.isFinite(seed)) && typeof seed !== 'string') {
      throw new TypeError(`Random: expected seed as a finite number or a string, got ${describe(seed)}`);
    }
    this.seed = seed;
    this.prng = alea(String(seed), { state: true }) as unknown as AleaPrng;
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new (typeof n === 'number' ? RangeError : TypeError)(`Random.int: expected n to be a positive integer, got ${describe(n)}`);
    }
    return Math.floor(this.prng() * n);
  }

  /** A normal draw (Box–Muller, the second value kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.prng();
    const v = this.prng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `indices` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(indices: T): T {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const t = indices[i];
      indices[i] = indices[j];
      indices[j] = t;
    }
    return indices;
  }

  /** A snapshot of the generator, for {@link Random.setState}. */
  getState(): RandomState {
    return { seed: this.seed, alea: { ...this.prng.state() }, spare: this.spare };
  }

  /** Restores a snapshot taken with {@link Random.getState}: the draws that follow repeat. */
  setState(state: RandomState): void {
    const saved = (state as { alea?: unknown } | null)?.alea as Record<string, unknown> | undefined;
    const spare = (state as { spare?: unknown } | null)?.spare;
    const unit = (v: unknown) => typeof v === 'number' && v >= 0 && v < 1;
    const valid =
      !!saved && typeof saved === 'object' && Number.isInteger(saved.c) && (saved.c as number) >= 0 && ['s0', 's1', 's2'].every((k) => unit(saved[k]));
    if (!valid) {
      throw new TypeError(`Random.setState: expected state.alea as { c: integer ≥ 0, s0, s1, s2 in [0, 1) } (from getState()), got ${describe(saved)}`);
    }
    if (spare !== null && !(typeof spare === 'number' && Number.isFinite(spare))) {
      throw new TypeError(`Random.setState: expected state.spare as a finite number or null, got ${describe(spare)}`);
    }
    this.prng = alea('', { state: { ...state.alea } }) as unknown as AleaPrng;
    this.spare = state.spare;
  }
}
