// The two proof-bundle verifiers, scripts/verify-proof.js (npm libraries) and the browser's wwwroot/js/proof/
// (no dependencies), on the served bundle of tests/vectors/work-proof.json: it verifies against its block hash,
// and each tampered part (every proof node, header field, claimed fact, slot, key, account field) fails with the
// check that caught it, in both, which agree on every check of every case.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import * as browser from "../../src/DigitalCollections.Api/wwwroot/js/proof/checks.js";
import { LAYOUT } from "../../src/DigitalCollections.Api/wwwroot/js/proof/layout.js";

const require = createRequire(import.meta.url);
const node = require("../../scripts/verify-proof.js");
const VECTOR = JSON.parse(fs.readFileSync(new URL("../vectors/work-proof.json", import.meta.url), "utf8"));
const BLOCK_HASH = VECTOR.block.hash;
const fresh = () => structuredClone(VECTOR);

/** Flips the low bit of the byte at `index` of a 0x hex string. */
function flipByte(text, index) {
  const at = 2 + 2 * index;
  const byte = (parseInt(text.substr(at, 2), 16) ^ 1).toString(16).padStart(2, "0");
  return text.slice(0, at) + byte + text.slice(at + 2);
}

const plusOne = (q) => "0x" + (BigInt(q) + 1n).toString(16);

/** Both verifiers' verdicts on a bundle; asserts they agree on every check by name. */
async function verifyBoth(bundle, expected = { blockHash: BLOCK_HASH }) {
  const a = await node.verifyBundle(structuredClone(bundle), expected);
  const b = await browser.verifyBundle(structuredClone(bundle), expected);
  const verdicts = (r) => r.checks.map((c) => `${c.name}: ${c.passed ? "pass" : "FAIL"}`);
  assert.deepEqual(verdicts(b), verdicts(a), "the browser's checks and verify-proof.js's agree");
  assert.equal(b.passed, a.passed);
  return a;
}

const failed = (result) => result.checks.filter((c) => !c.passed).map((c) => c.name);

/** Every tampering: [what, change(bundle), the checks that must fail]. */
function tamperings() {
  const cases = [];
  const nodeBytes = (hex) => (hex.length - 2) / 2;
  VECTOR.account.proof.forEach((n, i) => {
    for (const at of [0, Math.floor(nodeBytes(n) / 2), nodeBytes(n) - 1]) {
      cases.push([`account proof node ${i}, byte ${at}`, (b) => (b.account.proof[i] = flipByte(n, at)), ["account proof"]]);
    }
  });
  VECTOR.storage.forEach((entry, s) => {
    entry.proof.forEach((n, i) => {
      for (const at of [0, Math.floor(nodeBytes(n) / 2), nodeBytes(n) - 1]) {
        cases.push([`${entry.name} proof node ${i}, byte ${at}`, (b) => (b.storage[s].proof[i] = flipByte(n, at)), [`${entry.name} storage proof`]]);
      }
    });
    cases.push([`${entry.name} slot`, (b) => (b.storage[s].slot = flipByte(entry.slot, 31)), [`${entry.name} slot derivation`, `${entry.name} storage proof`]]);
    const keyCheck = entry.name === "registration" ? "registration key" : `${entry.name} key`;
    cases.push([`${entry.name} mappingKey`, (b) => (b.storage[s].mappingKey = flipByte(entry.mappingKey, 31)), [`${entry.name} slot derivation`, keyCheck]]);
    cases.push([`${entry.name} value`, (b) => (b.storage[s].value = plusOne(entry.value)), [`${entry.name} storage proof`]]);
    cases.push([`${entry.name} baseSlot`, (b) => (b.storage[s].baseSlot += 1), [`${entry.name} layout`]]);
    cases.push([`${entry.name} field offset`, (b) => (b.storage[s].fields[0].offsetBits += 8), [`${entry.name} layout`]]);
  });
  for (const [name, value] of Object.entries(VECTOR.block.header)) {
    const changed = value.length === 2 ? "0x01" : ["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed",
      "excessBlobGas"].includes(name) ? plusOne(value) : flipByte(value, (value.length - 2) / 2 - 1);
    cases.push([`header ${name}`, (b) => (b.block.header[name] = changed), ["header hash"]]);
  }
  cases.push(["header field order", (b) => {
    const { parentHash, ...rest } = b.block.header;
    b.block.header = { ...rest, parentHash };
  }, ["header hash"]]);
  const claimChecks = { owner: "owner", creator: "creator", contentHash: "content hash", registeredAt: "registered at", royaltyBps: "royalty", transferNonce: "transfer nonce" };
  for (const [claim, check] of Object.entries(claimChecks)) {
    const value = VECTOR.claims[claim];
    const changed = typeof value === "number" ? value + 1 : flipByte(value, 19);
    cases.push([`claim ${claim}`, (b) => (b.claims[claim] = changed), [check]]);
  }
  cases.push(["account nonce", (b) => (b.account.nonce = plusOne(b.account.nonce)), ["account proof"]]);
  cases.push(["account balance", (b) => (b.account.balance = plusOne(b.account.balance)), ["account proof"]]);
  cases.push(["account storageHash", (b) => (b.account.storageHash = flipByte(b.account.storageHash, 0)), ["account proof"]]);
  cases.push(["account codeHash", (b) => (b.account.codeHash = flipByte(b.account.codeHash, 0)), ["account proof"]]);
  cases.push(["account address", (b) => (b.account.address = flipByte(b.account.address, 19)), ["account address"]]);
  cases.push(["contract", (b) => (b.contract = flipByte(b.contract, 19)), ["account proof", "account address"]]);
  cases.push(["token id", (b) => (b.tokenId = 2), ["token key", "contentHash key", "registration token"]]);
  cases.push(["block number", (b) => (b.block.number = 3), ["block number"]]);
  cases.push(["format", (b) => (b.format = "digitalcollections-work-proof/2"), ["format"]]);
  cases.push(["a storage word left out", (b) => b.storage.splice(1, 1), ["content hash", "contentHash key"]]);
  return cases;
}

