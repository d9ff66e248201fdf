/**
 * ONNX Runtime (onnxruntime-web: WebAssembly, runs in Node) as the oracle for the
 * ONNX tests. A devDependency only: neurite/onnx itself depends on nothing.
 */
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1; // no worker threads in the test process
ort.env.logLevel = 'error';

/** Runs the model `bytes` on `input` (row-major `shape`) and returns the first output. */
export async function runOrt(bytes: Uint8Array, input: Float32Array, shape: readonly number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all', // as users run it (the numbers are the same with 'disabled')
    logSeverityLevel: 3, // errors only (not the warning about initializers listed as inputs)
  });
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [...shape]) };
    const results = await session.run(feeds);
    const out = results[session.outputNames[0]];
    return { data: out.data as Float32Array, dims: out.dims };
  } finally {
    await session.release();
  }
}

/** The largest |a − b| and the largest |a − b| / max(1, |b|). */
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
