import { describe, expect, it } from 'vitest';
import { Dense, Param, Sequential, Sigmoid, Tanh, Tensor, type Layer, type LayerBuffer } from '../../src/index.js';

/** A stand-in for a layer with buffers (like BatchNorm): one trainable scale, one running mean. */
class Normalise implements Layer {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly scale: Param;
  readonly runningMean: LayerBuffer;
  constructor(features: number) {
    this.inFeatures = this.outFeatures = features;
    this.scale = new Param('scale', Tensor.ones([features]));
    this.runningMean = { name: 'runningMean', value: Tensor.zeros([features]) };
  }
  forward(input: Tensor): Tensor {
    return input;
  }
  backward(gradOutput: Tensor): Tensor {
    return gradOutput;
  }
  params(): Param[] {
    return [this.scale];
  }
  buffers(): LayerBuffer[] {
    return [this.runningMean];
  }
  toString(): string {
    return `Normalise(${this.inFeatures})`;
  }
}

describe('summary', () => {
  // The XOR net: Dense(2 → 4) has W [4, 2] and b [4]: 8 + 4 = 12 params;
  // Dense(4 → 1) has W [1, 4] and b [1]: 4 + 1 = 5. Total 12 + 5 = 17.
  const xor = () => new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });

  it('lists every layer with its output shape, params and count', () => {
    const text = xor().summary();
    for (const part of ['0 Dense(2 → 4)', '1 Tanh', '2 Dense(4 → 1)', '3 Sigmoid', '[batch, 4]', '[batch, 1]', 'weight [4, 2], bias [4]', 'weight [1, 4], bias [1]']) {
      expect(text).toContain(part);
    }
    expect(text).toContain('Total params: 17');
    expect(text).toContain('Trainable params: 17');
    expect(text).toContain('Non-trainable params: 0');
  });

  it('puts each layer on its own row, counts right-aligned', () => {
    const rows = xor().summary().split('\n');
    expect(rows[0]).toMatch(/^Layer\s+Output shape\s+Params\s+Count$/);
    expect(rows[1]).toMatch(/^─+$/);
    expect(rows[2]).toMatch(/^0 Dense\(2 → 4\)\s+\[batch, 4\]\s+weight \[4, 2\], bias \[4\]\s+12$/);
    expect(rows[3]).toMatch(/^1 Tanh\s+\[batch, 4\]\s+-\s+0$/);
    expect(rows[4]).toMatch(/^2 Dense\(4 → 1\)\s+\[batch, 1\]\s+weight \[1, 4\], bias \[1\]\s+5$/);
    expect(rows[5]).toMatch(/^3 Sigmoid\s+\[batch, 1\]\s+-\s+0$/);
    expect(rows[6]).toBe(rows[1]);
    // The counts end in the same column.
    expect(new Set(rows.slice(2, 6).map((r) => r.length)).size).toBe(1);
    expect(rows.slice(7)).toEqual(['Total params: 17', 'Trainable params: 17', 'Non-trainable params: 0']);
  });

  it('counts buffers as non-trainable', () => {
    // Dense(3 → 4): 12 + 4 = 16; Normalise(4): scale 4 trainable, runningMean 4 not.
    const text = new Sequential([new Dense(3, 4), new Normalise(4)]).summary();
    expect(text).toContain('scale [4], runningMean [4] (non-trainable)');
    expect(text).toContain('Total params: 24');
    expect(text).toContain('Trainable params: 20');
    expect(text).toContain('Non-trainable params: 4');
  });

  it('shows an unknown feature count as ?', () => {
    expect(new Sequential([new Tanh()]).summary()).toContain('0 Tanh   [batch, ?]');
  });
});
