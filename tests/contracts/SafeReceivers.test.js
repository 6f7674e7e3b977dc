// Relayed mints and transfers ask a receiving contract, as safeTransferFrom does: a receiver that
// accepts, one that answers a wrong value, one that reverts with and without a reason, and an EOA.
// Single calls revert; batches skip the item with the error's selector.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf, signMint } = require("./helpers");
const { editionFixture, eventsOf } = require("./editionFixture");

const Mode = { Accept: 0, WrongMagic: 1, RevertWithReason: 2, RevertWithoutReason: 3, RevertWithCustomError: 4 };
const ERROR_STRING = "0x08c379a0"; // Error(string)

describe("DigitalCollection safe receivers on relayed paths", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  async function receiversFixture() {
    const base = await editionFixture();
    const receivers = {};
    for (const [name, mode] of Object.entries(Mode)) {
      receivers[name] = await ethers.deployContract("MockERC721Receiver", [mode]);
    }
    const at = async (name) => receivers[name].getAddress();
    return { ...base, receivers, at };
  }

  /** Expects the single-call refusal of each refusing receiver. */
  async function expectRefusals(dc, at, receivers, call) {
    await expect(call(await at("WrongMagic"))).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(await at("WrongMagic"));
    await expect(call(await at("RevertWithoutReason"))).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(await at("RevertWithoutReason"));
    await expect(call(await at("RevertWithReason"))).to.be.revertedWith("not accepting tokens");
    await expect(call(await at("RevertWithCustomError"))).to.be.revertedWithCustomError(receivers.RevertWithCustomError, "NotWanted");
  }

  describe("mintWork", function () {
    it("mints to an accepting contract, which sees the relayer as operator", async function () {
      const { dc, relayer, at, receivers, mintWork } = await loadFixture(receiversFixture);
      const { tx } = await mintWork({ to: await at("Accept") });
      await expect(tx).to.emit(receivers.Accept, "Received").withArgs(relayer.address, ethers.ZeroAddress, 1n);
      expect(await dc.ownerOf(1n)).to.equal(await at("Accept"));
    });

    it("reverts for a refusing contract and mints nothing", async function () {
      const { dc, at, receivers, mintWork } = await loadFixture(receiversFixture);
      await expectRefusals(dc, at, receivers, (to) => mintWork({ to }));
      expect(await dc.totalWorks()).to.equal(0n);
    });

    it("mints to an EOA without asking", async function () {
      const { dc, alice, mintWork } = await loadFixture(receiversFixture);
      await mintWork({ to: alice.address });
      expect(await dc.ownerOf(1n)).to.equal(alice.address);
    });
  });

  describe("mintWorks", function () {
    it("skips each refusing receiver with the error's selector and mints the others", async function () {
      const { dc, creator, alice, relayer, domain, at, receivers } = await loadFixture(receiversFixture);
      const targets = [alice.address, await at("Accept"), await at("WrongMagic"), await at("RevertWithReason"), await at("RevertWithoutReason"), await at("RevertWithCustomError")];
      const deadline = BigInt((await ethers.provider.getBlock("latest")).timestamp) + 3600n;
      const auths = targets.map((to, i) => ({ creator: creator.address, to, contentHash: contentHashOf(`batch ${i}`), royaltyBps: 0n, deadline }));
      const sigs = await Promise.all(auths.map((a) => signMint(creator, domain, a)));
      const ids = await dc.connect(relayer).mintWorks.staticCall(auths, sigs);
      expect(ids).to.deep.equal([1n, 2n, 0n, 0n, 0n, 0n]);
      const receipt = await (await dc.connect(relayer).mintWorks(auths, sigs)).wait();
      const skipped = eventsOf(dc, receipt, "MintSkipped").map((e) => [e.args.index, e.args.reason]);
      expect(skipped).to.deep.equal([
        [2n, dc.interface.getError("ERC721InvalidReceiver").selector],
        [3n, ERROR_STRING],
        [4n, dc.interface.getError("ERC721InvalidReceiver").selector],
        [5n, receivers.RevertWithCustomError.interface.getError("NotWanted").selector],
      ]);
      expect(eventsOf(dc, receipt, "WorkRegistered")).to.have.length(2);
      expect(await dc.ownerOf(2n)).to.equal(await at("Accept"));
      expect(await dc.tokenOfContent(auths[2].contentHash)).to.equal(0n);
      expect(await dc.totalWorks()).to.equal(2n);
    });

    it("refuses the per-item entry point to anyone but the contract", async function () {
      const { dc, creator, relayer } = await loadFixture(receiversFixture);
      const auth = { creator: creator.address, to: creator.address, contentHash: contentHashOf("x"), royaltyBps: 0n, deadline: 2n ** 40n };
      await expect(dc.connect(relayer).mintWorkItem(auth, relayer.address)).to.be.revertedWithCustomError(dc, "SelfCallOnly");
      await expect(dc.connect(relayer).transferItem(relayer.address, creator.address, creator.address, 1n)).to.be.revertedWithCustomError(dc, "SelfCallOnly");
    });
  });

  describe("transferWithAuthorization(s)", function () {
    it("transfers to an accepting contract and an EOA; reverts for a refusing one", async function () {
      const { dc, creator, alice, relayer, at, receivers, mintWork, signedTransfer } = await loadFixture(receiversFixture);
      for (let i = 0; i < 6; i++) await mintWork({ contentHash: contentHashOf(`t ${i}`) });
      const a = await signedTransfer(1n, await at("Accept"), creator);
      await expect(dc.connect(relayer).transferWithAuthorization(a.auth, a.signature))
        .to.emit(receivers.Accept, "Received").withArgs(relayer.address, creator.address, 1n);
      const e = await signedTransfer(2n, alice.address, creator);
      await dc.connect(relayer).transferWithAuthorization(e.auth, e.signature);
      expect(await dc.ownerOf(2n)).to.equal(alice.address);
      await expectRefusals(dc, at, receivers, async (to) => {
        const t = await signedTransfer(3n, to, creator);
        return dc.connect(relayer).transferWithAuthorization(t.auth, t.signature);
      });
      expect(await dc.ownerOf(3n)).to.equal(creator.address);
      expect(await dc.transferNonce(3n)).to.equal(0n);
    });

    it("skips refusing receivers in a batch and keeps their nonces", async function () {
      const { dc, creator, alice, relayer, at, receivers, mintWork, signedTransfer } = await loadFixture(receiversFixture);
      for (let i = 0; i < 5; i++) await mintWork({ contentHash: contentHashOf(`b ${i}`) });
      const targets = [alice.address, await at("Accept"), await at("WrongMagic"), await at("RevertWithReason"), await at("RevertWithCustomError")];
      const items = [];
      for (let i = 0; i < 5; i++) items.push(await signedTransfer(BigInt(i + 1), targets[i], creator));
      const auths = items.map((x) => x.auth);
      const sigs = items.map((x) => x.signature);
      expect(await dc.connect(relayer).transferWithAuthorizations.staticCall(auths, sigs)).to.deep.equal([true, true, false, false, false]);
      const receipt = await (await dc.connect(relayer).transferWithAuthorizations(auths, sigs)).wait();
      expect(eventsOf(dc, receipt, "TransferSkipped").map((e) => [e.args.index, e.args.reason])).to.deep.equal([
        [2n, dc.interface.getError("ERC721InvalidReceiver").selector],
        [3n, ERROR_STRING],
        [4n, receivers.RevertWithCustomError.interface.getError("NotWanted").selector],
      ]);
      expect(await dc.ownerOf(2n)).to.equal(await at("Accept"));
      expect(await dc.ownerOf(3n)).to.equal(creator.address);
      expect(await dc.transferNonce(3n)).to.equal(0n);
    });
  });

  describe("editions", function () {
    it("asks an accepting contract for every token, and reverts the whole call for a refusing one", async function () {
      const { dc, relayer, at, receivers, editionAuth, mintEdition } = await loadFixture(receiversFixture);
      const { tx } = await mintEdition(await editionAuth({ to: await at("Accept"), editionSize: 3n }), 3);
      for (const id of [1n, 2n, 3n]) await expect(tx).to.emit(receivers.Accept, "Received").withArgs(relayer.address, ethers.ZeroAddress, id);
      await expectRefusals(dc, at, receivers, async (to) => mintEdition(await editionAuth({ to, contentHash: contentHashOf(`r ${to}`) }), 2));
      expect(await dc.totalWorks()).to.equal(3n);
    });

    it("asks each contract recipient of mintEditionTo", async function () {
      const { dc, alice, at, receivers, editionAuth, mintEditionTo } = await loadFixture(receiversFixture);
      const auth = await editionAuth({ editionSize: 4n });
      const { tx } = await mintEditionTo(auth, [alice.address, await at("Accept")], 1);
      await expect(tx).to.emit(receivers.Accept, "Received");
      await expect(mintEditionTo(auth, [await at("WrongMagic")], 3)).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver");
      expect(await dc.editionMinted(1n)).to.equal(2n);
    });
  });
});
