import { isBranded } from './brand.js';
/**
 * Errors raised by neurite. Every message has one format, naming the owner, what
 * was expected and what came:
 *
 *   Dense(784 → 128): expected input shape [batch, 784], got [32, 28, 28]
 */

/**
 * Base class of every error neurite throws on purpose (besides RangeError/TypeError).
 * Its subclasses say what kind of problem it is: {@link ShapeError}, {@link DataError},
 * {@link StateError}.
 *
 * @example
 * try {
 *   await model.fit(x, y);
 * } catch (error) {
 *   if (error instanceof NeuriteError) console.error(error.message); // names the owner, what was expected, what came
 *   else throw error;
 * }
 */
export class NeuriteError extends Error {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/NeuriteError'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, NeuriteError, value, '@@neurite/NeuriteError');
  }

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A tensor whose shape does not fit where it was used.
 *
 * @example
 * new Dense(5, 3).forward(Tensor.zeros([4, 6]), false);
 * // ShapeError: Dense(5 → 3): expected input shape [batch, 5], got [4, 6]
 */
export class ShapeError extends NeuriteError {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/ShapeError'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, ShapeError, value, '@@neurite/ShapeError');
  }

  /**
   * What the owner expected, as a phrase a model can quote when it checks a chain of
   * layers (`784 features`, `input shape [batch, height, width, 1]`); absent when the
   * message says it all.
   */
  declare readonly expects?: string;

  constructor(message: string, expects?: string) {
    super(message);
    // Not enumerable: two ShapeErrors with the same message compare equal.
    if (expects !== undefined) Object.defineProperty(this, 'expects', { value: expects, enumerable: false });
  }
}

/**
 * Data that cannot be used: NaN or infinite values, labels out of range, corrupt files,
 * a training run that diverges.
 *
 * @example
 * await model.fit([[NaN, 0]], [1]);
 * // DataError: Sequential.fit: expected finite values in x, got NaN in row 0
 */
export class DataError extends NeuriteError {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/DataError'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, DataError, value, '@@neurite/DataError');
  }

}

/**
 * A method called in the wrong order: backward before forward, fit before compile.
 *
 * @example
 * new Dense(2, 1).backward(Tensor.zeros([1, 1]));
 * // StateError: Dense(2 → 1): backward called before forward
 */
export class StateError extends NeuriteError {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/StateError'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, StateError, value, '@@neurite/StateError');
  }

}

/** `[32, 28, 28]`; a `null` dimension prints as `batch`, a name as itself (`[samples, 2]`). */
export function formatShape(shape: readonly (number | string | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

/** A short description of any value, for "got …" in messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value == null || typeof value === 'number' || typeof value === 'boolean') return String(value); // null, undefined, 1.5, true
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'symbol') return `a symbol (${value.description ?? ''})`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * Who raises an error: its name, or the object itself (a layer, a loss), whose
 * `toString()` is called only when the error is thrown — so that a check on a hot path
 * builds no string.
 */
export type Owner = string | { toString(): string };

/**
 * Throws a ShapeError unless `shape` matches `expected`, where `null` matches any
 * positive size (the batch dimension).
 */
export function assertShape(
  shape: readonly number[],
  expected: readonly (number | null)[],
  owner: Owner,
  what = 'input shape',
): void {
  let ok = shape.length === expected.length;
  for (let i = 0; ok && i < expected.length; i++) {
    const e = expected[i];
    if (e !== null && shape[i] !== e) ok = false;
  }
  if (!ok) throw new ShapeError(`${owner}: expected ${what} ${formatShape(expected)}, got ${formatShape(shape)}`);
}

/**
 * Throws unless `value` is a finite number satisfying `test`: a TypeError when it is
 * not a number at all (a string, an object), a RangeError when it is NaN, infinite or
 * out of range. The message is the same either way.
 */
export function checkNumber(
  value: unknown,
  owner: string,
  name: string,
  range: string,
  test: (v: number) => boolean,
): number {
  if (typeof value !== 'number') throw new TypeError(`${owner}: expected ${name} ${range}, got ${describe(value)}`);
  if (!Number.isFinite(value) || !test(value)) throw new RangeError(`${owner}: expected ${name} ${range}, got ${describe(value)}`);
  return value;
}

/** Throws a RangeError unless `value` is an integer ≥ `min`. */
export function checkInteger(value: unknown, owner: string, name: string, min = 1): number {
  return checkNumber(value, owner, name, min === 1 ? 'to be a positive integer' : `to be an integer ≥ ${min}`, (v) =>
    Number.isInteger(v) && v >= min,
  );
}

/**
 * The options object of a constructor or method: `undefined` gives `{}`; anything that
 * is not a plain object (null, a number, a string, an array) is a TypeError. With
 * `keys`, a key that is not among them is a TypeError naming it and the closest valid
 * one, so that a misspelt option is never silently ignored.
 */
export function checkOptions<T extends object>(options: T | undefined, owner: string, keys?: readonly string[], what = 'options'): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${owner}: expected ${what} as an object, got ${describe(options)}`);
  }
  if (keys) checkKeys(options, keys, owner, what === 'options' ? 'option' : what);
  // Own properties only: nothing inherited (from Object.prototype or elsewhere) is taken for an option.
  return { ...options };
}

/** Throws a TypeError at the first own key of `object` that is not in `keys`, suggesting the closest valid key. */
export function checkKeys(object: object, keys: readonly string[], owner: string, what = 'option'): void {
  for (const key of Object.keys(object)) {
    if (keys.includes(key)) continue;
    const near = closest(key, keys);
    throw new TypeError(
      `${owner}: unknown ${what} ${JSON.stringify(key)}${near ? `; did you mean ${near}?` : ''} (expected ${keys.length ? keys.join(', ') : 'none'})`,
    );
  }
}

/** The key of `keys` nearest to `key` (case-insensitive edit distance ≤ 1/3 of its length, at least 2), or null. */
export function closest(key: string, keys: readonly string[]): string | null {
  const a = key.toLowerCase();
  let best: string | null = null, bestDistance = Math.max(2, Math.floor(a.length / 3)) + 1;
  for (const candidate of keys) {
    const b = candidate.toLowerCase();
    if (b === a) return candidate;
    const d = editDistance(a, b);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** `value` if it is a boolean, `fallback` if undefined; anything else (`'false'`, 0) is a TypeError. */
export function checkBoolean(value: unknown, owner: string, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${owner}: expected ${name} to be true or false, got ${describe(value)}`);
  return value;
}

/** The own property `key` of `object` (never one inherited from Object.prototype, like `constructor`). */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** A float32 value as the shortest decimal that reads back as the same float32: `1.1`, not `1.100000023841858`. */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}
