// Content-Code Text, as the server's TextDecoder, IsccText.Collapse, Utf8Windows and TextCode: the text collapsed,
// xxHash32 of every window of 13 code points (hashed as UTF-8) as a feature, MinHash over the features.
import { xxHash32 } from "./xxhash32.js";
import { MinHasher } from "./minhash.js";
import { encodeUnit, MainType, ContentSubType } from "./codec.js";

export const NGRAM_SIZE = 13;

// Python's str.isspace, which the reference uses: .NET's char.IsWhiteSpace (the server's) plus U+001C–U+001F.
// Written out because JavaScript's \s differs (it has U+FEFF, lacks U+0085 and U+001C–U+001F).
const WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu;
// Control, format, surrogate, private-use and unassigned (all of C), marks (M) and punctuation (P).
const DROPPED = /[\p{C}\p{M}\p{P}]/gu;
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * ISCC text_collapse: NFD, all whitespace removed, lower case (String.toLowerCase, like Python's str.lower, maps
 * İ to i + U+0307 and a word-final Σ to ς), control characters, marks and punctuation removed, NFKC. Lone
 * surrogates are dropped first, as the server does.
 */
export function collapseText(text) {
  return text
    .replace(LONE_SURROGATE, "")
    .normalize("NFD")
    .replace(WHITESPACE, "")
    .toLowerCase()
    .replace(DROPPED, "")
    .normalize("NFKC");
}

/** The Text-Code (ISCC:EA…) of `bits` bits and the number of code points of the collapsed text. */
export function textCode(text, bits = 64) {
  const utf8 = new TextEncoder().encode(collapseText(text));
  const starts = [];
  for (let i = 0; i < utf8.length; i++) {
    if ((utf8[i] & 0xc0) !== 0x80) starts.push(i);
  }
  const characters = starts.length;
  starts.push(utf8.length);
  const minHash = new MinHasher();
  // A text shorter than the window is one window; an empty text is one empty window.
  const windows = Math.max(characters - NGRAM_SIZE + 1, 1);
  for (let i = 0; i < windows; i++) minHash.add(xxHash32(utf8, 0, starts[i], starts[Math.min(i + NGRAM_SIZE, characters)]));
  return { code: encodeUnit(MainType.Content, ContentSubType.Text, bits, minHash.digest256()), characters };
}

/**
 * Reads bytes as text for the Text-Code, as the server does: UTF-8 only, a byte order mark dropped. Returns
 * { text } or { text: null, reason } for bytes that are not UTF-8 or hold NUL characters (binary files).
 */
export function decodeText(bytes) {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    return { text: null, reason: "the file is not UTF-8 text (invalid byte sequence)" };
  }
  if (text.includes("\0")) return { text: null, reason: "the file holds NUL characters, so it is binary rather than text" };
  return { text, reason: null };
}
