// The convnet workload in the report: one MNIST epoch of the convnet per library, the GFLOP/s of
// neurite's two conv layers, their targets, tables and notes.
import { mnistEpochImages, type Plan } from './plan.js';
import { cell, fmtBytes, fmtRatio, fmtSeconds, num, ratio, summarize, table, thousands, type Summary } from './stats.js';
import { libraryNames, type ConvLayersResult, type ConvnetResult, type LibraryId } from './types.js';

/** One child's outcome (as report.ts has it). */
interface Outcome<R> {
  lib: LibraryId | 'baseline';
  round: number;
  result?: R;
  maxRssBytes?: number;
  error?: string;
}

interface Target {
  name: string;
  value: string;
  holds: boolean | null;
  detail: string;
}

export interface ConvnetReport {
  rows: {
    lib: LibraryId;
    imagesTimed: number;
    extrapolated: boolean;
    /** Seconds per 60,000-image epoch (scaled from `imagesTimed` when extrapolated). */
    epochSeconds: Summary | null;
    /** The library's epoch divided by neurite's. */
    ratio: number | null;
    loss: number | null;
    peakRssBytes: number | null;
    /** Why the library cannot train the network, in its own words. */
    unsupported: string | null;
  }[];
  layers: { backend: string; layer: string; description: string; pass: string; gflops: Summary | null }[];
}

const network = 'Conv2D(1→32, 3×3) ReLU MaxPool2D(2) Conv2D(32→64, 3×3) ReLU MaxPool2D(2) Flatten Dense(1600→128) ReLU Dense(128→10)';

function peakRss(outcomes: readonly Outcome<unknown>[], lib: LibraryId): number | null {
  const values = outcomes.filter((o) => o.lib === lib && o.maxRssBytes !== undefined).map((o) => o.maxRssBytes!);
  return values.length === 0 ? null : Math.max(...values);
}

export function summarizeConvnet(
  outcomes: readonly Outcome<ConvnetResult>[],
  layerOutcomes: readonly Outcome<ConvLayersResult>[],
  libs: readonly LibraryId[],
  plan: Plan,
): ConvnetReport {
  const results = (lib: LibraryId) => outcomes.filter((o) => o.lib === lib && o.result).map((o) => o.result!);
  const epochs = (lib: LibraryId) => results(lib).filter((r) => !r.unsupported).map((r) => (r.seconds * mnistEpochImages) / r.images);
  const reference = summarize(epochs('neurite'));
  const rows = libs.map((lib) => {
    const epochSeconds = summarize(epochs(lib));
    const imagesTimed = plan.convnet.images(lib);
    return {
      lib,
      imagesTimed,
      extrapolated: imagesTimed !== mnistEpochImages,
      epochSeconds,
      ratio: ratio(epochSeconds?.median, reference?.median),
      loss: summarize(results(lib).filter((r) => !r.unsupported).map((r) => r.loss))?.median ?? null,
      peakRssBytes: peakRss(outcomes, lib),
      unsupported: results(lib).find((r) => r.unsupported)?.unsupported ?? null,
    };
  });
  const layers = layerOutcomes.flatMap((o) =>
    (o.result?.results ?? []).map((r) => ({ backend: o.result!.backend, layer: r.layer, description: r.description, pass: r.pass, gflops: summarize(r.gflops) })),
  );
  return { rows, layers };
}

export function convnetTargets(report: ConvnetReport): Target[] {
  const list: Target[] = [];
  const neurite = report.rows.find((r) => r.lib === 'neurite');
  const convnetjs = report.rows.find((r) => r.lib === 'convnetjs');
  for (const limit of [0.05, 0.02]) {
    const share = ratio(neurite?.epochSeconds?.median, convnetjs?.epochSeconds?.median);
    list.push({
      name: `convnet epoch ≤ ${limit}× ConvNetJS${limit === 0.02 ? ' (the aim)' : ''}`,
      value: fmtRatio(share),
      holds: share === null ? null : share <= limit,
      detail:
        share === null
          ? 'not measured'
          : `neurite ${fmtSeconds(neurite!.epochSeconds!.median)} vs ConvNetJS ${fmtSeconds(convnetjs!.epochSeconds!.median)} (extrapolated from ${thousands(convnetjs!.imagesTimed)} images)`,
    });
  }
  for (const r of report.layers.filter((l) => l.backend === 'wasm' && l.pass !== 'backwardParams')) {
    const median = r.gflops?.median ?? null;
    list.push({
      name: `${r.layer} ${r.pass} ≥ 20 GFLOP/s`,
      value: median === null ? '–' : `${num(median)} GFLOP/s`,
      holds: median === null ? null : median >= 20,
      detail: median === null ? 'not measured' : `${r.description}; median ${num(median)} (min ${num(r.gflops!.min)})`,
    });
  }
  return list;
}

export function convnetNotes(plan: Plan): string[] {
  return [
    `Convnet: ${network}, on the real MNIST images as [n, 28, 28, 1], softmax cross-entropy on logits, batch ${plan.convnet.batchSize}, shuffled; ` +
      `neurite and TensorFlow.js with Adam ${plan.convnet.learningRate}, ConvNetJS with adadelta (it has no Adam). ConvNetJS (≈ 50 ms an image) and ` +
      'tfjs-cpu (over 1 s an image) would take an hour and a day for an epoch, so they train a few batches after a short warm-up and their time is scaled ' +
      'to 60,000 images (the cost per image is constant); such rows say "extrapolated". "× neurite" divides the row\'s epoch by neurite\'s.',
    `Conv layers: neurite's two conv layers of that network at batch ${plan.convnet.layerBatch} (conv1 on 28 × 28 × 1 images, conv2 on 13 × 13 × 32), each pass timed whole ` +
      '(the input copied, the patches made, the products, the bias, col2im), 2·M·K·O flops per product (M output pixels, K = 3·3·in, O filters): one forward, ' +
      'two backward (the weights\' and the input\'s gradients), one for backwardParams, which is what fit runs for the first layer.',
  ];
}

export function convnetMarkdown(report: ConvnetReport): string[] {
  const out: string[] = [];
  out.push('## One MNIST epoch of a convnet (seconds per 60,000 images, lower is better)', '', `${network}.`, '');
  const rows = report.rows.map((r) =>
    r.unsupported
      ? [libraryNames[r.lib], 'cannot train this network', `–`, '–', '–', '–', `\`${r.unsupported}\``]
      : [
          libraryNames[r.lib],
          r.extrapolated ? `${thousands(r.imagesTimed)} images, extrapolated to 60,000` : `${thousands(r.imagesTimed)} images`,
          cell(r.epochSeconds, fmtSeconds),
          fmtRatio(r.ratio),
          r.loss === null ? '–' : num(r.loss),
          r.peakRssBytes === null ? '–' : fmtBytes(r.peakRssBytes),
          '',
        ],
  );
  out.push(table(['library', 'timed on', 'epoch', '× neurite', 'loss', 'peak RSS', 'note'], rows, ['l', 'l', 'r', 'r', 'r', 'r', 'l']), '');
  if (report.layers.length > 0) {
    out.push('## neurite\'s conv layers (GFLOP/s, higher is better)', '');
    const layerRows = report.layers.map((l) => [`${l.layer}: ${l.description}`, l.backend, l.pass, cell(l.gflops, num)]);
    out.push(table(['layer', 'kernels', 'pass', 'GFLOP/s'], layerRows, ['l', 'l', 'l', 'r']), '');
  }
  return out;
}
