/** Tanh ↔ Tanh. */
import { Tanh } from '../../layers/tanh.js';
import { elementwise } from './elementwise.js';

export const tanhMapping = elementwise(Tanh, 'Tanh', 'Tanh');
