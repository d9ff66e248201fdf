// Loads the demo's MNIST subset (written by `npm run demo:data`): one gzipped file holding
// four IDX arrays one after the other (training images and labels, test images and labels).
// The browser gunzips it (DecompressionStream) and neurite's parseIdx reads each array.
/* global DecompressionStream, fetch, performance, Response */
import { parseIdx } from '../../../dist/neurite.browser.js';

/** Cuts a run of concatenated IDX arrays into one Uint8Array each, by the sizes their headers give. */
export function splitIdx(bytes) {
  const parts = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < bytes.length; ) {
    const rank = bytes[offset + 3];
    let count = 1;
    for (let d = 0; d < rank; d++) count *= view.getUint32(offset + 4 + 4 * d, false);
    const length = 4 + 4 * rank + count; // uint8 values: one byte each
    parts.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}

/** Fetches and unpacks the subset: `{ train: { images, labels }, test: { images, labels }, bytes, ms }`. */
export async function loadSubset(url) {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = Number(response.headers.get('content-length')) || 0;
  const unpacked = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  const [trainImages, trainLabels, testImages, testLabels] = splitIdx(unpacked).map((part, i) => parseIdx(part, `mnist-subset.idx.gz, array ${i + 1}`));
  return {
    train: { images: trainImages, labels: trainLabels },
    test: { images: testImages, labels: testLabels },
    bytes,
    ms: performance.now() - started,
  };
}
