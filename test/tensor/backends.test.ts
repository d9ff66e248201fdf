/**
 * Both kernel backends in the default run: the TypeScript kernels ('js') and the
 * WebAssembly ones ('wasm') each against a product computed in double precision, and a
 * seeded training run on each. (`npm run test:js` runs the whole suite on 'js' too.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Adam, Dense, getBackend, matmul, matmulTransA, matmulTransB, Param, Random, ReLU, Sequential, setBackend, Tensor, type Backend } from '../../src/index.js';
import { wasmSimdSupported } from '../../src/wasm/backend.js';

const initial = getBackend();
afterAll(() => setBackend(initial));
const backends: Backend[] = wasmSimdSupported() ? ['js', 'wasm'] : ['js'];

/** op(A)·op(B) in double precision, for shapes given as stored. */
function reference(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Float64Array {
  const m = a.shape[transA ? 1 : 0], k = a.shape[transA ? 0 : 1], n = b.shape[transB ? 0 : 1];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a.data[p * m + i] : a.data[i * k + p]) * (transB ? b.data[j * k + p] : b.data[p * n + j]);
      out[i * n + j] = s;
    }
  }
  return out;
}

for (const backend of backends) {
  describe(`the '${backend}' kernels`, () => {
    it('compute the three matrix products as double precision does, to float32 rounding', () => {
      setBackend(backend);
      const random = new Random(`${backend} products`);
      for (const [m, n, k] of [[1, 1, 1], [5, 7, 3], [9, 13, 17], [33, 10, 64]]) {
        const forms = [
          { run: matmul, a: Tensor.randn([m, k], random), b: Tensor.randn([k, n], random), tA: false, tB: false },
          { run: matmulTransA, a: Tensor.randn([k, m], random), b: Tensor.randn([k, n], random), tA: true, tB: false },
          { run: matmulTransB, a: Tensor.randn([m, k], random), b: Tensor.randn([n, k], random), tA: false, tB: true },
        ];
        for (const { run, a, b, tA, tB } of forms) {
          const got = run(a, b, Tensor.zeros([m, n])).data, want = reference(a, b, tA, tB);
          for (let i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-5 * (1 + Math.abs(want[i])) * Math.sqrt(k))) {
              expect.fail(`${run.name} ${m}×${n}×${k}, element ${i}: ${got[i]}, expected ${want[i]}`);
            }
          }
        }
      }
    });

    it('take an Adam step as derived by hand', () => {
      setBackend(backend);
      // Step 1 from w = 1 with g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, w ← 1 − 0.1 · 0.5 / (0.5 + 1e-7).
      const w = new Param('w', Tensor.from([1]));
      w.grad.data[0] = 0.5;
      new Adam({ learningRate: 0.1 }).step([w]);
      expect(w.value.data[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-7), 6);
    });

    it('train a seeded model to the same loss as the other backend, within float32 rounding', async () => {
      setBackend(backend);
      const model = new Sequential([new Dense(3, 16), new ReLU(), new Dense(16, 1)], { seed: 4 });
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const random = new Random(5);
      const x = Tensor.randn([64, 3], random), y = Tensor.randn([64, 1], random);
      const { history } = await model.fit(x, y, { epochs: 5, batchSize: 16 });
      const losses = history.loss;
      setBackend(backend === 'js' && backends.includes('wasm') ? 'wasm' : 'js');
      const other = new Sequential([new Dense(3, 16), new ReLU(), new Dense(16, 1)], { seed: 4 });
      other.compile({ optimizer: 'adam', loss: 'mse' });
      const otherLosses = (await other.fit(x, y, { epochs: 5, batchSize: 16 })).history.loss;
      losses.forEach((l, i) => expect(Math.abs(l - otherLosses[i]), `epoch ${i}`).toBeLessThan(1e-4 * (1 + l)));
      expect(losses[4]).toBeLessThan(losses[0]);
    });
  });
}
