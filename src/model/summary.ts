/**
 * The table `Sequential.summary()` prints: each layer's output shape with the batch
 * axis, its params (W as [out, in]) and buffers, and the totals.
 */
import { formatShape } from '../errors.js';
import type { Layer } from '../layers/layer.js';

/**
 * The summary of `layers`, whose per-sample output shapes are `shapes` (null where the
 * model cannot tell them before data comes).
 */
export function summarize(layers: readonly Layer[], shapes: readonly (readonly number[] | null)[]): string {
  const rows: string[][] = [['Layer', 'Output shape', 'Params', 'Count']];
  let trainable = 0, nonTrainable = 0;
  layers.forEach((layer, i) => {
    const params = layer.params();
    const buffers = layer.buffers?.() ?? [];
    const count = params.reduce((s, p) => s + p.size, 0);
    const frozen = buffers.reduce((s, b) => s + b.value.size, 0);
    trainable += count;
    nonTrainable += frozen;
    const described = [
      ...params.map((p) => `${p.name} ${formatShape(p.value.shape)}`),
      ...buffers.map((b) => `${b.name} ${formatShape(b.value.shape)} (non-trainable)`),
    ];
    const shape = shapes[i];
    rows.push([`${i} ${layer}`, shape ? formatShape([null, ...shape]) : '[batch, ?]', described.join(', ') || '-', String(count + frozen)]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('   ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 3, -3));
  return [
    line(rows[0]),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${trainable + nonTrainable}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${nonTrainable}`,
  ].join('\n');
}
