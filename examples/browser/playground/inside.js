// The "what is happening" panel: one neuron, one point, the four ideas of training
// (forward pass, loss, gradient, step) with the live numbers that Network.inspect reads
// from the library's own forward and backward passes.

const f = (v, digits = 3) => (Number.isFinite(v) ? (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(digits)) : String(v));
const paren = (v) => (v < 0 ? `(${f(v)})` : f(v));

const derivative = {
  tanh: (z, a) => ({ text: "tanh′(z) = 1 − a²", value: 1 - a * a }),
  sigmoid: (z, a) => ({ text: "σ′(z) = a(1 − a)", value: a * (1 - a) }),
  relu: (z) => ({ text: "ReLU′(z) = (z > 0 ? 1 : 0)", value: z > 0 ? 1 : 0 }),
  leakyRelu: (z) => ({ text: "leaky ReLU′(z) = (z > 0 ? 1 : 0.1)", value: z > 0 ? 1 : 0.1 }),
  linear: () => ({ text: "the identity's slope, 1", value: 1 }),
};

const name = { tanh: 'tanh', sigmoid: 'σ', relu: 'ReLU', leakyRelu: 'leakyReLU', linear: 'identity' };

/** Renders `r` (from Network.inspect) into the `<ol>` `list`; `inputNames` labels the neuron's inputs. */
export function renderInside(list, r, { inputNames, learningRate, optimizer, regularization }) {
  const terms = r.w.map((w, i) => `${paren(w)}·${paren(r.a[i])}`).join(' + ');
  const d = derivative[r.activation](r.z, r.output);
  const total = r.gradW.map((g, i) => g + r.penaltyGrad[i]);
  const rows = r.w.map((w, i) => {
    const next = w - learningRate * total[i];
    return `<tr><td>${inputNames[i]}</td><td>${f(r.a[i])}</td><td>${f(w, 4)}</td><td>${f(r.gradW[i], 4)}</td>${regularization !== 'none' ? `<td>${f(r.penaltyGrad[i], 4)}</td>` : ''}<td>${f(next, 4)}</td></tr>`;
  });
  const lossText =
    r.label === 1 ? `L = −ln p = −ln ${f(r.prediction)} = ${f(r.loss)}` : `L = −ln(1 − p) = −ln ${f(1 - r.prediction)} = ${f(r.loss)}`;
  const stepNote =
    optimizer === 'sgd'
      ? 'This is the step plain SGD takes for this point alone (a batch averages such gradients over its points).'
      : `Shown is the plain gradient step; ${optimizer === 'adam' ? 'Adam divides each weight\'s step by a running average of its gradient\'s size' : 'momentum adds a fraction of the previous steps'}, and a batch averages the gradients over its points.`;
  list.innerHTML = `
    <li><strong>Forward pass.</strong> The neuron weighs its inputs a and adds its bias:
      <span class="pg-math">z = w·a + b = ${terms} + ${paren(r.b)} = <b data-value="${r.z}" id="pg-inside-z">${f(r.z)}</b></span>,
      then its activation: <span class="pg-math">${name[r.activation]}(z) = <b id="pg-inside-a">${f(r.output)}</b></span>.</li>
    <li><strong>Loss.</strong> The layers after it turn this into the network's output p = ${f(r.prediction)} for a point of class ${r.label};
      binary cross-entropy: <span class="pg-math">${lossText}</span>.</li>
    <li><strong>Gradient.</strong> The library's backward pass sends ∂L/∂(output) = ${f(r.dOutput, 4)} back to this neuron${r.isOutput ? ' (the loss\'s own derivative, ∂L/∂p)' : ''};
      times <span class="pg-math">${d.text} = ${f(d.value)}</span> gives <span class="pg-math">∂L/∂z = <b id="pg-inside-dz" data-value="${r.dz}">${f(r.dz, 4)}</b></span>,
      and each weight's gradient is <span class="pg-math">∂L/∂wᵢ = ∂L/∂z · aᵢ</span>, the bias's <span class="pg-math">∂L/∂b = ${f(r.gradB, 4)}</span>.</li>
    <li><strong>Step.</strong> Gradient descent moves each weight against its gradient, <span class="pg-math">w ← w − η·∂L/∂w</span> with η = ${learningRate}${regularization !== 'none' ? `, the ${regularization.toUpperCase()} penalty adding its own gradient` : ''}:
      <div class="pg-table-wrap"><table class="pg-table">
        <thead><tr><th scope="col">input</th><th scope="col">a</th><th scope="col">w</th><th scope="col">∂L/∂w</th>${regularization !== 'none' ? '<th scope="col">penalty′</th>' : ''}<th scope="col">w after</th></tr></thead>
        <tbody>${rows.join('')}</tbody>
      </table></div>
      <span class="pg-note">${stepNote}</span></li>`;
}
