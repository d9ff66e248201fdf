// Where WebAssembly cannot be compiled (a Content-Security-Policy without 'wasm-unsafe-eval'
// makes `new WebAssembly.Module` throw a CompileError), neurite runs the 'js' kernels: it says so
// once, with the reason and the fix, and getBackendInfo() repeats it. And the choice of backend is
// one per process, shared by every copy of neurite loaded (the consumer test loads two builds).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getBackend, getBackendInfo, setBackend, simulateNoWasmSimd } from '../../src/wasm/backend.js';
import { wasmState } from '../../src/wasm/instance.js';

interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  CompileError: new (message: string) => Error;
}
const g = globalThis as unknown as { WebAssembly: WasmGlobal };
const key = Symbol.for('neurite.backend');
const real = g.WebAssembly;

afterEach(() => {
  vi.restoreAllMocks();
  g.WebAssembly = real;
  delete (globalThis as Record<symbol, unknown>)[key];
  simulateNoWasmSimd(false);
});

describe('WebAssembly blocked', () => {
  it("falls back to 'js', warns once with the reason and the fix, and getBackendInfo says why", () => {
    const kept = wasmState.instance;
    wasmState.instance = null; // as in a page that has not compiled the module yet
    const blocked = {
      ...real,
      validate: real.validate.bind(real),
      Memory: (real as unknown as { Memory: unknown }).Memory,
      Module: class {
        constructor() {
          throw new real.CompileError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script");
        }
      },
    } as unknown as WasmGlobal;
    g.WebAssembly = blocked;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      simulateNoWasmSimd(false); // forget any choice: back to the default
      expect(getBackend()).toBe('js');
      expect(getBackend()).toBe('js');
      simulateNoWasmSimd(false);
      expect(getBackend()).toBe('js'); // asked again from scratch: still said only once
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]?.[0]);
      expect(message).toMatch(/^neurite: the WebAssembly kernels could not be compiled here \(.*'unsafe-eval' is not an allowed source of script\), so the 'js' kernels run, 4–5× slower; where a Content-Security-Policy blocks WebAssembly, allow it with script-src 'wasm-unsafe-eval'$/);
      const info = getBackendInfo();
      expect(info.backend).toBe('js');
      expect(info.threads).toBe(1);
      expect(info.reason).toContain("allow it with script-src 'wasm-unsafe-eval'");
    } finally {
      g.WebAssembly = real;
      wasmState.instance = kept;
    }
  });

  it("where WebAssembly works, nothing is said and getBackendInfo gives no fallback", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    simulateNoWasmSimd(false);
    expect(getBackend()).toBe('wasm');
    expect(getBackendInfo().reason ?? '').not.toContain('could not be compiled');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('one choice per process', () => {
  it('is kept on globalThis under Symbol.for("neurite.backend"), where another copy of neurite reads it', () => {
    setBackend('js');
    const seen = (globalThis as Record<symbol, { name: string } | undefined>)[key];
    expect(seen?.name).toBe('js');
    // Another copy writing the shared choice is followed by this one.
    seen!.name = 'wasm';
    expect(getBackend()).toBe('wasm');
  });
});
