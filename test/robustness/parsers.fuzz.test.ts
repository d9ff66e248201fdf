/**
 * The parsers under fuzzing, briefly (CI): parseIdx and Sequential.fromJSON (and
 * loadWeights) on arbitrary and mutated valid input either return a correct result or
 * throw a NeuriteError. `npm run fuzz` runs the same properties 100,000 times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIdx, DataError } from '../../src/index.js';
import { parserProperties } from './fuzz-properties.js';

describe('parsers under fuzzing', () => {
  for (const [name, property] of Object.entries(parserProperties)) {
    it(name, () => {
      fc.assert(property, { numRuns: name.startsWith('parseIdx') ? 400 : 150, seed: 20240601 });
    });
  }

  it('parseIdx never allocates from a header: 3 dimensions of 2³² − 1 over 4 bytes fail before any allocation', () => {
    /** The lengths of the typed arrays made while `run` runs. */
    const allocations = (run: () => void): number[] => {
      const made: number[] = [];
      const names = ['Uint8Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Float32Array', 'Float64Array'] as const;
      const originals = names.map((name) => (globalThis as Record<string, unknown>)[name]);
      names.forEach((name, i) => {
        const Original = originals[i] as new (...args: unknown[]) => object;
        (globalThis as Record<string, unknown>)[name] = new Proxy(Original, {
          construct: (target, args) => {
            if (typeof args[0] === 'number') made.push(args[0]);
            return Reflect.construct(target, args);
          },
        });
      });
      try {
        run();
      } finally {
        names.forEach((name, i) => ((globalThis as Record<string, unknown>)[name] = originals[i]));
      }
      return made;
    };
    // The spy sees a float64 file's data array being made: 2 values.
    const valid = new Uint8Array([0, 0, 0x0e, 1, 0, 0, 0, 2, ...new Array(16).fill(0)]);
    expect(allocations(() => parseIdx(valid))).toContain(2);
    // A header claiming 2⁹⁶ values over 4 bytes fails before any array of them is made.
    const bytes = new Uint8Array([0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3, 4]);
    expect(allocations(() => expect(() => parseIdx(bytes)).toThrow(DataError))).toEqual([]);
  });
});
