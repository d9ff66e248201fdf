/**
 * Writes a saved model as JSON text piece by piece, for files of hundreds of megabytes:
 * every Float32Array in the value becomes its base64 string, encoded a slice at a time, and
 * the writer awaits `write` between pieces, so no single piece of work holds the thread for
 * long. The text is the same as `JSON.stringify` of the model's `toJSON()`.
 */
import { encodeBase64 } from './base64.js';

/** Bytes of float32 data per piece: a multiple of 3, so that no piece but the last needs base64 padding. */
const PIECE = 3 * 2 ** 19; // 1.5 MiB of values, 2 MiB of text, a few milliseconds of encoding
/** Text gathered before it is handed to `write`. */
const FLUSH = 2 ** 20;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Bytes [from, from + length) of `values` as little-endian float32 (on a big-endian machine). */
function swapped(values: Float32Array, from: number, length: number): Uint8Array {
  const out = new Uint8Array(Math.min(length, values.length * 4 - from));
  const view = new DataView(out.buffer);
  for (let i = 0; i < out.length; i += 4) view.setFloat32(i, values[(from + i) / 4], true);
  return out;
}

/** `value` as JSON text through `write`, with Float32Arrays written as base64 of little-endian bytes. */
export async function writeJSON(value: unknown, write: (text: string) => Promise<void>): Promise<void> {
  let pending = '';
  const emit = async (text: string): Promise<void> => {
    pending += text;
    if (pending.length >= FLUSH) {
      const out = pending;
      pending = '';
      await write(out);
    }
  };
  const visit = async (v: unknown): Promise<void> => {
    if (v instanceof Float32Array) {
      await emit('"');
      // Read a piece at a time (the values must not change while the model is being saved).
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      for (let i = 0; i < bytes.length; i += PIECE) await emit(encodeBase64(littleEndian ? bytes.subarray(i, i + PIECE) : swapped(v, i, PIECE)));
      await emit('"');
    } else if (Array.isArray(v)) {
      await emit('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) await emit(',');
        await visit(v[i] === undefined || typeof v[i] === 'function' ? null : v[i]);
      }
      await emit(']');
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      await emit('{');
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        if (item === undefined || typeof item === 'function') continue;
        await emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await visit(item);
      }
      await emit('}');
    } else {
      await emit(JSON.stringify(v) ?? 'null');
    }
  };
  await visit(value);
  if (pending) await write(pending);
}
