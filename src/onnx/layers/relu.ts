/** ReLU ↔ Relu. */
import { ReLU } from '../../layers/relu.js';
import { elementwise } from './elementwise.js';

export const reluMapping = elementwise(ReLU, 'Relu', 'ReLU (Relu)');
