/** Keras's L1L2, L1 and L2 kernel regularizers ↔ a layer's `weightRegularizer` (Dense, Conv2D). */
import { l1l2, type Regularizer } from '../../regularizers.js';
import { asObject, field } from '../format.js';
import type { LayerReader } from '../mapping.js';

/** `{ class_name: 'L2', config: { l2: 0.01 } }` (or L1, L1L2) in config `key` as a neurite Regularizer; undefined when absent or zero. */
export function readRegularizer(reader: LayerReader, key: string): Regularizer | undefined {
  const value = reader.value(key);
  if (value === undefined) return undefined;
  const object = asObject(value);
  const className = object && field(object, 'class_name');
  const config = (object && asObject(field(object, 'config'))) ?? {};
  if (className !== 'L1L2' && className !== 'L1' && className !== 'L2') {
    reader.fail(`${key} ${JSON.stringify(value)} is not supported; neurite reads L1L2, L1 and L2 regularizers`);
  }
  const factor = (name: string): number => {
    const v = field(config, name) ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) reader.fail(`expected ${key}.config.${name} to be a number ≥ 0, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const l1 = className === 'L2' ? 0 : factor('l1'), l2 = className === 'L1' ? 0 : factor('l2');
  return l1 === 0 && l2 === 0 ? undefined : l1l2({ l1, l2 });
}

/** A neurite Regularizer as Keras's `kernel_regularizer` config, or nothing. */
export function writeRegularizer(regularizer: Regularizer | null): { kernel_regularizer?: unknown } {
  return regularizer ? { kernel_regularizer: { class_name: 'L1L2', config: { l1: regularizer.l1, l2: regularizer.l2 } } } : {};
}
