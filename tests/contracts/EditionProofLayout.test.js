// The edition proof's derivation (contracts/DigitalCollection.storage.json's editionProof and editionEntries): the
// compiler's slots for the edition mappings, and, for every token of two editions (one spanning two groups of 64 ids,
// minted in two calls, some tokens moved and one frozen; one held and not transferable, minted to recipients, with
// reserved numbers not minted yet), the facts derived from the raw words as the file states them equal what the
// contract's own views answer.
"use strict";

const { expect } = require("chai");
const { ethers, artifacts } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf } = require("./helpers");
const { editionFixture } = require("./editionFixture");
const layout = require("../../contracts/DigitalCollection.storage.json");

const coder = ethers.AbiCoder.defaultAbiCoder();
const all = [...layout.entries, ...layout.editionEntries];
const entry = (name) => all.find((e) => e.name === name);

function field(name, fieldName, word) {
  const f = entry(name).fields.find((x) => x.name === fieldName);
  return (word >> BigInt(f.offsetBits)) & ((1n << BigInt(f.bits)) - 1n);
}

/** The words of editionProof.words for a token, each under the key its mappingKey expression names. */
async function wordsOf(dc, tokenId) {
  const words = {};
  let first;
  for (const w of layout.editionProof.words) {
    const keys = {
      tokenId: () => tokenId,
      "tokenId >> 6": () => tokenId >> 6n,
      firstTokenId: () => first,
      "contentHash.contentHash": () => ethers.toBeHex(words.contentHash, 32),
    };
    expect(keys, `a mappingKey this test knows: ${w.mappingKey}`).to.have.property(w.mappingKey);
    const e = entry(w.name);
    const slot = ethers.keccak256(coder.encode([e.keyType, "uint256"], [keys[w.mappingKey](), e.baseSlot]));
    words[w.name] = BigInt(await ethers.provider.getStorage(await dc.getAddress(), slot));
    if (w.name === "group") {
      const heads = field("group", "heads", words.group) & ((2n << (tokenId & 63n)) - 1n);
      first = heads === 0n ? field("group", "cover", words.group) : (tokenId & ~63n) | BigInt(heads.toString(2).length - 1);
    }
  }
  return { words, first };
}

/** The facts as editionProof.facts derives them; null when the token does not exist. */
function factsOf(tokenId, { words, first }) {
  const own = words.editionToken !== 0n;
  if (own && field("editionToken", "editionFlag", words.editionToken) !== 1n) return null; // a unique work's word
  if (first === 0n || words.edition === 0n || tokenId < first) return null;
  if (!own && tokenId - first >= field("edition", "minted", words.edition)) return null;
  return {
    first,
    number: tokenId - first + 1n,
    size: field("editionFacts", "size", words.editionFacts),
    owner: ethers.getAddress(ethers.toBeHex(own ? field("editionToken", "owner", words.editionToken) : field("edition", "firstOwner", words.edition), 20)),
    transferNonce: field("editionToken", "transferNonce", words.editionToken),
    contentHash: ethers.toBeHex(words.contentHash, 32),
    creator: ethers.getAddress(ethers.toBeHex(field("registration", "creator", words.registration), 20)),
    registrationToken: field("registration", "tokenId", words.registration),
    registeredAt: field("editionFacts", "registeredAt", words.editionFacts),
    royaltyBps: field("editionFacts", "royaltyBps", words.editionFacts),
    holdSeconds: field("edition", "holdSeconds", words.edition),
    transferable: field("edition", "locked", words.edition) === 0n,
    frozen: field("freeze", "frozen", words.freeze) === 1n,
    freezeReason: field("freeze", "reasonCode", words.freeze),
  };
}

