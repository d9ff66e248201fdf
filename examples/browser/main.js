// The demo page: each panel sets itself up from its own module.
/* global document */
import { drawActivations } from './activations.js';
import { setupDigits } from './digits.js';
import { setupXor } from './xor.js';
import { getBackendInfo } from '../../dist/neurite.browser.js';

setupXor();
drawActivations(document.getElementById('activation-plots'));
setupDigits();

// Which kernels this page runs on: WebAssembly threads need a cross-origin isolated page
// (the demo server sends COOP/COEP); elsewhere the reason says why there is one thread.
const info = getBackendInfo();
const kernels = document.getElementById('backend-info');
kernels.textContent = `${info.backend}${info.simd ? ' (SIMD)' : ''}, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.reason ? `: ${info.reason}` : ''}`;
kernels.dataset.threads = String(info.threads);
