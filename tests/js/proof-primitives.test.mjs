// The browser proof module's parts on their own, against the npm libraries verify-proof.js uses: keccak-256
// (@noble/hashes), RLP (@ethereumjs/rlp) and the trie walk (@ethereumjs/mpt, on a trie built here).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { RLP } from "@ethereumjs/rlp";
import { createMPT, createMerkleProof } from "@ethereumjs/mpt";
import { keccak256 } from "../../src/DigitalCollections.Api/wwwroot/js/proof/keccak.js";
import { encode, decode } from "../../src/DigitalCollections.Api/wwwroot/js/proof/rlp.js";
import { provenValue } from "../../src/DigitalCollections.Api/wwwroot/js/proof/mpt.js";
import { toHex } from "../../src/DigitalCollections.Api/wwwroot/js/proof/hex.js";

describe("keccak256", () => {
  it("gives the empty input's known hash", () => {
    assert.equal(toHex(keccak256(new Uint8Array())), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });

  it("agrees with @noble/hashes around the 136-byte block boundary", () => {
    for (const length of [1, 31, 32, 33, 135, 136, 137, 271, 272, 273, 1000]) {
      const bytes = randomBytes(length);
      assert.equal(toHex(keccak256(bytes)), toHex(keccak_256(bytes)), `length ${length}`);
    }
  });
});

describe("RLP", () => {
  const random = (depth) => (depth > 0 && Math.random() < 0.4
    ? Array.from({ length: Math.floor(Math.random() * 5) }, () => random(depth - 1))
    : new Uint8Array(randomBytes([0, 1, 1, 2, 55, 56, 300][Math.floor(Math.random() * 7)])));
  const plain = (item) => (Array.isArray(item) ? item.map(plain) : toHex(item));

  it("encodes as @ethereumjs/rlp and decodes back", () => {
    for (let i = 0; i < 200; i++) {
      const item = random(3);
      const ours = encode(item);
      assert.equal(toHex(ours), toHex(RLP.encode(item)));
      assert.deepEqual(plain(decode(ours)), plain(item));
    }
  });

  it("refuses encodings that are not canonical or not whole", () => {
    for (const hex of ["8105", "b800", "c2", "8301", "0102", "b90001" + "00"]) {
      assert.throws(() => decode(Uint8Array.from(Buffer.from(hex, "hex"))), /RLP/, hex);
    }
  });
});

describe("trie proof walk", () => {
  it("finds every key's value in proofs made by @ethereumjs/mpt, and null for an absent key", async () => {
    const trie = await createMPT({ useKeyHashing: true });
    const keys = Array.from({ length: 64 }, () => randomBytes(32));
    for (const [i, key] of keys.entries()) await trie.put(key, RLP.encode(BigInt(i + 1)));
    const root = trie.root();
    for (const [i, key] of keys.entries()) {
      const proof = await createMerkleProof(trie, key);
      assert.equal(toHex(provenValue(root, key, proof)), toHex(RLP.encode(BigInt(i + 1))));
    }
    const absent = randomBytes(32);
    assert.equal(provenValue(root, absent, await createMerkleProof(trie, absent)), null);
  });

  it("throws when the nodes do not connect to the root", async () => {
    const trie = await createMPT({ useKeyHashing: true });
    for (let i = 0; i < 16; i++) await trie.put(randomBytes(32), randomBytes(40));
    const key = randomBytes(32);
    await trie.put(key, Uint8Array.of(7));
    const proof = await createMerkleProof(trie, key);
    assert.throws(() => provenValue(randomBytes(32), key, proof), /no proof node hashes to the root/);
    const changed = proof.map((n) => Uint8Array.from(n));
    changed[changed.length - 1][3] ^= 1;
    assert.throws(() => provenValue(trie.root(), key, changed), /trie/);
  });
});