describe("DigitalCollection storage layout of an edition token's proof", function () {
  async function editionsFixture() {
    const f = await editionFixture();
    const { dc, admin, creator, alice, bob } = f;
    await f.mintWork(); // token 1: a unique work before the editions
    const a = await f.editionAuth({ contentHash: contentHashOf("proof edition A"), editionSize: 70n, royaltyBps: 250n });
    const { first: firstA } = await f.mintEdition(a, 40);
    await f.mintEdition(a, 30);
    await dc.connect(creator).transferFrom(creator.address, bob.address, firstA + 2n);
    await dc.connect(creator).transferFrom(creator.address, bob.address, firstA + 65n);
    await dc.connect(bob).transferFrom(bob.address, alice.address, firstA + 65n);
    await dc.connect(admin).freeze(firstA + 4n, 4);
    const b = await f.editionAuth({ contentHash: contentHashOf("proof edition B"), editionSize: 5n, holdSeconds: 3600n, transferable: false });
    await f.mintEditionTo(b, [alice.address, creator.address, bob.address], 1);
    const firstB = firstA + 70n;
    return { ...f, a, b, firstA, firstB };
  }

  it("names the compiler's slots and variables of the edition mappings", async function () {
    const info = await artifacts.getBuildInfo("contracts/DigitalCollection.sol:DigitalCollection");
    const storage = info.output.contracts["contracts/DigitalCollection.sol"].DigitalCollection.storageLayout.storage;
    for (const e of layout.editionEntries) {
      const compiled = storage.find((s) => s.label === e.variable);
      expect(compiled, e.variable).to.not.equal(undefined);
      expect(Number(compiled.slot), `${e.variable} slot`).to.equal(e.baseSlot);
      expect(compiled.type, `${e.variable} key type`).to.match(new RegExp(`^t_mapping\\(t_${e.keyType},`));
    }
  });

  it("derives every edition token's facts from its words as the contract's views answer them", async function () {
    const { dc, firstA, firstB, creator } = await loadFixture(editionsFixture);
    for (let id = firstA; id < firstB + 3n; id++) {
      const facts = factsOf(id, await wordsOf(dc, id));
      expect(facts, `token ${id}`).to.not.equal(null);
      const [first, number, size] = await dc.editionOf(id);
      expect([facts.first, facts.number, facts.size], `token ${id} editionOf`).to.deep.equal([first, number, size]);
      expect(facts.owner, `token ${id} owner`).to.equal(await dc.ownerOf(id));
      expect(facts.transferNonce, `token ${id} nonce`).to.equal(await dc.transferNonce(id));
      const work = await dc.workOf(id);
      expect([facts.creator, facts.registeredAt, facts.contentHash]).to.deep.equal([work.creator, work.registeredAt, work.contentHash]);
      expect(facts.registrationToken).to.equal(first);
      const [holdSeconds, transferable] = await dc.rulesOf(id);
      expect([facts.holdSeconds, facts.transferable], `token ${id} rules`).to.deep.equal([holdSeconds, transferable]);
      const [frozen, reason] = await dc.frozenReason(id);
      expect([facts.frozen, facts.freezeReason], `token ${id} freeze`).to.deep.equal([frozen, reason]);
      const [, royalty] = await dc.royaltyInfo(id, 10000n);
      expect(facts.royaltyBps, `token ${id} royalty`).to.equal(royalty);
    }
    expect(factsOf(firstA + 4n, await wordsOf(dc, firstA + 4n)).freezeReason).to.equal(4n);
    expect(factsOf(firstA + 65n, await wordsOf(dc, firstA + 65n)).transferNonce).to.equal(2n);
    expect(factsOf(firstA, await wordsOf(dc, firstA)).owner).to.equal(creator.address);
  });

  it("derives no edition token for a unique work, a reserved number and an id past the last", async function () {
    const { dc, firstB } = await loadFixture(editionsFixture);
    expect(factsOf(1n, await wordsOf(dc, 1n))).to.equal(null);
    for (const id of [firstB + 3n, firstB + 4n, firstB + 5n, firstB + 200n]) {
      expect(factsOf(id, await wordsOf(dc, id)), `token ${id}`).to.equal(null);
      await expect(dc.ownerOf(id)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
    }
  });
});
