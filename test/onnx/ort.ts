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

export { maxDiff } from '../helpers.js';
