// Hex text and bytes, and the big-endian numbers of the EVM's 32-byte words. A malformed value throws a
// BundleError naming it, so a check fails with the reason instead of a generic exception.

/** A bundle value that is not what its field must be. */
export class BundleError extends Error {}

export function toHex(bytes) {
  let out = "0x";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** 0x-prefixed, even-length hex → bytes. */
export function fromHex(text, what = "value") {
  if (typeof text !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new BundleError(`${what} is not 0x-prefixed hex bytes`);
  const out = new Uint8Array((text.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 + 2 * i, 2), 16);
  return out;
}

/** A 0x-prefixed hex quantity (JSON-RPC style: any number of digits) → BigInt. */
export function quantity(text, what = "value") {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]+$/.test(text)) throw new BundleError(`${what} is not a 0x-prefixed hex quantity`);
  return BigInt(text);
}

/** Big-endian bytes → BigInt (empty is 0). */
export const toBigInt = (bytes) => (bytes.length ? BigInt(toHex(bytes)) : 0n);

/** BigInt → its minimal big-endian bytes (0 is empty), as RLP encodes integers. */
export function minimalBytes(n) {
  if (n === 0n) return new Uint8Array();
  const digits = n.toString(16);
  return fromHex("0x" + (digits.length % 2 ? "0" : "") + digits);
}

/** Left-pads (or keeps the low 32 bytes of) bytes to a 32-byte word. */
export function pad32(bytes) {
  const out = new Uint8Array(32);
  const tail = bytes.slice(-32);
  out.set(tail, 32 - tail.length);
  return out;
}

export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Case-insensitive equality of two hex strings (addresses are mixed-case by EIP-55). */
export const sameHex = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
