// Editions: one content hash registered once, its tokens numbered 1..N on consecutive ids,
// minted in one or several calls, to the authorization's `to` or to creator-signed recipients.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset, time } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf, signEdition, signRecipients } = require("./helpers");
const { editionFixture, eventsOf } = require("./editionFixture");

describe("DigitalCollection editions", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  it("registers an edition and mints its numbers 1..N to `to`, one Transfer per token", async function () {
    const { dc, creator, alice, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const auth = await editionAuth({ to: alice.address, editionSize: 5n });
    const { first, receipt } = await mintEdition(auth, 5);
    expect(first).to.equal(1n);
    const transfers = eventsOf(dc, receipt, "Transfer");
    expect(transfers.map((e) => e.args.tokenId)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    for (const e of transfers) {
      expect(e.args.from).to.equal(ethers.ZeroAddress);
      expect(e.args.to).to.equal(alice.address);
    }
    const [registered] = eventsOf(dc, receipt, "EditionRegistered");
    expect(registered.args).to.deep.equal([1n, creator.address, auth.contentHash, 5n, 0n, true]);
    const [work] = eventsOf(dc, receipt, "WorkRegistered");
    expect(work.args).to.deep.equal([1n, creator.address, auth.contentHash]);
    for (let id = 1n; id <= 5n; id++) {
      expect(await dc.ownerOf(id)).to.equal(alice.address);
      expect(await dc.editionOf(id)).to.deep.equal([1n, id, 5n]);
    }
    expect(await dc.balanceOf(alice.address)).to.equal(5n);
    expect(await dc.totalWorks()).to.equal(5n);
  });

  it("orders the events: EditionRegistered, Transfer of number 1, WorkRegistered, then the other Transfers", async function () {
    const { dc, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const { receipt } = await mintEdition(await editionAuth({ editionSize: 3n }), 3);
    const names = receipt.logs.map((l) => dc.interface.parseLog(l).name);
    expect(names).to.deep.equal(["EditionRegistered", "Transfer", "WorkRegistered", "Transfer", "Transfer"]);
  });

  it("an edition of 1 is number 1 of 1", async function () {
    const { dc, editionAuth, mintEdition } = await loadFixture(editionFixture);
    await mintEdition(await editionAuth({ editionSize: 1n }), 1);
    expect(await dc.editionOf(1n)).to.deep.equal([1n, 1n, 1n]);
  });

  it("continues minting the next numbers with the same authorization until the size, then refuses", async function () {
    const { dc, creator, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 10n });
    await mintEdition(auth, 4);
    expect(await dc.editionMinted(1n)).to.equal(4n);
    await expect(dc.ownerOf(5n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(5n);
    const { first, receipt } = await mintEdition(auth, 6);
    expect(first).to.equal(1n);
    expect(eventsOf(dc, receipt, "Transfer").map((e) => e.args.tokenId)).to.deep.equal([5n, 6n, 7n, 8n, 9n, 10n]);
    expect(eventsOf(dc, receipt, "EditionRegistered")).to.have.length(0);
    expect(eventsOf(dc, receipt, "WorkRegistered")).to.have.length(0);
    expect(await dc.ownerOf(10n)).to.equal(creator.address);
    expect(await dc.balanceOf(creator.address)).to.equal(10n);
    await expect(mintEdition(auth, 1)).to.be.revertedWithCustomError(dc, "EditionExhausted").withArgs(1n, 0n, 1n);
  });

  it("refuses a call for more tokens than are left", async function () {
    const { dc, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 3n });
    await mintEdition(auth, 2);
    await expect(mintEdition(auth, 2)).to.be.revertedWithCustomError(dc, "EditionExhausted").withArgs(1n, 1n, 2n);
  });

  it("accepts the same edition re-signed with a later deadline, and refuses an expired one", async function () {
    const { dc, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 4n });
    await mintEdition(auth, 2);
    await time.increaseTo(auth.deadline + 1n);
    await expect(mintEdition(auth, 1)).to.be.revertedWithCustomError(dc, "AuthorizationExpired").withArgs(auth.deadline);
    await mintEdition({ ...auth, deadline: auth.deadline + 3600n }, 2);
    expect(await dc.editionMinted(1n)).to.equal(4n);
  });

  it("refuses another authorization for a registered content hash as WorkAlreadyRegistered", async function () {
    const { dc, alice, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 4n });
    await mintEdition(auth, 1);
    for (const change of [{ to: alice.address }, { editionSize: 5n }, { holdSeconds: 1n }, { transferable: false }, { royaltyBps: 1n }]) {
      await expect(mintEdition({ ...auth, ...change }, 1)).to.be.revertedWithCustomError(dc, "WorkAlreadyRegistered").withArgs(auth.contentHash, 1n);
    }
    await expect(mintWork({ contentHash: auth.contentHash })).to.be.revertedWithCustomError(dc, "WorkAlreadyRegistered").withArgs(auth.contentHash, 1n);
    const unique = await mintWork({ contentHash: contentHashOf("unique") });
    await expect(mintEdition(await editionAuth({ contentHash: unique.auth.contentHash }), 1))
      .to.be.revertedWithCustomError(dc, "WorkAlreadyRegistered").withArgs(unique.auth.contentHash, 5n);
  });

  it("refuses bad authorizations with the mint's errors", async function () {
    const { dc, alice, editionAuth, mintEdition, relayer, creator, domain } = await loadFixture(editionFixture);
    await expect(mintEdition(await editionAuth({ editionSize: 0n }), 1)).to.be.revertedWithCustomError(dc, "InvalidEditionSize").withArgs(0n);
    await expect(mintEdition(await editionAuth({ royaltyBps: 1001n }), 1)).to.be.revertedWithCustomError(dc, "RoyaltyTooHigh").withArgs(1001n, 1000n);
    await expect(mintEdition(await editionAuth({ contentHash: ethers.ZeroHash }), 1)).to.be.revertedWithCustomError(dc, "ZeroContentHash");
    await expect(mintEdition(await editionAuth({ holdSeconds: 2n ** 40n }), 1)).to.be.revertedWithCustomError(dc, "HoldTooLong").withArgs(2n ** 40n, 2n ** 40n - 1n);
    await expect(mintEdition(await editionAuth({ to: ethers.ZeroAddress }), 1)).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(ethers.ZeroAddress);
    await expect(mintEdition(await editionAuth(), 1, alice)).to.be.revertedWithCustomError(dc, "InvalidSignature");
    const auth = await editionAuth();
    const signature = await signEdition(creator, domain, auth);
    await expect(dc.connect(relayer).mintEdition(auth, signature, 0)).to.be.revertedWithCustomError(dc, "EmptyBatch");
    await expect(dc.connect(alice).mintEdition(auth, signature, 1)).to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount");
    expect(await dc.totalWorks()).to.equal(0n);
  });

  it("reserves the whole range at registration: a unique work minted next gets the id after it", async function () {
    const { dc, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    await mintEdition(await editionAuth({ editionSize: 100n }), 10);
    const { receipt } = await mintWork();
    expect(eventsOf(dc, receipt, "WorkRegistered")[0].args.tokenId).to.equal(101n);
    expect(await dc.editionOf(101n)).to.deep.equal([101n, 1n, 1n]);
    await expect(dc.ownerOf(11n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
    await expect(dc.editionOf(100n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
  });

  it("finds each token's edition and owner across groups of 64 ids, between unique works and other editions", async function () {
    const { dc, creator, alice, bob, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    await mintWork({ contentHash: contentHashOf("u1") }); // 1
    const a = await editionAuth({ contentHash: contentHashOf("A"), editionSize: 150n, to: alice.address }); // 2..151
    await mintEdition(a, 70);
    const b = await editionAuth({ contentHash: contentHashOf("B"), editionSize: 3n, to: bob.address }); // 152..154
    await mintEdition(b, 3);
    await mintWork({ contentHash: contentHashOf("u2") }); // 155
    await mintEdition(a, 80);
    const c = await editionAuth({ contentHash: contentHashOf("C"), editionSize: 200n }); // 156..355
    await mintEdition(c, 200);
    for (const [id, first, number, size, owner] of [
      [1n, 1n, 1n, 1n, creator], [2n, 2n, 1n, 150n, alice], [63n, 2n, 62n, 150n, alice], [64n, 2n, 63n, 150n, alice],
      [128n, 2n, 127n, 150n, alice], [151n, 2n, 150n, 150n, alice], [152n, 152n, 1n, 3n, bob], [154n, 152n, 3n, 3n, bob],
      [155n, 155n, 1n, 1n, creator], [156n, 156n, 1n, 200n, creator], [192n, 156n, 37n, 200n, creator], [355n, 156n, 200n, 200n, creator],
    ]) {
      expect(await dc.editionOf(id), `editionOf(${id})`).to.deep.equal([first, number, size]);
      expect(await dc.ownerOf(id), `ownerOf(${id})`).to.equal(owner.address);
    }
    await expect(dc.ownerOf(356n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
    expect(await dc.balanceOf(alice.address)).to.equal(150n);
    expect(await dc.balanceOf(creator.address)).to.equal(202n);
  });

  it("answers workOf, tokenOfContent and royaltyInfo for every token of an edition with the work's facts", async function () {
    const { dc, creator, editionAuth, mintEdition } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 70n, royaltyBps: 500n });
    const { receipt } = await mintEdition(auth, 70);
    const registeredAt = BigInt((await ethers.provider.getBlock(receipt.blockNumber)).timestamp);
    expect(await dc.tokenOfContent(auth.contentHash)).to.equal(1n);
    for (const id of [1n, 37n, 70n]) {
      expect(await dc.workOf(id)).to.deep.equal([creator.address, registeredAt, auth.contentHash]);
      expect(await dc.royaltyInfo(id, 10000n)).to.deep.equal([creator.address, 500n]);
    }
    expect(await dc.royaltyInfo(71n, 10000n)).to.deep.equal([ethers.ZeroAddress, 0n]);
    await expect(dc.workOf(71n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
  });

  it("mints to the recipients the creator signed, one number each", async function () {
    const { dc, creator, alice, bob, carol, editionAuth, mintEditionTo } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 5n });
    const { receipt } = await mintEditionTo(auth, [alice.address, bob.address, creator.address], 1);
    expect(eventsOf(dc, receipt, "Transfer").map((e) => [e.args.to, e.args.tokenId])).to.deep.equal([
      [alice.address, 1n], [bob.address, 2n], [creator.address, 3n],
    ]);
    expect(eventsOf(dc, receipt, "EditionRegistered")).to.have.length(1);
    await mintEditionTo(auth, [carol.address, alice.address], 4);
    expect(await Promise.all([1n, 2n, 3n, 4n, 5n].map((id) => dc.ownerOf(id)))).to.deep.equal([
      alice.address, bob.address, creator.address, carol.address, alice.address,
    ]);
    expect(await dc.balanceOf(alice.address)).to.equal(2n);
    expect(await dc.editionOf(5n)).to.deep.equal([1n, 5n, 5n]);
  });

  it("refuses recipients the creator did not sign, or signed for other numbers", async function () {
    const { dc, alice, bob, editionAuth, mintEditionTo, relayer, creator, domain } = await loadFixture(editionFixture);
    const auth = await editionAuth({ editionSize: 5n });
    await expect(mintEditionTo(auth, [alice.address], 1, relayer)).to.be.revertedWithCustomError(dc, "InvalidSignature");
    await expect(mintEditionTo(auth, [alice.address], 2)).to.be.revertedWithCustomError(dc, "InvalidSignature");
    const { recipientsSignature, signature } = await mintEditionTo(auth, [alice.address], 1);
    // The same signed chunk again: the next number is 2 now.
    await expect(dc.connect(relayer).mintEditionTo(auth, signature, [alice.address], recipientsSignature)).to.be.revertedWithCustomError(dc, "InvalidSignature");
    // Another list than the one signed.
    const chunkSig = await signRecipients(creator, domain, { contentHash: auth.contentHash, firstNumber: 2, recipients: [alice.address] });
    await expect(dc.connect(relayer).mintEditionTo(auth, signature, [bob.address], chunkSig)).to.be.revertedWithCustomError(dc, "InvalidSignature");
    await expect(mintEditionTo(auth, [ethers.ZeroAddress], 2)).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(ethers.ZeroAddress);
    await expect(mintEditionTo(auth, [alice.address, bob.address, alice.address, bob.address, alice.address], 2))
      .to.be.revertedWithCustomError(dc, "EditionExhausted").withArgs(1n, 4n, 5n);
    await expect(dc.connect(relayer).mintEditionTo(auth, signature, [], "0x")).to.be.revertedWithCustomError(dc, "EmptyBatch");
  });

  it("digests match ethers' EIP-712 hashing", async function () {
    const { dc, domain, editionAuth } = await loadFixture(editionFixture);
    const { EDITION_TYPES, RECIPIENTS_TYPES } = require("./helpers");
    const auth = await editionAuth({ holdSeconds: 86400n, transferable: false, royaltyBps: 250n });
    expect(await dc.hashEditionAuthorization(auth)).to.equal(ethers.TypedDataEncoder.hash(domain, EDITION_TYPES, auth));
    const chunk = { contentHash: auth.contentHash, firstNumber: 7, recipients: [auth.creator, auth.to] };
    expect(await dc.hashEditionRecipients(chunk.contentHash, chunk.firstNumber, chunk.recipients)).to.equal(
      ethers.TypedDataEncoder.hash(domain, RECIPIENTS_TYPES, chunk),
    );
    expect(await dc.EDITION_AUTHORIZATION_TYPEHASH()).to.equal(ethers.id(ethers.TypedDataEncoder.from(EDITION_TYPES).encodeType("EditionAuthorization")));
  });

  it("mints nothing while paused", async function () {
    const { dc, admin, editionAuth, mintEdition } = await loadFixture(editionFixture);
    await dc.connect(admin).pause();
    await expect(mintEdition(await editionAuth(), 1)).to.be.revertedWithCustomError(dc, "EnforcedPause");
  });
});
