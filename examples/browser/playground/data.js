// The playground's data: four two-class data sets on the square [-6, 6]², the input
// features computed from a point's coordinates, and the train/test split. Everything is
// drawn from the library's seeded Random, so a seed gives the same points every time.
import { Random, Tensor } from '../../../dist/neurite.browser.js';

/** Half the side of the plotted square: points and the heat maps cover [-EXTENT, EXTENT]². */
export const EXTENT = 6;

/** The data sets, in the order the page offers them. */
export const DATASETS = [
  { id: 'circle', label: 'Circle' },
  { id: 'xor', label: 'XOR' },
  { id: 'gauss', label: 'Two Gaussians' },
  { id: 'spiral', label: 'Spiral' },
];

/** The input features: each maps a point (x₁, x₂) to one input of the network. */
export const FEATURES = [
  { id: 'x1', label: 'x₁', f: (a) => a },
  { id: 'x2', label: 'x₂', f: (_a, b) => b },
  { id: 'x1sq', label: 'x₁²', f: (a) => a * a },
  { id: 'x2sq', label: 'x₂²', f: (_a, b) => b * b },
  { id: 'x1x2', label: 'x₁x₂', f: (a, b) => a * b },
  { id: 'sin1', label: 'sin x₁', f: (a) => Math.sin(a) },
  { id: 'sin2', label: 'sin x₂', f: (_a, b) => Math.sin(b) },
];

const uniform = (random, lo, hi) => lo + (hi - lo) * random.next();

function circle(n, noise, random) {
  const radius = 5, points = [];
  for (let i = 0; i < n; i++) {
    const inside = i < n / 2;
    const r = inside ? uniform(random, 0, radius * 0.5) : uniform(random, radius * 0.7, radius);
    const angle = uniform(random, 0, 2 * Math.PI);
    const x = r * Math.sin(angle) + uniform(random, -radius, radius) * noise;
    const y = r * Math.cos(angle) + uniform(random, -radius, radius) * noise;
    // The label is where the (noisy) point fell: noise blurs the gap between the classes.
    points.push([x, y, Math.hypot(x, y) < radius * 0.5 ? 1 : 0]);
  }
  return points;
}

function xor(n, noise, random) {
  const padding = 0.3, points = [];
  for (let i = 0; i < n; i++) {
    let x = uniform(random, -5, 5), y = uniform(random, -5, 5);
    x += x > 0 ? padding : -padding;
    y += y > 0 ? padding : -padding;
    const nx = x + uniform(random, -5, 5) * noise, ny = y + uniform(random, -5, 5) * noise;
    points.push([x, y, nx * ny >= 0 ? 1 : 0]);
  }
  return points;
}

function gauss(n, noise, random) {
  const std = 0.7 + 2.5 * noise, points = [];
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 1 : 0, c = label ? 2 : -2;
    points.push([random.normal(c, std), random.normal(c, std), label]);
  }
  return points;
}

function spiral(n, noise, random) {
  const half = Math.floor(n / 2), points = [];
  for (const [label, delta] of [[1, 0], [0, Math.PI]]) {
    for (let i = 0; i < half; i++) {
      const r = (i / half) * 5, t = ((1.75 * i) / half) * 2 * Math.PI + delta;
      points.push([r * Math.sin(t) + uniform(random, -1, 1) * noise * 3, r * Math.cos(t) + uniform(random, -1, 1) * noise * 3, label]);
    }
  }
  return points;
}

const generators = { circle, xor, gauss, spiral };

/**
 * Draws `n` points of the data set `name` with `noise` in [0, 0.5], shuffles them and
 * splits them: the first `trainFraction` for training, the rest for testing.
 * Returns `{ train, test }`, each `{ points: Float32Array [x₁, x₂, …], labels: Float32Array }`.
 */
export function makeData(name, { n = 400, noise = 0.1, trainFraction = 0.5, seed = 1 } = {}) {
  const generate = generators[name];
  if (!generate) throw new Error(`playground: unknown data set ${JSON.stringify(name)} (expected ${Object.keys(generators).join(', ')})`);
  const random = new Random(`data-${name}-${seed}`);
  const all = generate(n, noise, random);
  const order = random.shuffle(Int32Array.from(all, (_p, i) => i));
  const cut = Math.max(1, Math.min(all.length - 1, Math.round(all.length * trainFraction)));
  const pick = (indices) => ({
    points: Float32Array.from(indices.flatMap((i) => [all[i][0], all[i][1]])),
    labels: Float32Array.from(indices, (i) => all[i][2]),
  });
  const indices = Array.from(order);
  return { train: pick(indices.slice(0, cut)), test: pick(indices.slice(cut)) };
}

/** The `[points, features]` input tensor of `points` (x₁, x₂ pairs) for the feature ids `features`. */
export function featureTensor(points, features) {
  const fs = features.map((id) => FEATURES.find((f) => f.id === id).f);
  const n = points.length / 2, k = fs.length;
  const data = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = points[2 * i], b = points[2 * i + 1];
    for (let j = 0; j < k; j++) data[i * k + j] = fs[j](a, b);
  }
  return new Tensor(data, [n, k]);
}

/** The centres of a `size` × `size` grid over the square, row 0 at the top (x₂ = EXTENT), as x₁, x₂ pairs. */
export function gridPoints(size) {
  const points = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const k = (row * size + col) * 2;
      points[k] = -EXTENT + ((col + 0.5) / size) * 2 * EXTENT;
      points[k + 1] = EXTENT - ((row + 0.5) / size) * 2 * EXTENT;
    }
  }
  return points;
}
