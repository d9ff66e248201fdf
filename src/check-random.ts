import { describe } from './errors.js';
import type { Random } from './random.js';

/**
 * Throws a TypeError naming `owner` unless `value` is a Random (anything with `next()` and `normal()`).
 * In a file of its own, not random.ts: code that only checks a Random (Tensor.randn) then does not
 * bundle the generator, a CommonJS module that apps' bundlers cannot shake.
 */
export function checkRandom(value: unknown, owner: string, what = 'random'): Random {
  const r = value as Random | null | undefined;
  if (!r || typeof r !== 'object' || typeof r.next !== 'function' || typeof r.normal !== 'function') {
    throw new TypeError(`${owner}: expected ${what} as a Random, got ${describe(value)}`);
  }
  return r;
}
