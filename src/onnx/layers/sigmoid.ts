/** Sigmoid ↔ Sigmoid. */
import { Sigmoid } from '../../layers/sigmoid.js';
import { elementwise } from './elementwise.js';

export const sigmoidMapping = elementwise(Sigmoid, 'Sigmoid', 'Sigmoid');
