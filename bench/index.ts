// neurite's benchmark: neurite side by side with TensorFlow.js (cpu and wasm backends),
// ConvNetJS and brain.js, each library's workload in its own child process.
//
//   npm run bench                      everything (several minutes); writes bench/results/latest.{md,json}
//   npm run bench -- --quick           a quicker subset (MNIST on 12,800 images, extrapolated)
//   npm run bench -- --smoke           tiny sizes, one repetition, a few seconds (CI: npm run bench:smoke)
//   npm run bench -- --only matmul     one workload (matmul, mnist, convnet, xor, alloc; comma-separated for several)
//   npm run bench -- --libs neurite,tfjs-wasm   some libraries only
//   npm run bench -- --rounds 5        rounds per workload (default 3 in full mode)
//   npm run bench -- --out name        write bench/results/name.{md,json}
//   npm run bench -- --verbose         show the children's own output
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilities, makePlan, workloads, type Mode, type Plan, type Workload } from './plan.js';
import { buildReport, toMarkdown, type Collected, type LibraryStatus, type Meta, type Outcome } from './report.js';
import { fmtBytes, fmtSeconds, num } from './stats.js';
import {
  libraryIds,
  type AllocResult,
  type ConvLayersResult,
  type ConvnetResult,
  type LibraryId,
  type MatmulResult,
  type MnistResult,
  type Task,
  type TaskOutcome,
  type TaskResult,
  type WorkerMessage,
  type XorResult,
} from './types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const requireFrom = createRequire(import.meta.url);

interface Options {
  mode: Mode;
  only: Workload[];
  libs: LibraryId[] | null;
  rounds: number | null;
  out: string | null;
  verbose: boolean;
}

function usage(): never {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { mode: 'full', only: [...workloads], libs: null, rounds: null, out: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg}: expected a value`);
      return v;
    };
    if (arg === '--quick') options.mode = 'quick';
    else if (arg === '--smoke') options.mode = 'smoke';
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help' || arg === '-h') usage();
    else if (arg === '--only') {
      const list = value().split(',');
      for (const w of list) if (!(workloads as readonly string[]).includes(w)) throw new Error(`--only: expected one of ${workloads.join(', ')}, got ${JSON.stringify(w)}`);
      options.only = list as Workload[];
    } else if (arg === '--libs') {
      const list = value().split(',');
      for (const l of list) if (!(libraryIds as readonly string[]).includes(l)) throw new Error(`--libs: expected some of ${libraryIds.join(', ')}, got ${JSON.stringify(l)}`);
      options.libs = list as LibraryId[];
    } else if (arg === '--rounds') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds: expected a positive integer`);
      options.rounds = n;
    } else if (arg === '--out') {
      options.out = value();
    } else throw new Error(`unknown option ${JSON.stringify(arg)} (try --help)`);
  }
  return options;
}

