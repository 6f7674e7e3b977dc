// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA-3's 0x06), on 32-bit halves of the
// 64-bit lanes so it needs no BigInt in the permutation: the block and node hashes of a proof bundle.

const RATE = 136; // bytes: 1600 - 2·256 bits
// Round constants of Keccak-f[1600], as [low, high] 32-bit halves.
const RC = [
  "0000000000000001", "0000000000008082", "800000000000808a", "8000000080008000", "000000000000808b", "0000000080000001",
  "8000000080008081", "8000000000008009", "000000000000008a", "0000000000000088", "0000000080008009", "000000008000000a",
  "000000008000808b", "800000000000008b", "8000000000008089", "8000000000008003", "8000000000008002", "8000000000000080",
  "000000000000800a", "800000008000000a", "8000000080008081", "8000000000008080", "0000000080000001", "8000000080008008",
].map((h) => [parseInt(h.slice(8), 16) | 0, parseInt(h.slice(0, 8), 16) | 0]);
// ρ rotation of lane x + 5y.
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

function permute(s) {
  const c = new Int32Array(10);
  const b = new Int32Array(50);
  for (let round = 0; round < 24; round++) {
    // θ
    for (let x = 0; x < 5; x++) {
      c[2 * x] = s[2 * x] ^ s[2 * x + 10] ^ s[2 * x + 20] ^ s[2 * x + 30] ^ s[2 * x + 40];
      c[2 * x + 1] = s[2 * x + 1] ^ s[2 * x + 11] ^ s[2 * x + 21] ^ s[2 * x + 31] ^ s[2 * x + 41];
    }
    for (let x = 0; x < 5; x++) {
      const l = c[2 * ((x + 1) % 5)], h = c[2 * ((x + 1) % 5) + 1];
      const dl = c[2 * ((x + 4) % 5)] ^ ((l << 1) | (h >>> 31));
      const dh = c[2 * ((x + 4) % 5) + 1] ^ ((h << 1) | (l >>> 31));
      for (let y = 0; y < 25; y += 5) {
        s[2 * (x + y)] ^= dl;
        s[2 * (x + y) + 1] ^= dh;
      }
    }
    // ρ and π: lane (x, y) rotated goes to (y, 2x + 3y)
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const i = x + 5 * y;
        const to = y + 5 * ((2 * x + 3 * y) % 5);
        const l = s[2 * i], h = s[2 * i + 1], n = RHO[i];
        let rl = l, rh = h;
        if (n >= 32) [rl, rh] = [h, l];
        const m = n % 32;
        if (m) [rl, rh] = [(rl << m) | (rh >>> (32 - m)), (rh << m) | (rl >>> (32 - m))];
        b[2 * to] = rl;
        b[2 * to + 1] = rh;
      }
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const i = 2 * (x + y), j = 2 * (((x + 1) % 5) + y), k = 2 * (((x + 2) % 5) + y);
        s[i] = b[i] ^ (~b[j] & b[k]);
        s[i + 1] = b[i + 1] ^ (~b[j + 1] & b[k + 1]);
      }
    }
    // ι
    s[0] ^= RC[round][0];
    s[1] ^= RC[round][1];
  }
}

/** keccak256(bytes) as 32 bytes. */
export function keccak256(bytes) {
  const s = new Int32Array(50);
  const padded = new Uint8Array((Math.floor(bytes.length / RATE) + 1) * RATE);
  padded.set(bytes);
  padded[bytes.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  for (let offset = 0; offset < padded.length; offset += RATE) {
    for (let i = 0; i < RATE / 4; i++) {
      const p = offset + 4 * i;
      s[i] ^= padded[p] | (padded[p + 1] << 8) | (padded[p + 2] << 16) | (padded[p + 3] << 24);
    }
    permute(s);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (s[i >> 2] >>> (8 * (i & 3))) & 0xff;
  return out;
}
