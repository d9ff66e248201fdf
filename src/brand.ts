/**
 * `instanceof` across the two builds of neurite. An app that imports neurite (the ES module
 * build) while a dependency requires it (the CommonJS build) holds two copies of every class;
 * a Tensor made by one is not an `instanceof` the other's Tensor. So each built-in class
 * carries a brand, a getter named `@@neurite/<Class>` on its prototype that both copies
 * share, and answers `instanceof` with it. A subclass declared elsewhere (a user's layer)
 * keeps the ordinary prototype-chain check.
 *
 * The brands are plain string-named getters and `Symbol.hasInstance` a static method: both
 * free of side effects, so a bundler still drops the classes an app does not use.
 */

/** The `instanceof` of a branded class `own`, asked as `value instanceof target`. */
export function isBranded(target: object, own: object, value: unknown, brand: string): boolean {
  if (target !== own) return Function.prototype[Symbol.hasInstance].call(target, value);
  return value !== null && (typeof value === 'object' || typeof value === 'function') && (value as Record<string, unknown>)[brand] === true;
}

/** The brand a class's prototype owns (`@@neurite/Dense`), or undefined for a class without one. */
function ownBrand(prototype: object | null): string | undefined {
  return prototype ? Object.getOwnPropertyNames(prototype).find((name) => name.startsWith('@@neurite/')) : undefined;
}

/** Whether `value` is exactly of class `cls` (not a subclass), in either build. */
export function isExactly(value: object, cls: abstract new (...args: never[]) => unknown): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === cls.prototype) return true;
  const brand = ownBrand(cls.prototype as object);
  return brand !== undefined && ownBrand(proto) === brand;
}
