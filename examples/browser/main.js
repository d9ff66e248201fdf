// The demo page: each panel sets itself up from its own module.
/* global document */
import { drawActivations } from './activations.js';
import { setupDigits } from './digits.js';
import { setupXor } from './xor.js';

setupXor();
drawActivations(document.getElementById('activation-plots'));
setupDigits();
