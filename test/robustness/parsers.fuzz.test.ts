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

  it('parseIdx never allocates from a header: 3 dimensions of 2³² − 1 over 4 bytes fail at once', () => {
    const bytes = new Uint8Array([0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3, 4]);
    const start = performance.now();
    expect(() => parseIdx(bytes)).toThrow(DataError);
    expect(performance.now() - start).toBeLessThan(50);
  });
});
