/**
 * Test helpers shared by the layer and loss tests.
 *
 * `expectGradientsToMatch` is the one gradient-check assertion: it runs the public
 * `gradCheck` and fails with its per-tensor report, so a failing test shows which
 * tensor (input, weight, bias, …) disagrees, where, and by how much. Every check is
 * also recorded, so each test file can log the worst relative error per subject.
 */
import { expect } from 'vitest';
import {
  formatGradCheck,
  gradCheck,
  type GradCheckOptions,
  type GradCheckReport,
  type Layer,
  type Loss,
  type Tensor,
} from '../src/index.js';

/** Options of {@link expectGradientsToMatch}: those of `gradCheck`, plus a label for the log. */
export interface ExpectGradientsOptions extends GradCheckOptions {
  /** The name the check is recorded under. Default: the subject's `toString()`. */
  label?: string;
}

/** One recorded gradient check. */
export interface RecordedCheck {
  readonly label: string;
  readonly report: GradCheckReport;
}

/** Every check run through {@link expectGradientsToMatch} in this test file (vitest isolates files). */
export const recordedChecks: RecordedCheck[] = [];

/**
 * Asserts that `subject`'s backward pass matches central finite differences on
 * `input` (and on every param of a layer), failing with `formatGradCheck(report)`.
 * Returns the report for further assertions.
 */
export function expectGradientsToMatch(
  subject: Layer | Loss,
  input: Tensor,
  options: ExpectGradientsOptions = {},
): GradCheckReport {
  const { label = String(subject), ...gradCheckOptions } = options;
  const report = gradCheck(subject, input, gradCheckOptions);
  recordedChecks.push({ label, report });
  expect(report.passed, `gradient check of ${label} failed:\n${formatGradCheck(report)}`).toBe(true);
  return report;
}

/** The worst relative error recorded per label, over every check and every checked tensor. */
export function worstRelativeErrors(): Map<string, number> {
  const worst = new Map<string, number>();
  for (const { label, report } of recordedChecks) {
    worst.set(label, Math.max(worst.get(label) ?? 0, report.worstRelativeError));
  }
  return worst;
}

/** Logs the worst relative error per label; call it from `afterAll`. */
export function logWorstRelativeErrors(): void {
  for (const [label, error] of worstRelativeErrors()) {
    console.log(`gradCheck worst relative error: ${label}: ${error.toExponential(2)}`);
  }
}

/**
 * Asserts that two float arrays hold the same values (bit for bit, NaN equal to NaN),
 * failing with the first index that differs: a loop, so a wrong kernel on a large array
 * reports at once instead of diffing every element.
 */
export function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'values'): void {
  if (actual.length !== expected.length) expect.fail(`${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], b = expected[i];
    if (!(Object.is(a, b) || (a === b))) expect.fail(`${what}: first difference at index ${i}: ${a}, expected ${b}`);
  }
}

/** The largest |a − b| and the largest |a − b| / max(1, |b|), for comparing with another library's values. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { abs: number; rel: number } {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths differ, ${a.length} vs ${b.length}`);
  let abs = 0, rel = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= abs)) abs = d; // NaN propagates
    const r = d / Math.max(1, Math.abs(b[i]));
    if (!(r <= rel)) rel = r;
  }
  return { abs, rel };
}