describe("proof bundle verifiers", () => {
  it("verify the served bundle against its block hash, with its chain id and contract", async () => {
    const result = await verifyBoth(VECTOR, { blockHash: BLOCK_HASH, chainId: "31337", contract: VECTOR.contract.toLowerCase() });
    assert.deepEqual(failed(result), []);
    assert.ok(result.passed);
    assert.deepEqual(
      { owner: result.facts.owner, creator: result.facts.creator, contentHash: result.facts.contentHash, registeredAt: result.facts.registeredAt },
      { owner: VECTOR.claims.owner, creator: VECTOR.claims.creator, contentHash: VECTOR.claims.contentHash, registeredAt: VECTOR.claims.registeredAt });
    assert.ok(result.checks.some((c) => c.name === "chain id") && result.checks.some((c) => c.name === "contract"));
  });

  it("fail the header hash for another block hash", async () => {
    assert.deepEqual(failed(await verifyBoth(VECTOR, { blockHash: flipByte(BLOCK_HASH, 5) })), ["header hash"]);
  });

  for (const [what, change, expected] of tamperings()) {
    it(`fail a tampered ${what} by ${expected.join(", ")}`, async () => {
      const bundle = fresh();
      change(bundle);
      const result = await verifyBoth(bundle);
      assert.equal(result.passed, false);
      for (const name of expected) assert.ok(failed(result).includes(name), `${name} fails (failed: ${failed(result).join(", ")})`);
    });
  }

  it("fail another chain id and another contract by name", async () => {
    const result = await verifyBoth(VECTOR, { blockHash: BLOCK_HASH, chainId: "1", contract: "0x" + "11".repeat(20) });
    assert.deepEqual(failed(result), ["chain id", "contract"]);
  });

  it("compare a file's SHA-256 with the content hash", async () => {
    const bytes = new TextEncoder().encode("the work's bytes");
    const digest = "0x" + (await import("node:crypto")).createHash("sha256").update(bytes).digest("hex");
    for (const compare of [node.compareFile, browser.compareFile]) {
      assert.equal((await compare(bytes, digest.toUpperCase().replace("0X", "0x"))).passed, true);
      assert.equal((await compare(bytes, flipByte(digest, 0))).passed, false);
      assert.equal((await compare(new Uint8Array(), digest)).passed, false);
    }
    const result = await verifyBoth(VECTOR, { blockHash: BLOCK_HASH, fileBytes: bytes });
    assert.deepEqual(failed(result), ["file"]);
  });

  it("pin the layout of contracts/DigitalCollection.storage.json", () => {
    const file = JSON.parse(fs.readFileSync(new URL("../../contracts/DigitalCollection.storage.json", import.meta.url), "utf8"));
    assert.deepEqual(JSON.parse(JSON.stringify(LAYOUT)), file.entries);
  });

  it("refuse a document that is not a bundle", async () => {
    await assert.rejects(node.verifyBundle({ hello: 1 }, { blockHash: BLOCK_HASH }), node.UsageError);
    await assert.rejects(browser.verifyBundle({ hello: 1 }, { blockHash: BLOCK_HASH }), /not a proof bundle/);
  });
});
