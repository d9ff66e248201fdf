/**
 * Which model each layer belongs to: a layer joins one model at a time, a model never
 * holds itself, and two models of one family (one inside the other) never train at once.
 */
import { StateError } from '../errors.js';
import { sublayers, type Layer } from '../layers/layer.js';

/** A model as its family sees it: a layer that may be training. */
export interface FamilyMember extends Layer {
  readonly isFitting: boolean;
}

const owners = new WeakMap<Layer, FamilyMember>();

/** Whether `container` holds `target` at any depth. */
function contains(container: Layer, target: Layer): boolean {
  const inner = sublayers(container);
  return !!inner && inner.some((l) => l === target || contains(l, target));
}

/** Whether `layer` holds a model that is fitting, at any depth. */
function holdsFitting(layer: Layer): boolean {
  return (sublayers(layer) ?? []).some((l) => (l as Partial<FamilyMember>).isFitting === true || holdsFitting(l));
}

/** Checks that `layer` may join `model` as its layer `index` (throws a StateError naming why not). */
export function checkJoin(model: FamilyMember, layer: Layer, index: number): void {
  if (layer === model || contains(layer, model)) {
    throw new StateError(`Sequential: layer ${index} (${layer}) is this model or contains it; a model cannot hold itself`);
  }
  const owner = owners.get(layer);
  if (owner && owner !== model) {
    throw new StateError(`Sequential: layer ${index} (${layer}) already belongs to another model; create a new layer instance`);
  }
  if (owner === model) throw new StateError(`Sequential: layer ${layer} is already in this model; create a new layer instance`);
}

/** Records that `layer` belongs to `model` (or, with null, to none again). */
export function setOwner(layer: Layer, model: FamilyMember | null): void {
  if (model) owners.set(layer, model);
  else owners.delete(layer);
}

/** Whether a model that holds `model`, or one inside it, is fitting. */
export function familyFitting(model: FamilyMember): boolean {
  for (let outer = owners.get(model); outer; outer = owners.get(outer)) if (outer.isFitting) return true;
  return holdsFitting(model);
}
