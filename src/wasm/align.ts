// Offsets in the WebAssembly module's memory (a file of its own: neurite/threads' browser
// bundle copies these rather than take them from the main bundle).

/** `bytes` rounded up to 16 (a SIMD vector). */
export const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
/** `bytes` rounded up to 64: a cache line, so that threads share none. */
export const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;
