// Worker threads in Node: the default thread count, a process that trained with threads
// exits by itself, and without SharedArrayBuffer everything runs on one thread.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getBackend, getBackendInfo, setBackend } from '../../src/index.js';
import { getThreads, setThreads } from '../../src/threads.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/train-with-threads.ts', import.meta.url));

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the fixture in `node --import tsx` and resolves when the process exits. The bound
 * is a safety net for a process that would never exit (the failure this guards against),
 * far above the second or two it takes: it is not a timing assertion.
 */
function runFixture(args: string[], boundMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(still running after ${boundMs / 1000} s: killed)`;
      child.kill('SIGKILL');
    }, boundMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function report(run: Run): { info: { threads: number; reason?: string }; started: boolean; tasks: number[]; loss: number[] } {
  expect(run.code, `exit code (stderr: ${run.stderr.slice(-2000)})`).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string);
}

describe('worker threads in Node', () => {
  it('setThreads() defaults to the available parallelism, at most 8', () => {
    const expected = Math.min(8, os.availableParallelism());
    setThreads();
    expect(getThreads()).toBe(expected);
    const initial = getBackend();
    setBackend('wasm'); // (the 'js' backend reports one thread)
    expect(getBackendInfo().threads).toBe(expected);
    setBackend(initial);
  });

  it('a process that trained on 2 threads exits on its own, with code 0', async () => {
    const out = report(await runFixture(['2'], 60_000));
    expect(out.started).toBe(true);
    expect(out.info.threads).toBe(2);
    expect(out.tasks).toHaveLength(2);
    expect(out.tasks[0], 'tiles the calling thread ran in threaded products').toBeGreaterThan(0);
    expect(out.tasks[1], 'tiles the worker ran').toBeGreaterThan(0);
    expect(out.loss.every(Number.isFinite)).toBe(true);
  }, 70_000);

  it('without SharedArrayBuffer, products run on one thread and say why', async () => {
    const out = report(await runFixture(['4', '--no-shared-array-buffer'], 60_000));
    expect(out.started).toBe(false);
    expect(out.info).toEqual({ backend: 'wasm', threads: 1, simd: true, reason: 'SharedArrayBuffer is unavailable here' });
    expect(out.loss.every(Number.isFinite)).toBe(true);
  }, 70_000);
});
