// Recursive Length Prefix (Ethereum's serialisation, Yellow Paper appendix B): items are byte strings or lists.
// decode() accepts only canonical encodings (minimal lengths, single bytes below 0x80 unwrapped), as clients do.
import { BundleError, concat } from "./hex.js";

function lengthPrefix(length, offset) {
  if (length < 56) return Uint8Array.of(offset + length);
  const bytes = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(offset + 55 + bytes.length, ...bytes);
}

/** RLP of a byte string (Uint8Array) or a list (Array) of items. */
export function encode(item) {
  if (Array.isArray(item)) {
    const body = concat(...item.map(encode));
    return concat(lengthPrefix(body.length, 0xc0), body);
  }
  if (item.length === 1 && item[0] < 0x80) return item;
  return concat(lengthPrefix(item.length, 0x80), item);
}

/** The item of an RLP encoding: Uint8Array or nested Arrays of them. Throws on anything but exactly one item. */
export function decode(bytes) {
  const [item, end] = decodeAt(bytes, 0);
  if (end !== bytes.length) throw new BundleError("RLP: bytes after the item");
  return item;
}

function decodeAt(bytes, at) {
  if (at >= bytes.length) throw new BundleError("RLP: truncated");
  const first = bytes[at];
  if (first < 0x80) return [bytes.subarray(at, at + 1), at + 1];
  const list = first >= 0xc0;
  const short = first - (list ? 0xc0 : 0x80);
  let start, length;
  if (short < 56) {
    start = at + 1;
    length = short;
  } else {
    const size = short - 55;
    if (at + 1 + size > bytes.length) throw new BundleError("RLP: truncated length");
    if (bytes[at + 1] === 0) throw new BundleError("RLP: length with a leading zero");
    length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + bytes[at + 1 + i];
    if (length < 56) throw new BundleError("RLP: long form for a short length");
    start = at + 1 + size;
  }
  const end = start + length;
  if (end > bytes.length) throw new BundleError("RLP: truncated");
  if (!list) {
    if (length === 1 && bytes[start] < 0x80) throw new BundleError("RLP: a single byte below 0x80 wrapped");
    return [bytes.subarray(start, end), end];
  }
  const items = [];
  for (let p = start; p < end;) {
    const [child, next] = decodeAt(bytes, p);
    if (next > end) throw new BundleError("RLP: list item overruns the list");
    items.push(child);
    p = next;
  }
  return [items, end];
}
