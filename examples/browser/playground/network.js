// The playground's network: a Sequential of Dense + activation pairs ending in one
// sigmoid unit, trained with binary cross-entropy. This module builds it, trains it one
// epoch at a time, reads every neuron's output, and takes a single point through the
// library's own forward and backward passes for the "what is happening" panel.
import { Adam, Dense, LeakyReLU, ReLU, SGD, Sequential, Sigmoid, Tanh, Tensor, l1, l2 } from '../../../dist/neurite.browser.js';

export const ACTIVATIONS = {
  tanh: { label: 'tanh', make: () => new Tanh() },
  relu: { label: 'ReLU', make: () => new ReLU() },
  leakyRelu: { label: 'leaky ReLU (α = 0.1)', make: () => new LeakyReLU({ alpha: 0.1 }) },
  sigmoid: { label: 'sigmoid', make: () => new Sigmoid() },
  linear: { label: 'linear (none)', make: () => null },
};

export const OPTIMIZERS = {
  sgd: { label: 'SGD', make: (learningRate) => new SGD({ learningRate }) },
  momentum: { label: 'SGD + momentum 0.9', make: (learningRate) => new SGD({ learningRate, momentum: 0.9 }) },
  adam: { label: 'Adam', make: (learningRate) => new Adam({ learningRate }) },
};

/** The regularizer for `kind` ('none', 'l1', 'l2') at `rate`, or null. */
export function regularizer(kind, rate) {
  if (kind === 'l1') return l1(rate);
  if (kind === 'l2') return l2(rate);
  return null;
}

/**
 * A network for `inputs` features with hidden layers of `layers` neurons.
 * `settings` is read live: its `learningRate` feeds the optimizer through a schedule,
 * so a new rate takes effect on the next step without a rebuild.
 * `weights`, when given, are the weights of an identical network to start from.
 */
export class Network {
  constructor({ inputs, layers, activation, regularization, regRate, seed, optimizer }, settings, weights = null) {
    this.inputs = inputs;
    this.sizes = [...layers];
    this.activation = activation;
    const reg = regularizer(regularization, regRate);
    const options = reg ? { weightRegularizer: reg } : {};
    const list = [];
    /** Per layer of neurons (the hidden ones, then the output): the indices of its Dense and of its output. */
    this.units = [];
    let fan = inputs;
    for (const size of [...layers, 1]) {
      const isOutput = this.units.length === layers.length;
      list.push(new Dense(fan, size, options));
      const dense = list.length - 1;
      const act = isOutput ? new Sigmoid() : ACTIVATIONS[activation].make();
      if (act) list.push(act);
      this.units.push({ dense, out: list.length - 1, size, act: act ? list.length - 1 : null });
      fan = size;
    }
    this.model = new Sequential(list, { seed });
    if (weights) this.model.setWeights(weights);
    this.setOptimizer(optimizer, settings);
  }

  /** Compiles with a fresh optimizer `name`; the weights stay. */
  setOptimizer(name, settings) {
    this.optimizerName = name;
    this.model.compile({ optimizer: OPTIMIZERS[name].make(() => settings.learningRate), loss: 'binaryCrossentropy' });
  }

  /** The Dense layer feeding neuron layer `l`. */
  dense(l) {
    return this.model.layers[this.units[l].dense];
  }

  /** Every Dense weight (not the biases), flattened. */
  allWeights() {
    return this.units.flatMap((u) => Array.from(this.model.layers[u.dense].weight.value.data));
  }

  /** One epoch of minibatch training; resolves with the epoch's mean training loss (penalty included). */
  async epoch(x, y, batchSize) {
    const history = await this.model.fit(x, y, { epochs: 1, batchSize: Math.min(batchSize, x.shape[0]), shuffle: true });
    return history.history.loss[0];
  }

  /** The binary cross-entropy on `x`, `y`, without the regularization penalty. */
  dataLoss(x, y) {
    return this.model.evaluate(x, y, { batchSize: 1024 }).loss - this.model.penalty();
  }

  /**
   * Runs `x` forward and returns, per neuron layer, its outputs copied out:
   * `outputs[l][point * size + unit]` (the last layer is the network's prediction).
   */
  layerOutputs(x) {
    this.model.forward(x, false);
    return this.units.map((u) => Float32Array.from(this.model.layerOutput(u.out).data));
  }

  /**
   * Counts, over the hidden neurons, the dead ones (output exactly 0 on every point of
   * `outputs`, which ReLU gives when z < 0 everywhere) and the saturated ones (tanh/sigmoid
   * output within 1% of its limits on at least 90% of the points).
   */
  neuronHealth(outputs) {
    let dead = 0, saturated = 0, total = 0;
    const [lo, hi] = this.activation === 'sigmoid' ? [0.01, 0.99] : [-0.99, 0.99];
    for (let l = 0; l < this.units.length - 1; l++) {
      const size = this.units[l].size, out = outputs[l], n = out.length / size;
      for (let j = 0; j < size; j++) {
        let zero = 0, flat = 0;
        for (let i = 0; i < n; i++) {
          const v = out[i * size + j];
          if (v === 0) zero++;
          if (v <= lo || v >= hi) flat++;
        }
        total++;
        if (zero === n) dead++;
        else if ((this.activation === 'tanh' || this.activation === 'sigmoid') && flat >= 0.9 * n) saturated++;
      }
    }
    return { dead, saturated, total };
  }

  /**
   * Takes one point (`features`, its `label`) through the model's forward pass, the
   * loss, and the library's backward pass, and returns the live numbers of neuron
   * `unit` of neuron layer `l`: its inputs a, weights w, bias b, z, activation, the
   * loss, dL/dz and the gradients of its weights and bias (from the layers' own backward).
   */
  inspect(l, unit, features, label) {
    const model = this.model;
    const x = new Tensor(Float32Array.from(features), [1, features.length]);
    const prediction = model.forward(x, false);
    const p = prediction.data[0];
    const loss = model.loss;
    const value = loss.forward(prediction, new Tensor(Float32Array.of(label), [1, 1]));
    const params = model.params();
    for (const param of params) param.zeroGrad();
    const lossGradient = loss.backward();
    const dp = lossGradient.data[0];
    model.backward(lossGradient);
    const { dense: di, out, act } = this.units[l];
    const dense = model.layers[di];
    const a = Array.from(di === 0 ? x.data : model.layerOutput(di - 1).data);
    const n = dense.inFeatures;
    const w = Array.from(dense.weight.value.data.subarray(unit * n, unit * n + n));
    const gradW = Array.from(dense.weight.grad.data.subarray(unit * n, unit * n + n));
    const reg = dense.weightRegularizer;
    const penaltyGrad = w.map((v) => (reg ? (v > 0 ? reg.l1 : v < 0 ? -reg.l1 : 0) + 2 * reg.l2 * v : 0));
    const result = {
      a,
      w,
      b: dense.bias.value.data[unit],
      z: model.layerOutput(di).data[unit],
      output: model.layerOutput(out).data[unit],
      prediction: p,
      label,
      loss: value,
      // dL/d(output) is the gradient arriving at the next layer's input; dL/dz the one at the activation's input.
      dOutput: out + 1 < model.layers.length ? model.layerInputGradient(out + 1).data[unit] : dp,
      isOutput: l === this.units.length - 1,
      dz: model.layerInputGradient(act === null ? out + 1 : act).data[unit],
      gradW,
      penaltyGrad,
      gradB: dense.bias.grad.data[unit],
      activation: l === this.units.length - 1 ? 'sigmoid' : this.activation,
    };
    for (const param of params) param.zeroGrad();
    return result;
  }
}
