// The parts of the browser's ISCC module on their own: xxHash32 against its published values, the 32-bit MinHash
// arithmetic against a BigInt version of the server's formula, text normalisation and decoding as the server's
// (the cases of tests/DigitalCollections.UnitTests/Iscc/IsccTextTests.cs), code parsing and distances.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { xxHash32, collapseText, textCode, decodeText, parseUnit, distance, encodeUnit, imageFormat } from "../../src/DigitalCollections.Api/wwwroot/js/iscc.js";
import { MinHasher } from "../../src/DigitalCollections.Api/wwwroot/js/iscc/minhash.js";

const utf8 = (text) => new TextEncoder().encode(text);

describe("xxHash32", () => {
  it("gives the published values (seed 0 and a seed, under and over 16 bytes)", () => {
    assert.equal(xxHash32(utf8("")), 0x02cc5d05);
    assert.equal(xxHash32(utf8("a")), 0x550d7456);
    assert.equal(xxHash32(utf8("abc")), 0x32d153ff);
    assert.equal(xxHash32(utf8("Nobody inspects the spammish repetition")), 0xe2293b2f);
    assert.equal(xxHash32(utf8("abc"), 1), 0xaa3da8ff);
  });

  it("hashes a range of a buffer as the bytes alone", () => {
    const bytes = randomBytes(100);
    assert.equal(xxHash32(bytes, 0, 17, 60), xxHash32(bytes.subarray(17, 60)));
  });
});

describe("MinHash", () => {
  // The server's formula in 64-bit integers: ((a·f + b) mod 2⁶⁴, folded mod 2⁶¹−1) mod 2³².
  const M61 = (1n << 61n) - 1n;
  const reference = (a, b, f) => {
    let x = (a * BigInt(f) + b) & ((1n << 64n) - 1n);
    x = (x & M61) + (x >> 61n);
    if (x >= M61) x -= M61;
    return Number(x & 0xffffffffn);
  };

  it("keeps the same minima as 64-bit integer arithmetic, for random and extreme features", async () => {
    const source = await import("node:fs").then((fs) => fs.readFileSync(new URL("../../src/DigitalCollections.Api/wwwroot/js/iscc/minhash.js", import.meta.url), "utf8"));
    const table = (name) => [...source.match(new RegExp(`const ${name} = \\[([^\\]]+)\\]`))[1].matchAll(/(\d+)n/g)].map((m) => BigInt(m[1]));
    const [A, B] = [table("A"), table("B")];
    assert.equal(A.length, 64);
    const features = [0, 1, 0xffff, 0x10000, 0xffffffff, 0x80000000, ...Array.from({ length: 2000 }, () => randomBytes(4).readUInt32BE())];
    const hasher = new MinHasher();
    const minima = new Array(64).fill(0xffffffff);
    for (const f of features) {
      hasher.add(f);
      for (let i = 0; i < 64; i++) minima[i] = Math.min(minima[i], reference(A[i], B[i], f));
    }
    assert.deepEqual(Array.from(hasher.minima), minima);
  });
});

describe("text", () => {
  it("collapse drops whitespace, case, marks and punctuation", () => {
    assert.equal(collapseText("Die unéndlíche,  Geschichte!\n"), "dieunendlichegeschichte");
  });

  it("collapse lowers a word-final sigma as Python does", () => {
    assert.equal(collapseText("ΟΔΟΣ"), "οδος");
    assert.equal(collapseText("ΟΔΟΣ").at(-1), "\u03c2");
    assert.equal(collapseText("ΣΑ"), "σα");
  });

  it("collapse counts Python's whitespace (the information separators, U+0085) but not U+FEFF, which it drops as a format character", () => {
    assert.equal(collapseText("a\u001fb\u0085c d\u3000e"), "abcde");
    assert.equal(collapseText("a\ufeffb"), "ab");
    assert.equal(collapseText("İstanbul"), "istanbul");
  });

  it("lone surrogates are dropped", () => {
    assert.equal(collapseText("a\ud800b"), "ab");
    assert.equal(collapseText("a\udc00b"), "ab");
  });

  it("the Text-Code counts code points, not UTF-16 units", () => {
    assert.equal(textCode("💩💩💩").characters, 3);
  });

  it("UTF-8 decodes with its byte order mark dropped; Latin-1 and NUL bytes are refused with a reason", () => {
    assert.deepEqual(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("# Titel\n\nGrüße")])), { text: "# Titel\n\nGrüße", reason: null });
    assert.match(decodeText(Uint8Array.from(Buffer.from("Grüße aus Köln", "latin1"))).reason, /not UTF-8/);
    assert.match(decodeText(utf8("a\0b")).reason, /NUL characters/);
  });
});

describe("codes", () => {
  it("parse as a client may write them and refuse what is no code, with a reason", () => {
    const code = encodeUnit(2, 1, 64, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    assert.equal(code, "ISCC:EEAQCAQDAQCQMBYI");
    const unit = parseUnit(" iscc:eeaq-caqd-aqcq-mbyi ");
    assert.deepEqual([unit.mainType, unit.subType, unit.bits, Array.from(unit.body)], [2, 1, 64, [1, 2, 3, 4, 5, 6, 7, 8]]);
    assert.throws(() => parseUnit(""), /empty/);
    assert.throws(() => parseUnit("ISCC:EEAQ!"), /not base32/);
    assert.throws(() => parseUnit("ISCC:EEAQCAQDAQCQM"), /announces 64 body bits, the code has 48/);
    assert.throws(() => parseUnit("ISCC:EEAQCAQDAQCQMB"), /not base32/); // 14 characters encode no byte string
  });

  it("distance counts differing bits over the shorter body and is null between kinds", () => {
    const a = encodeUnit(2, 1, 64, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0]));
    const b = encodeUnit(2, 1, 128, Uint8Array.from([0xff, 1, 0, 0, 0, 0, 0, 0x80, 0xff, 0xff, 0, 0, 0, 0, 0, 0]));
    assert.equal(distance(a, b), 10);
    assert.equal(distance(a, encodeUnit(2, 0, 64, new Uint8Array(8))), null);
  });

  it("image formats are told by their first bytes", () => {
    assert.equal(imageFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), "jpeg");
    assert.equal(imageFormat(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "png");
    assert.equal(imageFormat(utf8("GIF89a")), "gif");
    assert.equal(imageFormat(utf8("RIFF\0\0\0\0WEBPVP8 ")), "webp");
    assert.equal(imageFormat(utf8("RIFF\0\0\0\0WAVE")), null);
    assert.equal(imageFormat(utf8("hello")), null);
  });
});
