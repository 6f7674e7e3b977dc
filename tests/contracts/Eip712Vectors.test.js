"use strict";

// Checks tests/vectors/eip712-vectors.json (shared with the C# tests) against ethers and against
// the contract itself, deployed at the vectors' verifyingContract on chain id 31337.

const path = require("path");
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { reset } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, MINT_TYPES, TRANSFER_TYPES } = require("./helpers");
const { build } = require("../../scripts/make-eip712-vectors");

const file = require(path.join(__dirname, "..", "vectors", "eip712-vectors.json"));
const TYPES = { MintAuthorization: MINT_TYPES, TransferAuthorization: TRANSFER_TYPES };
const byName = (name) => file.vectors.find((v) => v.name === name);

describe("EIP-712 test vectors (tests/vectors/eip712-vectors.json)", function () {
  let dc;
  let admin;

  before(async function () {
    // A fresh chain, so that account #0's first deployment lands at the vectors' verifyingContract
    // (0x5FbDB2315678afecb367f032d93F642f64180aa3). reset() also drops loadFixture snapshots.
    await reset();
    [admin] = await ethers.getSigners();
    expect(await ethers.provider.getTransactionCount(admin.address)).to.equal(0);
    dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [admin.address]]);
    await dc.waitForDeployment();
  });

  it("the file is what scripts/make-eip712-vectors.js generates", async function () {
    expect(file).to.deep.equal(JSON.parse(JSON.stringify(await build())));
    expect(file.vectors.some((v) => v.domain.chainId === 1)).to.equal(true);
    expect(file.vectors.some((v) => v.primaryType === "MintAuthorization")).to.equal(true);
    expect(file.vectors.some((v) => v.primaryType === "TransferAuthorization")).to.equal(true);
  });

  it("type strings and type hashes match the contract", async function () {
    expect(await dc.MINT_AUTHORIZATION_TYPEHASH()).to.equal(file.typeHashes.MintAuthorization);
    expect(await dc.TRANSFER_AUTHORIZATION_TYPEHASH()).to.equal(file.typeHashes.TransferAuthorization);
    expect(ethers.id(file.types.MintAuthorization)).to.equal(file.typeHashes.MintAuthorization);
    expect(ethers.id(file.types.TransferAuthorization)).to.equal(file.typeHashes.TransferAuthorization);
  });

  it("the contract is deployed at the vectors' domain", async function () {
    const d = await dc.eip712Domain();
    const v = byName("mint-self-no-royalty");
    expect(d.name).to.equal(v.domain.name);
    expect(d.version).to.equal(v.domain.version);
    expect(d.chainId).to.equal(BigInt(v.domain.chainId));
    expect(d.verifyingContract).to.equal(v.domain.verifyingContract);
  });

  for (const v of file.vectors) {
    it(`${v.name}: ethers recomputes domain separator, struct hash, digest, signature and signer`, async function () {
      const types = TYPES[v.primaryType];
      expect(ethers.TypedDataEncoder.hashDomain(v.domain)).to.equal(v.domainSeparator);
      expect(ethers.TypedDataEncoder.from(types).hash(v.message)).to.equal(v.structHash);
      const digest = ethers.TypedDataEncoder.hash(v.domain, types, v.message);
      expect(digest).to.equal(v.digest);
      expect(
        ethers.keccak256(ethers.concat(["0x1901", v.domainSeparator, v.structHash])),
      ).to.equal(v.digest);
      const wallet = new ethers.Wallet(v.signerPrivateKey);
      expect(wallet.address).to.equal(v.signerAddress);
      expect(await wallet.signTypedData(v.domain, types, v.message)).to.equal(v.signature);
      expect(ethers.recoverAddress(v.digest, v.signature)).to.equal(v.signerAddress);
      if (v.contentUtf8 !== undefined) {
        expect(ethers.sha256(ethers.toUtf8Bytes(v.contentUtf8))).to.equal(v.message.contentHash);
      }
      // Checksummed addresses, decimal strings.
      for (const value of Object.values(v.message)) {
        expect(value).to.be.a("string");
        if (value.length === 42) expect(ethers.getAddress(value)).to.equal(value);
      }
    });

    if (v.domain.chainId === 31337) {
      it(`${v.name}: the contract's digest equals the vector's`, async function () {
        const fn = v.primaryType === "MintAuthorization" ? "hashMintAuthorization" : "hashTransferAuthorization";
        expect(await dc[fn](v.message)).to.equal(v.digest);
      });
    } else {
      it(`${v.name}: differs from the contract's digest (other chain)`, async function () {
        const fn = v.primaryType === "MintAuthorization" ? "hashMintAuthorization" : "hashTransferAuthorization";
        const onChain = await dc[fn](v.message);
        expect(onChain).to.not.equal(v.digest);
        expect(onChain).to.equal(
          ethers.TypedDataEncoder.hash({ ...v.domain, chainId: 31337 }, TYPES[v.primaryType], v.message),
        );
      });
    }
  }

  it("the vectors' signatures are accepted on-chain: mint token 1, then transfer it", async function () {
    // The chain-1 vectors carry valid signatures, but for another domain.
    const mint1 = byName("mint-self-royalty-250-chain-1");
    await expect(dc.connect(admin).mintWork(mint1.message, mint1.signature)).to.be.revertedWithCustomError(
      dc,
      "InvalidSignature",
    );

    const mint = byName("mint-self-no-royalty");
    await expect(dc.connect(admin).mintWork(mint.message, mint.signature))
      .to.emit(dc, "WorkRegistered")
      .withArgs(1n, mint.signerAddress, mint.message.contentHash);

    const transfer1 = byName("transfer-chain-1");
    await expect(
      dc.connect(admin).transferWithAuthorization(transfer1.message, transfer1.signature),
    ).to.be.revertedWithCustomError(dc, "InvalidSignature");

    const transfer = byName("transfer-token1-nonce0");
    await expect(dc.connect(admin).transferWithAuthorization(transfer.message, transfer.signature))
      .to.emit(dc, "Transfer")
      .withArgs(transfer.message.from, transfer.message.to, 1n);
    expect(await dc.ownerOf(1n)).to.equal(transfer.message.to);
  });
});
