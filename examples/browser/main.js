// The demo page: each panel sets itself up from its own module.
/* global document */
import { drawActivations } from './activations.js';
import { setupDigits } from './digits.js';
import { setupMnist } from './mnist/panel.js';
import { setupXor } from './xor.js';

setupXor();
drawActivations(document.getElementById('activation-plots'));
// The pad can use the model the MNIST section trains, once it has loaded its own.
const useTrainedModel = setupDigits();
setupMnist({ onModel: (json, description) => useTrainedModel.then((use) => use(json, description)) });
