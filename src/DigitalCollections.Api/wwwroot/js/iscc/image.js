// Content-Code Image from upright RGBA pixels, the same pipeline as the server (NormalizingCanvas, BicubicResampler,
// Dct, ImageCode, SimilarityFloor), which reproduces iscc-sdk on Pillow: transparency laid on white, 8-bit gray as
// Pillow's "L", the plain border trimmed, Pillow's bicubic resize to 32 × 32, a 2-D DCT, and one bit per low
// frequency: above its 8 × 8 block's median or not. Decoding the file is the caller's (see ../iscc.js).
import { encodeUnit, MainType, ContentSubType } from "./codec.js";

export const SIDE = 32;
/** An image narrower or lower than this (after the border trim) gives no Image-Code (SimilarityFloor.MinImageSide). */
export const MIN_IMAGE_SIDE = 8;
/** 32 × 32 pixels spanning fewer gray levels than this are flat and give no Image-Code (SimilarityFloor.MinImageContrast). */
export const MIN_IMAGE_CONTRAST = 4;

const tooSmall = (width, height) =>
  `the image is ${width} × ${height} pixels, smaller than ${MIN_IMAGE_SIDE} on a side: too small to say anything`;

/**
 * The 32 × 32 gray pixels the Image-Code hashes, from upright RGBA bytes (straight alpha, 4 per pixel, row by
 * row): { pixels } or { pixels: null, reason }.
 */
export function normalizeImage(rgba, width, height) {
  if (Math.min(width, height) < MIN_IMAGE_SIDE) return { pixels: null, reason: tooSmall(width, height) };
  const gray = new Uint8Array(width * height);
  const reference = onWhite(rgba, 0);
  let minX = width, minY = height, maxX = -1, maxY = -1;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const pixel = onWhite(rgba, i * 4);
      const r = pixel & 0xff, g = (pixel >>> 8) & 0xff, b = pixel >>> 16;
      gray[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16; // ITU-R 601 luma in Pillow's fixed point
      if (pixel !== reference) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  // The pixels that differ from the top-left one; the whole image when none do (as Pillow's crop of no box).
  const box = maxX < 0 ? { x: 0, y: 0, width, height } : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  if (Math.min(box.width, box.height) < MIN_IMAGE_SIDE) {
    return { pixels: null, reason: tooSmall(box.width, box.height) + " after its plain border is trimmed" };
  }
  const pixels = resizeBicubic(gray, width, box, SIDE, SIDE);
  if (isFlat(pixels)) return { pixels: null, reason: "the image is practically one flat colour, which says nothing about authorship" };
  return { pixels, reason: null };
}

/** True when the pixels span fewer than MIN_IMAGE_CONTRAST gray levels. */
export function isFlat(pixels) {
  if (!pixels.length) return true;
  let min = 255, max = 0;
  for (const p of pixels) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  return max - min < MIN_IMAGE_CONTRAST;
}

// Pillow's paste onto white with the alpha as mask: DIV255(255·(255−a) + c·a) per channel. Returns 0xBBGGRR.
function onWhite(rgba, p) {
  const a = rgba[p + 3];
  if (a === 255) return rgba[p] | (rgba[p + 1] << 8) | (rgba[p + 2] << 16);
  let result = 0;
  for (let c = 0; c < 3; c++) {
    const v = 255 * (255 - a) + rgba[p + c] * a + 128;
    result |= (((v >>> 8) + v) >>> 8) << (8 * c);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Pillow's Image.resize(size, BICUBIC) for 8-bit gray: separable, horizontal pass first (clipped to 8 bits between
// the passes, over only the rows the vertical pass reads), cubic kernel a = −0.5 stretched by the downscale
// factor, weights normalised and rounded to 22-bit fixed point.

const PRECISION_BITS = 32 - 8 - 2;

/** Resizes `region` ({x, y, width, height}) of a gray plane with `stride` bytes per row to outWidth × outHeight. */
export function resizeBicubic(plane, stride, region, outWidth, outHeight) {
  const horizontal = coefficients(region.width, outWidth);
  const vertical = coefficients(region.height, outHeight);
  let temp, tempStride, tempOffset, rowShift;
  if (region.width !== outWidth) {
    const firstRow = vertical.bounds[0];
    const lastRow = vertical.bounds[2 * outHeight - 2] + vertical.bounds[2 * outHeight - 1];
    const rows = lastRow - firstRow;
    temp = new Uint8Array(outWidth * rows);
    for (let y = 0; y < rows; y++) {
      const source = (region.y + firstRow + y) * stride + region.x;
      for (let x = 0; x < outWidth; x++) {
        const min = horizontal.bounds[2 * x], count = horizontal.bounds[2 * x + 1], k = x * horizontal.size;
        let sum = 1 << (PRECISION_BITS - 1);
        for (let i = 0; i < count; i++) sum += plane[source + min + i] * horizontal.weights[k + i];
        temp[y * outWidth + x] = clip8(sum);
      }
    }
    if (region.height === outHeight) return temp;
    [tempStride, tempOffset, rowShift] = [outWidth, 0, firstRow];
  } else {
    [temp, tempStride, tempOffset, rowShift] = [plane, stride, region.y * stride + region.x, 0];
  }
  const result = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const min = vertical.bounds[2 * y] - rowShift, count = vertical.bounds[2 * y + 1], k = y * vertical.size;
    for (let x = 0; x < outWidth; x++) {
      let sum = 1 << (PRECISION_BITS - 1);
      for (let i = 0; i < count; i++) sum += temp[tempOffset + (min + i) * tempStride + x] * vertical.weights[k + i];
      result[y * outWidth + x] = clip8(sum);
    }
  }
  return result;
}

function clip8(value) {
  if (value >= 2 ** (PRECISION_BITS + 8)) return 255;
  if (value <= 0) return 0;
  return value >> PRECISION_BITS;
}

function cubic(x) {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

// Pillow's precompute_coeffs + normalize_coeffs_8bpc: per output pixel the first source pixel and the count
// (`bounds`), and `size` fixed-point weights.
function coefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * size);
  const w = new Float64Array(size);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const min = Math.max(Math.trunc(center - support + 0.5), 0);
    const max = Math.min(Math.trunc(center + support + 0.5), inSize) - min;
    let total = 0;
    for (let x = 0; x < max; x++) {
      w[x] = cubic((x + min - center + 0.5) * ss);
      total += w[x];
    }
    for (let x = 0; x < max; x++) {
      const v = total !== 0 ? w[x] / total : w[x];
      weights[xx * size + x] = v < 0 ? Math.trunc(-0.5 + v * 2 ** PRECISION_BITS) : Math.trunc(0.5 + v * 2 ** PRECISION_BITS);
    }
    bounds[2 * xx] = min;
    bounds[2 * xx + 1] = max;
  }
  return { bounds, weights, size };
}

