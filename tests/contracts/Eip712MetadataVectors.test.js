"use strict";

// Checks tests/vectors/eip712-metadata-vectors.json (the API's MetadataChange: canonical JSON, metadataHash,
// signature, call data) against ethers and the contract deployed at the vectors' verifyingContract on 31337,
// and relays the vectors' own call data on-chain.

const path = require("path");
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { reset } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, domainOf, contentHashOf, signMint, signEdition } = require("./helpers");
const { build, canonicalJson, TYPES } = require("../../scripts/make-eip712-metadata-vectors");

const file = require(path.join(__dirname, "..", "vectors", "eip712-metadata-vectors.json"));
const byName = (name) => file.vectors.find((v) => v.name === name);
const FAR = 4102444800n;

describe("EIP-712 metadata change vectors (tests/vectors/eip712-metadata-vectors.json)", function () {
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

  it("the file is what scripts/make-eip712-metadata-vectors.js generates", async function () {
    expect(file).to.deep.equal(JSON.parse(JSON.stringify(await build())));
  });

  it("the type hash is the contract's", async function () {
    expect(await dc.METADATA_CHANGE_TYPEHASH()).to.equal(file.typeHash);
  });

  for (const v of file.vectors) {
    it(`${v.name}: metadataHash, hashes, signature and call data recompute; the contract's digest agrees on its chain only`, async function () {
      expect(canonicalJson(v.title, v.metadataDescription)).to.equal(v.canonicalJson);
      expect(ethers.sha256(ethers.toUtf8Bytes(v.canonicalJson))).to.equal(v.message.metadataHash);
      expect(ethers.TypedDataEncoder.hashDomain(v.domain)).to.equal(v.domainSeparator);
      expect(ethers.TypedDataEncoder.from(TYPES).hash(v.message)).to.equal(v.structHash);
      expect(await new ethers.Wallet(v.signerPrivateKey).signTypedData(v.domain, TYPES, v.message)).to.equal(v.signature);
      expect(ethers.recoverAddress(v.digest, v.signature)).to.equal(v.signerAddress);
      expect(dc.interface.encodeFunctionData("announceMetadataChange", [v.message, v.signature])).to.equal(v.callData);
      const onChain = await dc.hashMetadataChange(v.message);
      if (v.domain.chainId === 31337) expect(onChain).to.equal(v.digest);
      else expect(onChain).to.not.equal(v.digest);
    });
  }

  it("the vectors' call data is accepted on-chain in nonce order, through a unique work and an edition's token 37", async function () {
    const domain = await domainOf(dc);
    const one = new ethers.Wallet(byName("token1-nonce0").signerPrivateKey, ethers.provider);
    const two = new ethers.Wallet(byName("edition-token-escapes").signerPrivateKey, ethers.provider);
    const mint = { creator: one.address, to: one.address, contentHash: contentHashOf("metadata vectors"), royaltyBps: 0n, deadline: FAR };
    await dc.mintWork(mint, await signMint(one, domain, mint));
    const edition = {
      creator: two.address, to: two.address, contentHash: contentHashOf("metadata vectors edition"), royaltyBps: 0n,
      editionSize: 40, holdSeconds: 0n, transferable: true, deadline: FAR,
    };
    await dc.mintEdition(edition, await signEdition(two, domain, edition), 40); // tokens 2…41: token 37 is No. 36
    const send = (v) => admin.sendTransaction({ to: dc.target, data: v.callData });

    await expect(send(byName("token1-nonce1-no-description"))).to.be.revertedWithCustomError(dc, "InvalidMetadataNonce").withArgs(1n, 0n, 1n);
    await expect(send(byName("token1-nonce0"))).to.emit(dc, "MetadataUpdate").withArgs(1n);
    await expect(send(byName("token1-nonce0"))).to.be.revertedWithCustomError(dc, "InvalidMetadataNonce").withArgs(1n, 1n, 0n);
    const second = byName("token1-nonce1-no-description");
    await expect(send(second)).to.emit(dc, "MetadataChanged").withArgs(1n, one.address, second.message.metadataHash);
    expect(await dc.metadataNonce(1n)).to.equal(2n);

    const escapes = byName("edition-token-escapes");
    await expect(send(escapes)).to.emit(dc, "BatchMetadataUpdate").withArgs(2n, 41n)
      .and.to.emit(dc, "MetadataChanged").withArgs(2n, two.address, escapes.message.metadataHash);
    expect(await dc.metadataNonce(37n)).to.equal(1n);
  });
});
