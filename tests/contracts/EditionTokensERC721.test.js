// ERC-721 behaviour on edition tokens, whose words are written only when they first move:
// balances, ownerOf, approvals, operators, safe transfers and their errors, one Transfer per move.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset } = require("@nomicfoundation/hardhat-network-helpers");
const { BASE_URI } = require("./helpers");
const { editionFixture } = require("./editionFixture");

describe("DigitalCollection ERC-721 behaviour on edition tokens", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  async function mintedFixture() {
    const f = await editionFixture();
    await f.mintEdition(await f.editionAuth({ editionSize: 130n }), 130); // ids 1..130, three groups of 64
    const accept = await ethers.deployContract("MockERC721Receiver", [0]);
    const refuse = await ethers.deployContract("MockERC721Receiver", [1]);
    return { ...f, accept, refuse };
  }

  it("moves one token without touching its neighbours, at group edges too", async function () {
    const { dc, creator, alice } = await loadFixture(mintedFixture);
    for (const id of [1n, 63n, 64n, 65n, 127n, 128n, 130n]) {
      await expect(dc.connect(creator).transferFrom(creator.address, alice.address, id))
        .to.emit(dc, "Transfer").withArgs(creator.address, alice.address, id);
    }
    for (const id of [2n, 62n, 66n, 126n, 129n]) expect(await dc.ownerOf(id)).to.equal(creator.address);
    for (const id of [1n, 63n, 64n, 65n, 127n, 128n, 130n]) expect(await dc.ownerOf(id)).to.equal(alice.address);
    expect(await dc.balanceOf(creator.address)).to.equal(123n);
    expect(await dc.balanceOf(alice.address)).to.equal(7n);
    expect(await dc.transferNonce(64n)).to.equal(1n);
    expect(await dc.transferNonce(66n)).to.equal(0n);
  });

  it("emits exactly one Transfer per move and moves back and forth", async function () {
    const { dc, creator, alice } = await loadFixture(mintedFixture);
    const receipt = await (await dc.connect(creator).transferFrom(creator.address, alice.address, 37n)).wait();
    expect(receipt.logs).to.have.length(1);
    await dc.connect(alice).transferFrom(alice.address, creator.address, 37n);
    expect(await dc.ownerOf(37n)).to.equal(creator.address);
    expect(await dc.transferNonce(37n)).to.equal(2n);
    expect(await dc.editionOf(37n)).to.deep.equal([1n, 37n, 130n]);
  });

  it("approves an unwritten token, lets the approved account move it, and clears the approval", async function () {
    const { dc, creator, alice, bob } = await loadFixture(mintedFixture);
    await expect(dc.connect(creator).approve(alice.address, 50n)).to.emit(dc, "Approval").withArgs(creator.address, alice.address, 50n);
    expect(await dc.getApproved(50n)).to.equal(alice.address);
    await dc.connect(alice).transferFrom(creator.address, bob.address, 50n);
    expect(await dc.ownerOf(50n)).to.equal(bob.address);
    expect(await dc.getApproved(50n)).to.equal(ethers.ZeroAddress);
    await expect(dc.connect(alice).transferFrom(bob.address, alice.address, 50n))
      .to.be.revertedWithCustomError(dc, "ERC721InsufficientApproval").withArgs(alice.address, 50n);
  });

  it("lets an operator approved for all move any token of the edition", async function () {
    const { dc, creator, alice, bob } = await loadFixture(mintedFixture);
    await expect(dc.connect(creator).setApprovalForAll(alice.address, true)).to.emit(dc, "ApprovalForAll");
    await dc.connect(alice).transferFrom(creator.address, bob.address, 99n);
    await dc.connect(alice).approve(bob.address, 100n);
    expect(await dc.getApproved(100n)).to.equal(bob.address);
    expect(await dc.ownerOf(99n)).to.equal(bob.address);
  });

  it("refuses a stranger, a wrong owner, the zero receiver and unminted ids with ERC-721's errors", async function () {
    const { dc, creator, alice, bob, outsider } = await loadFixture(mintedFixture);
    await expect(dc.connect(outsider).transferFrom(creator.address, bob.address, 5n)).to.be.revertedWithCustomError(dc, "ERC721InsufficientApproval").withArgs(outsider.address, 5n);
    await expect(dc.connect(creator).transferFrom(alice.address, bob.address, 5n)).to.be.revertedWithCustomError(dc, "ERC721IncorrectOwner").withArgs(alice.address, 5n, creator.address);
    await expect(dc.connect(creator).transferFrom(creator.address, ethers.ZeroAddress, 5n)).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(ethers.ZeroAddress);
    await expect(dc.connect(outsider).approve(bob.address, 5n)).to.be.revertedWithCustomError(dc, "ERC721InvalidApprover").withArgs(outsider.address);
    await expect(dc.ownerOf(131n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(131n);
    await expect(dc.getApproved(131n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(131n);
    await expect(dc.tokenURI(131n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(131n);
    await expect(dc.connect(creator).transferFrom(creator.address, bob.address, 131n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(131n);
    expect(await dc.tokenURI(37n)).to.equal(`${BASE_URI}37`);
  });

  it("safe-transfers to an accepting contract with the data, and refuses a refusing one", async function () {
    const { dc, creator, accept, refuse } = await loadFixture(mintedFixture);
    await expect(dc.connect(creator)["safeTransferFrom(address,address,uint256,bytes)"](creator.address, await accept.getAddress(), 7n, "0x42"))
      .to.emit(accept, "Received").withArgs(creator.address, creator.address, 7n);
    expect(await dc.ownerOf(7n)).to.equal(await accept.getAddress());
    await expect(dc.connect(creator)["safeTransferFrom(address,address,uint256)"](creator.address, await refuse.getAddress(), 8n))
      .to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(await refuse.getAddress());
    expect(await dc.ownerOf(8n)).to.equal(creator.address);
  });

  it("moves edition tokens with transferWithAuthorization(s) and bumps their nonces", async function () {
    const { dc, creator, alice, relayer, signedTransfer } = await loadFixture(mintedFixture);
    const one = await signedTransfer(10n, alice.address, creator);
    await dc.connect(relayer).transferWithAuthorization(one.auth, one.signature);
    const a = await signedTransfer(11n, alice.address, creator);
    const b = await signedTransfer(12n, alice.address, creator);
    await dc.connect(relayer).transferWithAuthorizations([a.auth, b.auth], [a.signature, b.signature]);
    for (const id of [10n, 11n, 12n]) {
      expect(await dc.ownerOf(id)).to.equal(alice.address);
      expect(await dc.transferNonce(id)).to.equal(1n);
    }
    await expect(dc.connect(relayer).transferWithAuthorization(one.auth, one.signature)).to.be.revertedWithCustomError(dc, "ERC721IncorrectOwner");
  });

  it("blocks edition transfers while paused", async function () {
    const { dc, admin, creator, alice } = await loadFixture(mintedFixture);
    await dc.connect(admin).pause();
    await expect(dc.connect(creator).transferFrom(creator.address, alice.address, 3n)).to.be.revertedWithCustomError(dc, "EnforcedPause");
  });
});
