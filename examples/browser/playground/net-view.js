// The network diagram: a column of feature toggles, one column per hidden layer (with
// buttons that add and remove its neurons), the output; each neuron is a button showing
// its own output over the plane, and each weight a curve whose width and colour follow
// its magnitude and sign (hover: its value). Clicking a neuron picks it for the
// "what is happening" panel.
/* global document */
import { FEATURES } from './data.js';
import { COLORS, drawNeuron } from './draw.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_LAYERS = 6, MAX_NEURONS = 8;

function el(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

export class NetView {
  /** `root`: the container; `handlers`: onFeature(id), onNeurons(layer, delta), onSelect(layer, unit). */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.links = [];
    root.addEventListener('click', (event) => {
      const target = event.target.closest('button');
      if (!target || !root.contains(target)) return;
      const { feature, layer, unit, delta } = target.dataset;
      if (feature) handlers.onFeature(feature);
      else if (delta) handlers.onNeurons(Number(layer), Number(delta));
      else if (unit !== undefined) handlers.onSelect(Number(layer), Number(unit));
    });
  }

  /** Rebuilds the columns for `features` (ids switched on) and hidden layer `sizes`. */
  build(features, sizes, selected) {
    this.features = features;
    this.sizes = sizes;
    // The DOM is rebuilt: a focused button gets its focus back (the keyboard stays where it was).
    const active = this.root.contains(document.activeElement) ? { ...document.activeElement.dataset } : null;
    this.root.replaceChildren();
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'pg-links');
    this.svg.setAttribute('aria-hidden', 'true');
    this.root.append(this.svg);
    const nodeSize = this.nodeSize();
    this.root.style.setProperty('--pg-node', `${nodeSize}px`);

    const inputs = el('div', { class: 'pg-col pg-inputs', role: 'group', 'aria-label': 'input features' });
    inputs.append(el('div', { class: 'pg-col-head' }, 'Features'));
    this.featureNodes = FEATURES.map((f) => {
      const on = features.includes(f.id);
      const button = el('button', {
        type: 'button', class: 'pg-node pg-feature', 'data-feature': f.id, 'aria-pressed': String(on),
        'aria-label': `feature ${f.label}`, title: `${f.label}: ${on ? 'on (click to remove)' : 'off (click to add)'}`,
      });
      button.append(el('canvas', { 'aria-hidden': 'true' }), el('span', { class: 'pg-feature-label' }, f.label));
      inputs.append(button);
      return button;
    });
    this.root.append(inputs);

    this.neuronNodes = [];
    [...sizes, 1].forEach((size, l) => {
      const isOutput = l === sizes.length;
      const col = el('div', { class: `pg-col${isOutput ? ' pg-out-col' : ''}`, role: 'group', 'aria-label': isOutput ? 'output' : `hidden layer ${l + 1}` });
      const head = el('div', { class: 'pg-col-head' });
      if (isOutput) head.textContent = 'Output';
      else {
        const plus = el('button', { type: 'button', class: 'pg-mini', 'data-layer': String(l), 'data-delta': '1', 'aria-label': `add a neuron to hidden layer ${l + 1}` }, '+');
        const minus = el('button', { type: 'button', class: 'pg-mini', 'data-layer': String(l), 'data-delta': '-1', 'aria-label': `remove a neuron from hidden layer ${l + 1}` }, '−');
        plus.disabled = size >= MAX_NEURONS;
        minus.disabled = size <= 1;
        head.append(plus, minus, el('span', { class: 'pg-count' }, String(size)));
      }
      col.append(head);
      const nodes = [];
      for (let j = 0; j < size; j++) {
        const name = isOutput ? 'the output neuron' : `neuron ${j + 1} of hidden layer ${l + 1}`;
        const button = el('button', {
          type: 'button', class: 'pg-node pg-neuron', 'data-layer': String(l), 'data-unit': String(j),
          'aria-label': `${name}: show what is happening in it`, 'aria-pressed': String(selected.layer === l && selected.unit === j),
        });
        button.append(el('canvas', { 'aria-hidden': 'true' }));
        col.append(button);
        nodes.push(button);
      }
      this.neuronNodes.push(nodes);
      this.root.append(col);
    });
    this.buildLinks();
    if (active) {
      const match = [...this.root.querySelectorAll('button')].find((b) => Object.entries(active).every(([k, v]) => b.dataset[k] === v));
      (match && !match.disabled ? match : this.root.querySelector('button'))?.focus();
    }
  }

  /** The neuron size that fits every column into the container's width. */
  nodeSize() {
    const columns = 2 + (this.sizes?.length ?? 2);
    const width = this.root.clientWidth || 360;
    return Math.max(20, Math.min(44, Math.floor((width / columns) * 0.6)));
  }

  buildLinks() {
    this.links = [];
    const sources0 = this.featureNodes.filter((_n, i) => this.features.includes(FEATURES[i].id));
    let sources = sources0;
    this.neuronNodes.forEach((targets, l) => {
      targets.forEach((target, j) => {
        sources.forEach((source, k) => {
          // A visible curve, and a wide transparent one over it that catches the pointer: thin curves are hard to hover.
          const group = document.createElementNS(SVG, 'g');
          const title = document.createElementNS(SVG, 'title');
          const path = document.createElementNS(SVG, 'path');
          const hit = document.createElementNS(SVG, 'path');
          path.setAttribute('class', 'pg-link');
          hit.setAttribute('class', 'pg-hit');
          group.append(title, path, hit);
          this.svg.append(group);
          this.links.push({ path, hit, title, source, target, layer: l, unit: j, input: k });
        });
      });
      sources = targets;
    });
    this.placeLinks();
  }

  /** Recomputes the curves' ends from where the neurons are laid out. */
  placeLinks() {
    const box = this.root.getBoundingClientRect();
    this.svg.setAttribute('width', String(this.root.scrollWidth));
    this.svg.setAttribute('height', String(this.root.scrollHeight));
    for (const link of this.links) {
      const b = link.target.querySelector('canvas').getBoundingClientRect();
      const sourceBox = link.source.querySelector('canvas').getBoundingClientRect();
      const x0 = sourceBox.right - box.left, y0 = sourceBox.top + sourceBox.height / 2 - box.top;
      const x1 = b.left - box.left, y1 = b.top + b.height / 2 - box.top;
      const mid = (x0 + x1) / 2;
      const d = `M${x0},${y0} C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
      link.path.setAttribute('d', d);
      link.hit.setAttribute('d', d);
    }
  }

  /** Updates the links from the network's weights and each node's heat map. */
  update(network, gridSize, neuronOutputs, featureValues) {
    const px = this.nodeSize();
    let largest = 1e-6;
    const weights = network.units.map((_u, l) => network.dense(l).weight.value.data);
    for (const w of weights) for (let i = 0; i < w.length; i++) largest = Math.max(largest, Math.abs(w[i]));
    for (const link of this.links) {
      const layer = network.dense(link.layer);
      const w = layer.weight.value.data[link.unit * layer.inFeatures + link.input];
      const t = Math.abs(w) / largest;
      link.path.setAttribute('stroke', w >= 0 ? COLORS.one : COLORS.zero);
      link.path.setAttribute('stroke-width', (0.5 + 5 * t).toFixed(2));
      link.path.setAttribute('stroke-opacity', (0.25 + 0.65 * t).toFixed(2));
      link.title.textContent = `weight ${w.toFixed(4)} (into ${link.layer === network.units.length - 1 ? 'the output' : `neuron ${link.unit + 1} of layer ${link.layer + 1}`})`;
      link.path.dataset.weight = String(w);
    }
    this.featureNodes.forEach((node, i) => {
      drawNeuron(node.querySelector('canvas'), px, gridSize, featureValues[i], 1, 0, 'scaled');
    });
    this.neuronNodes.forEach((nodes, l) => {
      const activation = l === this.neuronNodes.length - 1 ? 'sigmoid' : network.activation;
      nodes.forEach((node, j) => drawNeuron(node.querySelector('canvas'), px, gridSize, neuronOutputs[l], nodes.length, j, activation));
    });
  }

  static get limits() {
    return { layers: MAX_LAYERS, neurons: MAX_NEURONS };
  }
}
