// Setup for the Chromium run of the unit suite (vitest.browser.config.ts).
//
// Some unit tests check neurite's own base64 against Node's `Buffer` as an independent
// oracle: `Buffer.from(bytes).toString('base64')`. Browsers have no Buffer, so this
// defines just that much, built on the browser's own btoa: an oracle that is equally
// independent of neurite. Nothing else of Buffer exists here. The library itself never
// touches Buffer (test/browser-safe.test.ts checks that the main entry's sources do
// not), so this cannot hide a library that only works in Node.
const scope = globalThis as unknown as { Buffer?: unknown; btoa: (binary: string) => string };

if (scope.Buffer === undefined) {
  scope.Buffer = {
    from(source: ArrayBuffer | ArrayBufferView) {
      const bytes = ArrayBuffer.isView(source)
        ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
        : new Uint8Array(source);
      return {
        toString(encoding: string) {
          if (encoding !== 'base64') throw new Error(`test Buffer oracle: only toString('base64') exists, got '${encoding}'`);
          let binary = '';
          for (const b of bytes) binary += String.fromCharCode(b);
          return scope.btoa(binary);
        },
      };
    },
  };
}