// ---------------------------------------------------------------------------------------------------------
// The hash

/** The unnormalised fast DCT-II (Byeong Gi Lee's recursion) in the reference's order of arithmetic. */
export function dct(vector) {
  const n = vector.length;
  if (n === 1) return [vector[0]];
  if (n === 0 || n % 2 !== 0) throw new RangeError("DCT length must be a power of two");
  const half = n / 2;
  const alpha = new Array(half);
  const beta = new Array(half);
  for (let i = 0; i < half; i++) {
    alpha[i] = vector[i] + vector[n - 1 - i];
    beta[i] = (vector[i] - vector[n - 1 - i]) / (Math.cos(((i + 0.5) * Math.PI) / n) * 2);
  }
  const a = dct(alpha);
  const b = dct(beta);
  const result = new Array(n);
  for (let i = 0; i < half - 1; i++) {
    result[2 * i] = a[i];
    result[2 * i + 1] = b[i] + b[i + 1];
  }
  result[n - 2] = a[half - 1];
  result[n - 1] = b[half - 1];
  return result;
}

/** The first `bits` (64 to 256, a multiple of 64) bits of the image hash of 32 × 32 gray pixels. */
export function imageHash(pixels, bits = 256) {
  if (pixels.length !== SIDE * SIDE) throw new RangeError(`expected ${SIDE * SIDE} pixels (32×32), got ${pixels.length}`);
  if (bits < 64 || bits > 256 || bits % 64 !== 0) throw new RangeError(`64, 128, 192 or 256 bits, not ${bits}`);
  const rows = [];
  for (let y = 0; y < SIDE; y++) rows.push(dct(Array.from(pixels.subarray(y * SIDE, (y + 1) * SIDE))));
  const matrix = []; // [row][column]
  for (let y = 0; y < SIDE; y++) matrix.push(new Array(SIDE));
  for (let x = 0; x < SIDE; x++) {
    const column = dct(rows.map((row) => row[x]));
    for (let y = 0; y < SIDE; y++) matrix[y][x] = column[y];
  }
  const digest = new Uint8Array(bits / 8);
  let bit = 0;
  for (const [ox, oy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    if (bit >= bits) break;
    const block = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) block.push(matrix[oy + y][ox + x]);
    const sorted = Float64Array.from(block).sort();
    const median = (sorted[31] + sorted[32]) / 2;
    for (const value of block) {
      if (value > median) digest[bit >> 3] |= 0x80 >> (bit & 7);
      bit++;
    }
  }
  return digest;
}

/** The Image-Code (ISCC:EE…) of `bits` bits from 32 × 32 gray pixels. */
export function imageCode(pixels, bits = 64) {
  return encodeUnit(MainType.Content, ContentSubType.Image, bits, imageHash(pixels, bits));
}
