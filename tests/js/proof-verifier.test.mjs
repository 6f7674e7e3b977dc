// The two proof-bundle verifiers, scripts/verify-proof.js (npm libraries) and the browser's wwwroot/js/proof/
// (no dependencies), on the served bundle of tests/vectors/work-proof.json: it verifies against its block hash,
// and each tampered part (every proof node, header field, claimed fact, slot, key, account field) fails with the
// check that caught it, in both, which agree on every check of every case.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import * as browser from "../../src/DigitalCollections.Api/wwwroot/js/proof/checks.js";
import { EDITION_LAYOUT, EDITION_WORDS, LAYOUT } from "../../src/DigitalCollections.Api/wwwroot/js/proof/layout.js";
import { EDITION_VECTORS, VECTOR, editionTamperings, editionWordAsUniqueWork, flipByte, tamperings } from "./proof-tamperings.mjs";

const require = createRequire(import.meta.url);
const node = require("../../scripts/verify-proof.js");
const BLOCK_HASH = VECTOR.block.hash;
const fresh = () => structuredClone(VECTOR);

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

  it("pin the edition format's words and layouts of contracts/DigitalCollection.storage.json", () => {
    const file = JSON.parse(fs.readFileSync(new URL("../../contracts/DigitalCollection.storage.json", import.meta.url), "utf8"));
    assert.deepEqual(JSON.parse(JSON.stringify(EDITION_WORDS)), file.editionProof.words);
    const all = [...file.entries, ...file.editionEntries];
    assert.deepEqual(JSON.parse(JSON.stringify(EDITION_LAYOUT)), file.editionProof.words.map((w) => all.find((e) => e.name === w.name)));
  });

  it("refuse a document that is not a bundle", async () => {
    await assert.rejects(node.verifyBundle({ hello: 1 }, { blockHash: BLOCK_HASH }), node.UsageError);
    await assert.rejects(browser.verifyBundle({ hello: 1 }, { blockHash: BLOCK_HASH }), /not a proof bundle/);
  });
});

describe("edition proof bundle verifiers", () => {
  for (const [name, vector] of Object.entries(EDITION_VECTORS)) {
    it(`verify ${name} against its block hash and decode its edition facts`, async () => {
      const result = await verifyBoth(vector, { blockHash: vector.block.hash, chainId: "31337", contract: vector.contract });
      assert.deepEqual(failed(result), []);
      const e = vector.claims.edition;
      assert.deepEqual(
        { owner: result.facts.owner, number: result.facts.number, size: result.facts.size, first: result.facts.firstTokenId, hold: result.facts.holdSeconds,
          transferable: result.facts.transferable, frozen: result.facts.frozen, creator: result.facts.creator, contentHash: result.facts.contentHash },
        { owner: vector.claims.owner, number: e.number, size: e.size, first: e.firstTokenId, hold: e.holdSeconds, transferable: e.transferable,
          frozen: e.frozen, creator: vector.claims.creator, contentHash: vector.claims.contentHash });
    });

    for (const [what, change, expected] of editionTamperings(vector)) {
      it(`fail ${name} with a tampered ${what} by ${expected.join(", ")}`, async () => {
        const bundle = structuredClone(vector);
        change(bundle);
        const result = await verifyBoth(bundle, { blockHash: vector.block.hash });
        assert.equal(result.passed, false);
        for (const check of expected) assert.ok(failed(result).includes(check), `${check} fails (failed: ${failed(result).join(", ")})`);
      });
    }
  }

  it("fail an edition token's word passed off as a unique work's by unique work", async () => {
    const bundle = editionWordAsUniqueWork();
    const result = await verifyBoth(bundle, { blockHash: bundle.block.hash });
    assert.ok(failed(result).includes("unique work"), failed(result).join(", "));
    assert.ok(!failed(result).includes("token storage proof"), "the word itself is proven");
    assert.ok(result.checks.find((c) => c.name === "unique work" && c.passed) === undefined);
    assert.ok((await verifyBoth(VECTOR)).checks.some((c) => c.name === "unique work" && c.passed));
  });

  it("tell the three bundles apart: never moved, moved, frozen", () => {
    assert.equal(EDITION_VECTORS["edition-proof"].claims.edition.ownerWord, "edition");
    assert.equal(EDITION_VECTORS["edition-proof"].storage.find((s) => s.name === "editionToken").value, "0x0");
    assert.equal(EDITION_VECTORS["edition-proof-moved"].claims.edition.ownerWord, "editionToken");
    assert.equal(EDITION_VECTORS["edition-proof-frozen"].claims.edition.frozen, true);
  });
});
