// Types for the parts of ConvNetJS 0.3.0 (https://github.com/karpathy/convnetjs) that the
// benchmark uses; the package ships none.
declare module 'convnetjs' {
  /** A 3-d volume of numbers (sx × sy × depth) and its gradient. */
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }

  export interface LayerOptions {
    in_sx?: number;
    in_sy?: number;
    in_depth?: number;
    out_sx?: number;
    out_sy?: number;
    out_depth?: number;
    num_neurons?: number;
    num_classes?: number;
    bias_pref?: number;
    /** conv and pool: the window's width (and height, unless sy is given). */
    sx?: number;
    sy?: number;
    /** conv: the number of filters. */
    filters?: number;
    stride?: number;
    pad?: number;
  }

  export interface LayerDef extends LayerOptions {
    type: 'input' | 'fc' | 'conv' | 'pool' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'regression' | 'svm' | 'dropout';
    activation?: 'relu' | 'sigmoid' | 'tanh' | 'maxout';
  }

  export interface Layer {
    forward(input: Vol, isTraining: boolean): Vol;
  }

  export class InputLayer implements Layer {
    constructor(options: LayerOptions);
    forward(input: Vol, isTraining: boolean): Vol;
  }
  export class FullyConnLayer implements Layer {
    constructor(options: LayerOptions);
    forward(input: Vol, isTraining: boolean): Vol;
  }
  export class SigmoidLayer implements Layer {
    constructor(options: LayerOptions);
    forward(input: Vol, isTraining: boolean): Vol;
  }
  export class RegressionLayer implements Layer {
    constructor(options: LayerOptions);
    forward(input: Vol, isTraining: boolean): Vol;
  }

  export class Net {
    layers: Layer[];
    makeLayers(defs: LayerDef[]): void;
    forward(input: Vol, isTraining?: boolean): Vol;
    /** The cost layer's loss for target `y` (a class index, or an array for regression). */
    backward(y: number | number[] | Float64Array): number;
  }

  export interface TrainerOptions {
    /** 'sgd' (with momentum), 'adagrad', 'adadelta' or 'windowgrad'; 0.3.0 has no Adam (any other name falls back to SGD). */
    method?: 'sgd' | 'adagrad' | 'adadelta' | 'windowgrad';
    learning_rate?: number;
    batch_size?: number;
    momentum?: number;
    l1_decay?: number;
    l2_decay?: number;
    ro?: number;
    eps?: number;
  }

  export interface TrainResult {
    fwd_time: number;
    bwd_time: number;
    l2_decay_loss: number;
    l1_decay_loss: number;
    cost_loss: number;
    softmax_loss: number;
    loss: number;
  }

  export class Trainer {
    constructor(net: Net, options?: TrainerOptions);
    /** One sample: forward, backward (gradients accumulate), and an update every batch_size samples. */
    train(x: Vol, y: number | number[] | Float64Array): TrainResult;
  }
}
