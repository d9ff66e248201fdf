/**
 * Standard base64 (with padding), the same in Node and browsers, fast enough for models of
 * millions of weights: encoding writes ASCII codes into a byte array and decodes it to a
 * string in one go; decoding reads four characters at a time through a table.
 */
import { DataError } from '../errors.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const codes = new Uint8Array(64);
const lookup = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  codes[i] = alphabet.charCodeAt(i);
  lookup[codes[i]] = i;
}
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// TextDecoder (Node, browsers, Deno, Bun) turns ASCII bytes into a string ~10× faster than
// String.fromCharCode; it is reached through globalThis, the library compiling against ES2022 alone.
type Decoder = { decode(bytes: Uint8Array): string };
const TextDecoderClass = (globalThis as { TextDecoder?: new () => Decoder }).TextDecoder;
const decoder = typeof TextDecoderClass === 'function' ? new TextDecoderClass() : null;

/** ASCII bytes as a string (without TextDecoder, in slices that stay clear of argument-count limits). */
function asciiToString(bytes: Uint8Array): string {
  if (decoder) return decoder.decode(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]));
  return parts.join('');
}

/** Standard base64 (with padding) of `bytes`; the same in Node and browsers. */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let i = 0, o = 0;
  for (; i + 2 < bytes.length; i += 3, o += 4) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o] = codes[n >> 18];
    out[o + 1] = codes[(n >> 12) & 63];
    out[o + 2] = codes[(n >> 6) & 63];
    out[o + 3] = codes[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o] = codes[n >> 18];
    out[o + 1] = codes[(n >> 12) & 63];
    out[o + 2] = rest === 2 ? codes[(n >> 6) & 63] : 61; // '='
    out[o + 3] = 61;
  }
  return asciiToString(out);
}

/** Decodes strict base64; anything else is a DataError naming `what`. */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0) {
    throw new DataError(`${what}: expected base64 text (a multiple of 4 characters), got ${typeof text === 'string' ? `${text.length} characters` : typeof text}`);
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  const full = text.length - (padding ? 4 : 0); // the last group decodes apart when padded
  let o = 0;
  for (let i = 0; i < full; i += 4, o += 3) {
    const a = text.charCodeAt(i), b = text.charCodeAt(i + 1), c = text.charCodeAt(i + 2), d = text.charCodeAt(i + 3);
    const va = lookup[a] ?? -1, vb = lookup[b] ?? -1, vc = lookup[c] ?? -1, vd = lookup[d] ?? -1; // (undefined past 255)
    if ((va | vb | vc | vd) < 0) badCharacter(text, i, what);
    const n = (va << 18) | (vb << 12) | (vc << 6) | vd;
    bytes[o] = n >> 16;
    bytes[o + 1] = (n >> 8) & 255;
    bytes[o + 2] = n & 255;
  }
  if (padding) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(full + j);
      const v = j >= 4 - padding && code === 61 ? 0 : (lookup[code] ?? -1);
      if (v < 0) badCharacter(text, full + j, what);
      n = (n << 6) | v;
    }
    bytes[o] = n >> 16;
    if (padding === 1) bytes[o + 1] = (n >> 8) & 255;
  }
  return bytes;
}

function badCharacter(text: string, from: number, what: string): never {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!(lookup[code] >= 0)) throw new DataError(`${what}: expected base64 text, got ${JSON.stringify(text[i])} at character ${i}`);
  }
  throw new DataError(`${what}: expected base64 text`);
}

/** Float32 values as little-endian bytes in base64. */
export function floatsToBase64(values: Float32Array): string {
  if (littleEndian) return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return encodeBase64(bytes);
}

/** The inverse of {@link floatsToBase64}; the byte count must be a multiple of 4. */
export function base64ToFloats(text: string, what: string): Float32Array {
  const bytes = decodeBase64(text, what);
  if (bytes.length % 4 !== 0) throw new DataError(`${what}: expected a whole number of float32 values (bytes a multiple of 4), got ${bytes.length} bytes`);
  if (littleEndian) return new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(bytes.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
