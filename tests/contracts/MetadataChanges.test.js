// ERC-4906 announcements of a creator-signed metadata change, relayed by a minter.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset, time } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf, signMetadata, METADATA_TYPES } = require("./helpers");
const { editionFixture } = require("./editionFixture");

describe("DigitalCollection metadata changes (ERC-4906)", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  async function change(dc, tokenId, overrides = {}) {
    return {
      tokenId,
      metadataHash: contentHashOf(`metadata of ${tokenId}`),
      nonce: await dc.metadataNonce(tokenId),
      deadline: BigInt(await time.latest()) + 3600n,
      ...overrides,
    };
  }

  it("announces a unique work's change with MetadataUpdate and MetadataChanged, once per nonce", async function () {
    const { dc, domain, creator, relayer, mintWork } = await loadFixture(editionFixture);
    await mintWork();
    const c = await change(dc, 1n);
    const signature = await signMetadata(creator, domain, c);
    await expect(dc.connect(relayer).announceMetadataChange(c, signature))
      .to.emit(dc, "MetadataUpdate").withArgs(1n)
      .and.to.emit(dc, "MetadataChanged").withArgs(1n, creator.address, c.metadataHash);
    expect(await dc.metadataNonce(1n)).to.equal(1n);
    await expect(dc.connect(relayer).announceMetadataChange(c, signature))
      .to.be.revertedWithCustomError(dc, "InvalidMetadataNonce").withArgs(1n, 1n, 0n);
  });

  it("announces an edition's change over its whole range, from any of its tokens", async function () {
    const { dc, domain, creator, relayer, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    await mintWork(); // 1
    await mintEdition(await editionAuth({ editionSize: 100n }), 40); // 2..101
    const c = await change(dc, 37n);
    await expect(dc.connect(relayer).announceMetadataChange(c, await signMetadata(creator, domain, c)))
      .to.emit(dc, "BatchMetadataUpdate").withArgs(2n, 101n)
      .and.to.emit(dc, "MetadataChanged").withArgs(2n, creator.address, c.metadataHash);
    expect(await dc.metadataNonce(2n)).to.equal(1n);
    expect(await dc.metadataNonce(40n)).to.equal(1n);
    expect(await dc.metadataNonce(1n)).to.equal(0n);
  });

  it("refuses a change not signed by the creator, expired, for an unknown token or from a non-minter", async function () {
    const { dc, domain, creator, alice, relayer, outsider, mintWork } = await loadFixture(editionFixture);
    await mintWork();
    const c = await change(dc, 1n);
    await expect(dc.connect(relayer).announceMetadataChange(c, await signMetadata(alice, domain, c))).to.be.revertedWithCustomError(dc, "InvalidSignature");
    const expired = await change(dc, 1n, { deadline: BigInt(await time.latest()) - 1n });
    await expect(dc.connect(relayer).announceMetadataChange(expired, await signMetadata(creator, domain, expired))).to.be.revertedWithCustomError(dc, "AuthorizationExpired");
    const unknown = { ...c, tokenId: 9n };
    await expect(dc.connect(relayer).announceMetadataChange(unknown, await signMetadata(creator, domain, unknown))).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(9n);
    await expect(dc.connect(outsider).announceMetadataChange(c, await signMetadata(creator, domain, c))).to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount");
  });

  it("hashes a MetadataChange as ethers does", async function () {
    const { dc, domain, mintWork } = await loadFixture(editionFixture);
    await mintWork();
    const c = await change(dc, 1n);
    expect(await dc.hashMetadataChange(c)).to.equal(ethers.TypedDataEncoder.hash(domain, METADATA_TYPES, c));
  });
});
