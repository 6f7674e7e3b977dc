// The storage layout a work's proof bundle is derived from (contracts/DigitalCollection.storage.json)
// against the compiler's storage layout and against the words a real mint and transfer write.
"use strict";

const { expect } = require("chai");
const { ethers, artifacts } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, domainOf, contentHashOf, signMint } = require("./helpers");
const layout = require("../../contracts/DigitalCollection.storage.json");

const coder = ethers.AbiCoder.defaultAbiCoder();

/** keccak256(pad32(key) ++ pad32(baseSlot)): Solidity's slot of a mapping's entry. */
function slotOf(entry, key) {
  return ethers.keccak256(coder.encode([entry.keyType, "uint256"], [key, entry.baseSlot]));
}

/** The named fields of a 32-byte word, as the layout file describes them. */
function fieldsOf(entry, word) {
  const value = BigInt(word);
  const out = {};
  for (const f of entry.fields) {
    const bits = (value >> BigInt(f.offsetBits)) & ((1n << BigInt(f.bits)) - 1n);
    out[f.name] = f.type === "address" ? ethers.getAddress(ethers.toBeHex(bits, 20))
      : f.type === "bytes32" ? ethers.toBeHex(bits, 32) : bits;
  }
  return out;
}

const entry = (name) => layout.entries.find((e) => e.name === name);

describe("DigitalCollection storage layout of a work", function () {
  async function mintedFixture() {
    const [admin, relayer, creator, alice, bob] = await ethers.getSigners();
    const dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [relayer.address]]);
    const domain = await domainOf(dc);
    const auth = {
      creator: creator.address,
      to: alice.address,
      contentHash: contentHashOf("layout work"),
      royaltyBps: 750n,
      deadline: BigInt(await time.latest()) + 3600n,
    };
    await dc.connect(relayer).mintWork(auth, await signMint(creator, domain, auth));
    return { dc, auth, creator, alice, bob, tokenId: 1n };
  }

  async function word(dc, entryName, key) {
    return ethers.provider.getStorage(await dc.getAddress(), slotOf(entry(entryName), key));
  }

  it("names the compiler's slots, variables and types", async function () {
    const info = await artifacts.getBuildInfo("contracts/DigitalCollection.sol:DigitalCollection");
    const storage = info.output.contracts["contracts/DigitalCollection.sol"].DigitalCollection.storageLayout.storage;
    const types = { uint256: "t_uint256", bytes32: "t_bytes32" };
    for (const e of layout.entries) {
      const compiled = storage.find((s) => s.label === e.variable);
      expect(compiled, e.variable).to.not.equal(undefined);
      expect(Number(compiled.slot), `${e.variable} slot`).to.equal(e.baseSlot);
      expect(compiled.type, `${e.variable} type`).to.equal(`t_mapping(${types[e.keyType]},t_${e.name === "contentHash" ? "bytes32" : "uint256"})`);
    }
  });

  it("decodes a minted token's word: owner, registration time, royalty, nonce", async function () {
    const { dc, auth, alice, tokenId } = await loadFixture(mintedFixture);
    const work = await dc.workOf(tokenId);
    const fields = fieldsOf(entry("token"), await word(dc, "token", tokenId));
    expect(fields.owner).to.equal(alice.address);
    expect(fields.registeredAt).to.equal(work.registeredAt);
    expect(fields.royaltyBps).to.equal(auth.royaltyBps);
    expect(fields.transferNonce).to.equal(await dc.transferNonce(tokenId));
  });

  it("decodes the content hash and the registration word with the creator", async function () {
    const { dc, auth, creator, tokenId } = await loadFixture(mintedFixture);
    expect(fieldsOf(entry("contentHash"), await word(dc, "contentHash", tokenId)).contentHash).to.equal(auth.contentHash);
    const registration = fieldsOf(entry("registration"), await word(dc, "registration", auth.contentHash));
    expect(registration.tokenId).to.equal(tokenId);
    expect(registration.creator).to.equal(creator.address);
  });

  it("keeps owner and nonce in the token's word after a transfer", async function () {
    const { dc, alice, bob, tokenId } = await loadFixture(mintedFixture);
    await dc.connect(alice).transferFrom(alice.address, bob.address, tokenId);
    const fields = fieldsOf(entry("token"), await word(dc, "token", tokenId));
    expect(fields.owner).to.equal(bob.address);
    expect(fields.transferNonce).to.equal(await dc.transferNonce(tokenId));
    expect(fields.transferNonce).to.equal(1n);
  });

  it("leaves an unknown token's words empty", async function () {
    const { dc } = await loadFixture(mintedFixture);
    expect(BigInt(await word(dc, "token", 2n))).to.equal(0n);
    expect(BigInt(await word(dc, "contentHash", 2n))).to.equal(0n);
  });
});
