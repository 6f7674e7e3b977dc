// xxHash32 (seed 0 unless given), the feature hash of the ISCC Text- and Data-Codes; the server uses
// System.IO.Hashing's XxHash32. 32-bit arithmetic with Math.imul and `| 0`, read little-endian.

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x, r) => (x << r) | (x >>> (32 - r));
const round = (v, lane) => Math.imul(rotl((v + Math.imul(lane, P2)) | 0, 13), P1);

/** xxHash32 of `bytes` (a Uint8Array, or `end - start` bytes of it from `start`) as an unsigned 32-bit number. */
export function xxHash32(bytes, seed = 0, start = 0, end = bytes.length) {
  const length = end - start;
  const word = (i) => bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
  let i = start;
  let h;
  if (length >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    for (const limit = end - 16; i <= limit; i += 16) {
      v1 = round(v1, word(i));
      v2 = round(v2, word(i + 4));
      v3 = round(v3, word(i + 8));
      v4 = round(v4, word(i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + length) | 0;
  for (; i + 4 <= end; i += 4) h = Math.imul(rotl((h + Math.imul(word(i), P3)) | 0, 17), P4);
  for (; i < end; i++) h = Math.imul(rotl((h + Math.imul(bytes[i], P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