/** The npm packages each library needs. */
const packages: Record<LibraryId, string[]> = {
  neurite: [],
  'neurite-js': [],
  'tfjs-cpu': ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'],
  'tfjs-wasm': ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm'],
  convnetjs: ['convnetjs'],
  'brain.js': ['brain.js'],
};

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(requireFrom.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

function libraryStatus(id: LibraryId): LibraryStatus {
  if (id === 'neurite' || id === 'neurite-js') {
    const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    return { id, installed: true, version: `${own.version} (this checkout)` };
  }
  const missing = packages[id].filter((p) => {
    try {
      requireFrom.resolve(`${p}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) return { id, installed: false, version: null, reason: `missing ${missing.join(', ')} (npm install)` };
  return { id, installed: true, version: packageVersion(packages[id][0]) };
}

// ---------------------------------------------------------------- children

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join('\n');
}

interface ChildResult {
  outcomes: TaskOutcome[];
  maxRssBytes?: number;
}

/** Runs `tasks` in one child; a child that dies fails every task it had. */
function runChild(tasks: Task[], nodeFlags: string[], verbose: boolean, timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = fork(workerPath, [JSON.stringify(tasks)], {
      cwd: root,
      execArgv: ['--import', 'tsx', ...nodeFlags],
      silent: true,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      if (verbose) process.stderr.write(chunk);
      output = (output + chunk.toString()).slice(-20000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let message: WorkerMessage | null = null;
    child.on('message', (m) => {
      message = m as WorkerMessage;
    });
    const timer = setTimeout(() => {
      output += `\n(killed after ${Math.round(timeoutMs / 1000)} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const m = message as WorkerMessage | null;
      if (m) {
        const outcomes = m.outcomes.map((o): TaskOutcome => (o.ok ? o : { ok: false, error: `${o.error}\n${lastLines(output, 20)}` }));
        resolve({ outcomes, maxRssBytes: m.maxRssBytes });
      } else {
        const error = `the child exited with ${signal ?? `code ${code}`} before reporting\n${lastLines(output, 20)}`;
        resolve({ outcomes: tasks.map(() => ({ ok: false, error })) });
      }
    });
  });
}

/** Rotates `list` by `round` places: each library runs first in some round. */
function rotate<T>(list: readonly T[], round: number): T[] {
  const k = list.length === 0 ? 0 : round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

interface Step {
  task: Task;
  round: number;
  label: string;
  done: (outcome: Outcome<TaskResult>) => void;
}

/** Steps that share one child process. */
interface Job {
  steps: Step[];
  flags: string[];
}

async function runJobs(jobs: Job[], concurrency: number, verbose: boolean, timeoutMs: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t0 = performance.now();
      const child = await runChild(
        job.steps.map((s) => s.task),
        job.flags,
        verbose,
        timeoutMs,
      );
      const wall = (performance.now() - t0) / 1000;
      job.steps.forEach((step, i) => {
        const o = child.outcomes[i];
        step.done({
          lib: step.task.lib,
          round: step.round,
          ...(o.ok ? { result: o.result, info: o.info, maxRssBytes: child.maxRssBytes } : { error: o.error }),
        });
        const status = o.ok ? describeResult(o.result) : `FAILED: ${o.error.split('\n')[0].slice(0, 200)}`;
        console.log(`  ${step.label} · ${status}`);
      });
      const rss = child.maxRssBytes === undefined ? '' : `peak RSS ${fmtBytes(child.maxRssBytes)}, `;
      console.log(`    (${rss}${num(wall)} s wall)`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}

/**
 * Timed modes: one child per step. Smoke mode: one child per library (and its own for the
 * allocation probe, which needs --expose-gc), since only the start-up time matters there.
 */
function groupJobs(steps: Step[], grouped: boolean): Job[] {
  const flagsOf = (s: Step): string[] => (s.task.kind === 'alloc' ? ['--expose-gc'] : []);
  if (!grouped) return steps.map((s) => ({ steps: [s], flags: flagsOf(s) }));
  const jobs = new Map<string, Job>();
  for (const s of steps) {
    const key = `${s.task.lib}${s.task.kind === 'alloc' ? ':alloc' : ''}`;
    const job = jobs.get(key) ?? { steps: [], flags: flagsOf(s) };
    job.steps.push(s);
    jobs.set(key, job);
  }
  return [...jobs.values()];
}

function describeResult(result: TaskResult): string {
  switch (result.kind) {
    case 'matmul': {
      const first = result.results[0];
      return `${result.results.length} products, first ${first ? `${num(first.gflops[0])} GFLOP/s` : '–'}`;
    }
    case 'mnist':
      return `${fmtSeconds(result.seconds)} for ${result.images} images, loss ${num(result.loss)}`;
    case 'xor':
      return result.runs.map((r) => `${num(r.ms)} ms/${r.epochs} epochs`).join(', ');
    case 'alloc':
      return result.probes.map((p) => `${p.label}: heap ${fmtBytes(p.heapGrowthBytes)}, ${p.gc.minor} minor GCs`).join('; ');
    case 'baseline':
      return 'loadMnist() only';
    case 'convnet':
      return result.unsupported ? `cannot train it: ${result.unsupported}` : `${fmtSeconds(result.seconds)} for ${result.images} images, loss ${num(result.loss)}`;
    case 'convLayers':
      return result.results.map((r) => `${r.layer} ${r.pass} ${num(r.gflops[0])}`).join(', ') + ' GFLOP/s';
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAverageAtStart = os.loadavg();
  const revisionAtStart = revision();
  const plan: Plan = makePlan(options.mode);
  if (options.rounds !== null) {
    plan.matmul.rounds = plan.mnist.rounds = plan.convnet.rounds = plan.xor.rounds = options.rounds;
  }
  const libraries = libraryIds.map(libraryStatus);
  const active = libraries.filter((l) => l.installed && (options.libs === null || options.libs.includes(l.id))).map((l) => l.id);
  const timeoutMs = options.mode === 'smoke' ? 120_000 : 30 * 60_000;

  console.log(`neurite benchmark, ${options.mode} mode: ${options.only.join(', ')} with ${active.join(', ')}`);
  for (const l of libraries.filter((l) => !l.installed)) console.log(`  (${l.id} left out: ${l.reason})`);

  const collected: Collected = { libraries, active, workloads: options.only, matmul: [], mnist: [], convnet: [], convLayers: [], baseline: null, xor: [], alloc: null };
  const able = (w: Workload): LibraryId[] => active.filter((l) => capabilities[l].includes(w));
  const steps: Step[] = [];

  if (options.only.includes('matmul')) {
    const { rounds, ...spec } = plan.matmul;
    for (let round = 0; round < rounds; round++) {
      for (const lib of rotate(able('matmul'), round)) {
        steps.push({
          task: { kind: 'matmul', lib, ...spec },
          round,
          label: `matmul round ${round + 1}/${rounds} ${lib}`,
          done: (o) => collected.matmul.push(o as Outcome<MatmulResult>),
        });
      }
    }
  }
  if (options.only.includes('mnist')) {
    if (options.mode !== 'smoke') {
      steps.push({
      task: { kind: 'baseline', lib: 'baseline' },
      round: 0,
        label: 'MNIST baseline (loadMnist only)',
        done: (o) => (collected.baseline = o),
      });
    }
    for (const arch of plan.mnist.archs) {
      const entry = { arch, outcomes: [] as Outcome<MnistResult>[] };
      collected.mnist.push(entry);
      for (let round = 0; round < plan.mnist.rounds; round++) {
        for (const lib of rotate(able('mnist'), round)) {
          steps.push({
            task: {
              kind: 'mnist',
              lib,
              hidden: arch.hidden,
              images: plan.mnist.images(lib, arch),
              warmupImages: plan.mnist.warmupImages(lib),
              batchSize: plan.mnist.batchSize,
              learningRate: plan.mnist.learningRate,
              seed: 1 + round,
            },
            round,
            label: `MNIST ${arch.name} round ${round + 1}/${plan.mnist.rounds} ${lib}`,
            done: (o) => entry.outcomes.push(o as Outcome<MnistResult>),
          });
        }
      }
    }
  }
  if (options.only.includes('convnet')) {
    const { rounds, images, warmupImages, batchSize, learningRate, layerSamples, layerBatch } = plan.convnet;
    for (const lib of able('convnet').filter((l) => l === 'neurite' || l === 'neurite-js')) {
      steps.push({
        task: { kind: 'convLayers', lib, batchSize: layerBatch, samples: layerSamples },
        round: 0,
        label: `conv layers, GFLOP/s, ${lib}`,
        done: (o) => collected.convLayers.push(o as Outcome<ConvLayersResult>),
      });
    }
    for (let round = 0; round < rounds; round++) {
      for (const lib of rotate(able('convnet'), round)) {
        steps.push({
          task: { kind: 'convnet', lib, images: images(lib), warmupImages: warmupImages(lib), batchSize, learningRate, seed: 1 + round },
          round,
          label: `convnet round ${round + 1}/${rounds} ${lib}`,
          done: (o) => collected.convnet.push(o as Outcome<ConvnetResult>),
        });
      }
    }
  }
  if (options.only.includes('xor')) {
    for (let round = 0; round < plan.xor.rounds; round++) {
      for (const lib of rotate(able('xor'), round)) {
        steps.push({
          task: { kind: 'xor', lib, runs: plan.xor.runs, maxEpochs: plan.xor.maxEpochs, seed: 1 + round * plan.xor.runs },
          round,
          label: `XOR round ${round + 1}/${plan.xor.rounds} ${lib}`,
          done: (o) => collected.xor.push(o as Outcome<XorResult>),
        });
      }
    }
  }
  if (options.only.includes('alloc') && active.includes('neurite')) {
    steps.push({
      task: { kind: 'alloc', lib: 'neurite', ...plan.alloc },
      round: 0,
      label: 'steady-state allocation (neurite, --expose-gc)',
      done: (o) => (collected.alloc = o as Outcome<AllocResult>),
    });
  }

  await runJobs(groupJobs(steps, options.mode === 'smoke'), plan.concurrency, options.verbose, timeoutMs);

  const meta: Meta = {
    date: new Date().toISOString(),
    command: commandLine(),
    revision: revisionSpan(revisionAtStart, revision()),
    mode: options.mode,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memory: fmtBytes(os.totalmem()),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    node: process.version,
    v8: process.versions.v8,
    durationSeconds: (performance.now() - started) / 1000,
  };
  const report = buildReport(collected, plan, meta);
  const markdown = toMarkdown(report, plan);
  const name = options.out ?? defaultName(options);
  const base = name.includes('/') ? name : join(resultsDir, name);
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${markdown}`);
  console.log(`Wrote ${relative(process.cwd(), `${base}.md`)} and .json in ${num(meta.durationSeconds)} s.`);
  if (report.errors.length > 0) process.exitCode = 1;
}

/** latest for a complete full run; otherwise a name that says what ran, so latest only ever holds a full run. */
function defaultName(options: Options): string {
  const complete = options.mode === 'full' && options.only.length === workloads.length && options.libs === null && options.rounds === null;
  if (complete) return 'latest';
  const parts: string[] = [options.mode];
  if (options.only.length !== workloads.length) parts.push(...options.only);
  if (options.libs) parts.push(...options.libs);
  return parts.join('-');
}

/** The commit measured, and whether src/ differed from it. */
function revision(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Others may commit while a long run goes on: say so when the measured tree changed. */
function revisionSpan(start: string, end: string): string {
  return start === end ? start : `${start} at the start, ${end} at the end`;
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  const script = process.env.npm_lifecycle_event;
  if (script === 'bench:smoke') {
    const extra = process.argv.slice(2).filter((a) => a !== '--smoke');
    return extra.length > 0 ? `npm run bench:smoke -- ${extra.join(' ')}` : 'npm run bench:smoke';
  }
  if (script === 'bench') return args ? `npm run bench -- ${args}` : 'npm run bench';
  return `tsx bench/index.ts${args ? ` ${args}` : ''}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
