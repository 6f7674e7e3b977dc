"use strict";

// Checks tests/vectors/eip712-edition-vectors.json against ethers and against the contract itself,
// deployed at the vectors' verifyingContract on chain id 31337, and uses the vectors' signatures on-chain.

const path = require("path");
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { reset } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI } = require("./helpers");
const { build, TYPES } = require("../../scripts/make-eip712-edition-vectors");

const file = require(path.join(__dirname, "..", "vectors", "eip712-edition-vectors.json"));
const byName = (name) => file.vectors.find((v) => v.name === name);
const typesOf = (v) => ({ [v.primaryType]: TYPES[v.primaryType] });

/** The contract's digest of a vector's message. */
function contractDigest(dc, v) {
  const m = v.message;
  if (v.primaryType === "EditionAuthorization") return dc.hashEditionAuthorization(m);
  if (v.primaryType === "EditionRecipients") return dc.hashEditionRecipients(m.contentHash, m.firstNumber, m.recipients);
  return dc.hashMetadataChange(m);
}

describe("EIP-712 edition test vectors (tests/vectors/eip712-edition-vectors.json)", function () {
  let dc;
  let admin;

  before(async function () {
    // A fresh chain, so that account #0's first deployment lands at the vectors' verifyingContract.
    await reset();
    [admin] = await ethers.getSigners();
    dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [admin.address]]);
    await dc.waitForDeployment();
    expect(await dc.getAddress()).to.equal(file.vectors[0].domain.verifyingContract);
  });

  it("the file is what scripts/make-eip712-edition-vectors.js generates", async function () {
    expect(file).to.deep.equal(JSON.parse(JSON.stringify(await build())));
  });

  it("type hashes match the contract", async function () {
    expect(await dc.EDITION_AUTHORIZATION_TYPEHASH()).to.equal(file.typeHashes.EditionAuthorization);
    expect(await dc.EDITION_RECIPIENTS_TYPEHASH()).to.equal(file.typeHashes.EditionRecipients);
    expect(await dc.METADATA_CHANGE_TYPEHASH()).to.equal(file.typeHashes.MetadataChange);
  });

  for (const v of file.vectors) {
    it(`${v.name}: ethers recomputes the hashes and the signature; the contract's digest agrees on its chain only`, async function () {
      expect(ethers.TypedDataEncoder.hashDomain(v.domain)).to.equal(v.domainSeparator);
      expect(ethers.TypedDataEncoder.from(typesOf(v)).hash(v.message)).to.equal(v.structHash);
      expect(ethers.keccak256(ethers.concat(["0x1901", v.domainSeparator, v.structHash]))).to.equal(v.digest);
      expect(await new ethers.Wallet(v.signerPrivateKey).signTypedData(v.domain, typesOf(v), v.message)).to.equal(v.signature);
      expect(ethers.recoverAddress(v.digest, v.signature)).to.equal(v.signerAddress);
      if (v.contentUtf8 !== undefined) expect(ethers.sha256(ethers.toUtf8Bytes(v.contentUtf8))).to.equal(v.message.contentHash);
      const onChain = await contractDigest(dc, v);
      if (v.domain.chainId === 31337) expect(onChain).to.equal(v.digest);
      else expect(onChain).to.not.equal(v.digest);
    });
  }

  it("the vectors' signatures are accepted on-chain: recipients, No. 37 of 10,000, a metadata change", async function () {
    const edition = byName("edition-100-self-transferable");
    const chunk = byName("recipients-first-chunk");
    await expect(dc.mintEditionTo(edition.message, edition.signature, chunk.message.recipients, chunk.signature))
      .to.emit(dc, "EditionRegistered").withArgs(1n, edition.signerAddress, edition.message.contentHash, 100n, 0n, true);
    expect(await dc.ownerOf(3n)).to.equal(chunk.message.recipients[2]);

    const big = byName("edition-10000-hold-90-days-royalty-500");
    await dc.mintEdition(big.message, big.signature, 36);
    const one = byName("recipients-one");
    await dc.mintEditionTo(big.message, big.signature, one.message.recipients, one.signature);
    expect(await dc.editionOf(137n)).to.deep.equal([101n, 37n, 10000n]);
    expect(await dc.ownerOf(137n)).to.equal(one.message.recipients[0]);

    const locked = byName("edition-non-transferable-chain-1");
    await expect(dc.mintEdition(locked.message, locked.signature, 1)).to.be.revertedWithCustomError(dc, "InvalidSignature");

    const change = byName("metadata-change-token1-nonce0");
    await expect(dc.announceMetadataChange(change.message, change.signature))
      .to.emit(dc, "MetadataChanged").withArgs(1n, change.signerAddress, change.message.metadataHash);
  });
});
