// ISCC units as text: header (main type, sub type, version, length as "varnibbles") + body, base32 without
// padding behind "ISCC:". The same rules as the server's IsccHeader, IsccBase32 and IsccUnit.

export const MainType = Object.freeze({ Meta: 0, Semantic: 1, Content: 2, Data: 3, Instance: 4, Iscc: 5, Id: 6, Flake: 7 });
export const ContentSubType = Object.freeze({ Text: 0, Image: 1, Audio: 2, Video: 3, Mixed: 4, Sum: 5, None: 6, Wide: 7 });

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SCHEME = "ISCC:";

/** RFC 4648 base32, upper case, no padding. */
export function base32Encode(bytes) {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 in either case (trailing '=' allowed); null for a character outside the alphabet or an impossible length. */
export function base32Decode(text) {
  const clean = text.replace(/=+$/, "");
  if ([1, 3, 6].includes(clean.length % 8)) return null;
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (const c of clean.toUpperCase()) {
    const value = ALPHABET.indexOf(c);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}

/** The header bytes of a unit (not an ISCC-CODE) whose body has `bits` bits (a multiple of 32 from 32 to 256). */
export function unitHeader(mainType, subType, bits, version = 0) {
  if (mainType === MainType.Iscc || mainType === MainType.Id) throw new RangeError("ISCC-CODE and ISCC-ID have their own length rule");
  if (bits < 32 || bits > 256 || bits % 32 !== 0) throw new RangeError(`ISCC unit length must be a multiple of 32 from 32 to 256 bits, not ${bits}`);
  return headerBytes(mainType, subType, version, bits / 32 - 1);
}

/** Header bytes from its four fields, each a varnibble (0–7: 4 bits, 8–71: 8, 72–583: 12, 584–4679: 16), padded to a byte. */
export function headerBytes(mainType, subType, version, lengthCode) {
  let bitString = "";
  for (const value of [mainType, subType, version, lengthCode]) {
    if (!Number.isInteger(value) || value < 0 || value > 4679) throw new RangeError(`header field out of range: ${value}`);
    if (value < 8) bitString += value.toString(2).padStart(4, "0");
    else if (value < 72) bitString += "10" + (value - 8).toString(2).padStart(6, "0");
    else if (value < 584) bitString += "110" + (value - 72).toString(2).padStart(9, "0");
    else bitString += "1110" + (value - 584).toString(2).padStart(12, "0");
  }
  if (bitString.length % 8 !== 0) bitString += "0000";
  const out = new Uint8Array(bitString.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bitString.slice(i * 8, i * 8 + 8), 2);
  return out;
}

/** "ISCC:" + base32 of the header and the first `bits` bits of `digest`. */
export function encodeUnit(mainType, subType, bits, digest) {
  if (digest.length * 8 < bits) throw new RangeError(`digest has ${digest.length * 8} bits, ${bits} asked for`);
  const header = unitHeader(mainType, subType, bits);
  const bytes = new Uint8Array(header.length + bits / 8);
  bytes.set(header);
  bytes.set(digest.subarray(0, bits / 8), header.length);
  return SCHEME + base32Encode(bytes);
}

/** Number of body bits a header announces (ISCC-CODE: one 64-bit part per unit). */
export function bodyBits({ mainType, subType, lengthCode }) {
  if (mainType === MainType.Iscc) {
    if (subType === ContentSubType.Wide) return 256;
    let units = 2;
    for (let m = lengthCode; m; m >>= 1) units += m & 1;
    return units * 64;
  }
  if (mainType === MainType.Id) return 64 + lengthCode * 8;
  return (lengthCode + 1) * 32;
}

/**
 * Reads one code as a client may write it (scheme in any case or none, dashes, base32 in either case) into
 * { mainType, subType, version, lengthCode, bits, body }; throws with a reason when it is none.
 */
export function parseUnit(text) {
  let clean = String(text ?? "").trim();
  if (clean.toUpperCase().startsWith(SCHEME)) clean = clean.slice(SCHEME.length).trim();
  clean = clean.replaceAll("-", "");
  if (!clean) throw new SyntaxError("the code is empty");
  const bytes = base32Decode(clean);
  if (!bytes) throw new SyntaxError("the code is not base32 (RFC 4648 alphabet A–Z, 2–7)");
  const header = readHeader(bytes);
  if (!header) throw new SyntaxError("the code does not start with a valid ISCC header");
  const bits = bodyBits(header);
  if ((bytes.length - header.size) * 8 !== bits) {
    throw new SyntaxError(`the header announces ${bits} body bits, the code has ${(bytes.length - header.size) * 8}`);
  }
  return { mainType: header.mainType, subType: header.subType, version: header.version, lengthCode: header.lengthCode, bits, body: bytes.subarray(header.size) };
}

function readHeader(bytes) {
  const bit = (position) => (bytes[position >> 3] >> (7 - (position & 7))) & 1;
  const read = (position, count) => {
    let value = 0;
    for (let i = 0; i < count; i++) value = (value << 1) | bit(position + i);
    return value;
  };
  let position = 0;
  const fields = [];
  for (let f = 0; f < 4; f++) {
    let value = null;
    for (let prefix = 0; prefix < 4 && value === null; prefix++) {
      const width = 4 * (prefix + 1);
      if (bytes.length * 8 - position < width) return null;
      if (bit(position + prefix) === 0) {
        value = read(position + prefix + 1, width - prefix - 1) + [0, 8, 72, 584][prefix];
        position += width;
      }
    }
    if (value === null) return null;
    fields.push(value);
  }
  if (position % 8 !== 0) {
    if (read(position, 4) !== 0) return null;
    position += 4;
  }
  if (fields[0] > MainType.Flake) return null;
  return { mainType: fields[0], subType: fields[1], version: fields[2], lengthCode: fields[3], size: position / 8 };
}

/**
 * Hamming distance between two units of the same kind over the bits both have (a shorter code is the prefix of
 * the longer one); null when main type, sub type or version differ, or for ISCC-CODEs.
 */
export function distance(a, b) {
  const [x, y] = [typeof a === "string" ? parseUnit(a) : a, typeof b === "string" ? parseUnit(b) : b];
  if (x.mainType !== y.mainType || x.subType !== y.subType || x.version !== y.version || x.mainType === MainType.Iscc) return null;
  let bits = 0;
  for (let i = 0; i < Math.min(x.body.length, y.body.length); i++) {
    for (let v = x.body[i] ^ y.body[i]; v; v &= v - 1) bits++;
  }
  return bits;
}
