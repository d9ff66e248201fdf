// The demo page: each panel sets itself up from its own module.
/* global document */
import { drawActivations } from './activations.js';
import { setupDigits } from './digits.js';
import { setupMnist } from './mnist/panel.js';
import { setupXor } from './xor.js';
import { getBackendInfo } from '../../dist/neurite.browser.js';
import { setThreads } from '../../dist/threads.browser.js';

setupXor();
drawActivations(document.getElementById('activation-plots'));
// The pad can use the model the MNIST section trains, once it has loaded its own.
const useTrainedModel = setupDigits();
setupMnist({ onModel: (json, description) => useTrainedModel.then((use) => use(json, description)) });

// Which kernels this page runs on. Threads are opt-in (neurite/threads) and need a
// cross-origin isolated page (the demo server sends COOP/COEP); elsewhere the reason says
// why there is one thread. (The MNIST worker turns them on for its own training too.)
setThreads();
const info = getBackendInfo();
const kernels = document.getElementById('backend-info');
kernels.textContent = `${info.backend}${info.simd ? ' (SIMD)' : ''}, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.reason ? `: ${info.reason}` : ''}`;
kernels.dataset.threads = String(info.threads);
