// The parser fuzz, long form (outside CI): every property of
// test/robustness/fuzz-properties.ts — parseIdx and Sequential.fromJSON/loadWeights on
// arbitrary and mutated valid input must return a correct result or throw a NeuriteError —
// for --runs cases each (default 100,000), reporting per property the cases run, the
// failures (with fast-check's shrunk counterexample), the slowest case and the resident memory after each property.
//
//   npm run fuzz                      # 100,000 cases per property
//   npm run fuzz -- --runs 1000 --seed 7
import fc from 'fast-check';
import { parserProperties } from '../test/robustness/fuzz-properties.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`fuzz: expected --${name} to be a positive integer, got ${process.argv[i + 1]}`);
  return value;
}

const runs = flag('runs', 100_000);
const seed = flag('seed', Date.now() % 2 ** 31);
let failed = 0, total = 0;
console.log(`fuzz: ${runs} cases per property, seed ${seed}`);
for (const [name, property] of Object.entries(parserProperties)) {
  let slowest = 0;
  const timed = property.beforeEach(() => void (lastStart = performance.now())).afterEach(() => {
    slowest = Math.max(slowest, performance.now() - lastStart);
  });
  let lastStart = 0;
  const start = performance.now();
  const result = fc.check(timed, { numRuns: runs, seed, endOnFailure: false });
  const seconds = (performance.now() - start) / 1000;
  total += result.numRuns;
  const rss = process.memoryUsage().rss / 2 ** 20;
  if (result.failed) {
    failed++;
    console.log(`FAIL ${name}: after ${result.numRuns} cases\n${fc.defaultReportMessage(result)}`);
  } else {
    console.log(
      `ok   ${name}: ${result.numRuns} cases in ${seconds.toFixed(1)} s, slowest ${slowest.toFixed(1)} ms, RSS ${rss.toFixed(0)} MB`,
    );
  }
}
console.log(`fuzz: ${total} cases, ${failed} failing ${failed === 1 ? 'property' : 'properties'}`);
process.exitCode = failed ? 1 : 0;
