// Circulation rules on every transfer path: a work's hold, non-transferable works (ERC-5192),
// the operator's collection-wide minimum hold, and freezes.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset, time } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf } = require("./helpers");
const { editionFixture, eventsOf } = require("./editionFixture");

const DAY = 86400n;
const OPERATOR_ROLE = ethers.id("OPERATOR_ROLE");

describe("DigitalCollection circulation rules", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  const blockTime = async (receipt) => BigInt((await ethers.provider.getBlock(receipt.blockNumber)).timestamp);

  /** Every transfer path, each moving `tokenId` from `owner` to `to`. The batch returns its receipt. */
  function paths(f, owner, tokenId, to) {
    const { dc, relayer, signedTransfer } = f;
    return {
      transferFrom: () => dc.connect(owner).transferFrom(owner.address, to, tokenId),
      safeTransferFrom: () => dc.connect(owner)["safeTransferFrom(address,address,uint256)"](owner.address, to, tokenId),
      "safeTransferFrom with data": () => dc.connect(owner)["safeTransferFrom(address,address,uint256,bytes)"](owner.address, to, tokenId, "0x01"),
      transferWithAuthorization: async () => {
        const t = await signedTransfer(tokenId, to, owner);
        return dc.connect(relayer).transferWithAuthorization(t.auth, t.signature);
      },
    };
  }

  /** Expects every path to refuse with `error(args)`, and the batch to skip the item with its selector. */
  async function expectRefusedEverywhere(f, owner, tokenId, to, error, args) {
    for (const [name, call] of Object.entries(paths(f, owner, tokenId, to))) {
      await expect(call(), name).to.be.revertedWithCustomError(f.dc, error).withArgs(...args);
    }
    const t = await f.signedTransfer(tokenId, to, owner);
    const receipt = await (await f.dc.connect(f.relayer).transferWithAuthorizations([t.auth], [t.signature])).wait();
    const [skipped] = eventsOf(f.dc, receipt, "TransferSkipped");
    expect(skipped.args.reason, "transferWithAuthorizations").to.equal(f.dc.interface.getError(error).selector);
    expect(await f.dc.ownerOf(tokenId)).to.equal(owner.address);
  }

  describe("a work's hold", function () {
    it("holds each token from its arrival at its owner, on every path, then lets it go", async function () {
      const f = await loadFixture(editionFixture);
      const { dc, creator, alice, bob, editionAuth, mintEdition } = f;
      const { receipt } = await mintEdition(await editionAuth({ holdSeconds: DAY }), 10);
      const until = (await blockTime(receipt)) + DAY;
      expect(await dc.transferableAt(7n)).to.equal(until);
      expect(await dc.rulesOf(7n)).to.deep.equal([DAY, true]);
      await expectRefusedEverywhere(f, creator, 7n, alice.address, "TokenHeld", [7n, until]);
      await time.increaseTo(until);
      for (const [name, call] of Object.entries(paths(f, creator, 7n, alice.address))) {
        await (await call()).wait();
        expect(await dc.ownerOf(7n), name).to.equal(alice.address);
        // The hold starts again at the new owner.
        const arrived = BigInt(await time.latest());
        expect(await dc.transferableAt(7n)).to.equal(arrived + DAY);
        await expect(dc.connect(alice).transferFrom(alice.address, bob.address, 7n)).to.be.revertedWithCustomError(dc, "TokenHeld").withArgs(7n, arrived + DAY);
        await time.increaseTo(arrived + DAY);
        await dc.connect(alice).transferFrom(alice.address, creator.address, 7n);
        await time.increase(DAY);
      }
    });

    it("counts a token minted in a later call from that call", async function () {
      const { dc, editionAuth, mintEdition } = await loadFixture(editionFixture);
      const auth = await editionAuth({ holdSeconds: DAY, editionSize: 200n });
      await mintEdition(auth, 100);
      await time.increase(3600n);
      const { receipt } = await mintEdition(auth, 100);
      expect(await dc.transferableAt(150n)).to.equal((await blockTime(receipt)) + DAY);
    });
  });

  describe("non-transferable works (ERC-5192)", function () {
    it("mints locked tokens, refuses every path with TokenLocked and answers locked()", async function () {
      const f = await loadFixture(editionFixture);
      const { dc, creator, alice, editionAuth, mintEdition, mintWork } = f;
      const { receipt } = await mintEdition(await editionAuth({ transferable: false, editionSize: 3n }), 3);
      expect(eventsOf(dc, receipt, "Locked").map((e) => e.args.tokenId)).to.deep.equal([1n, 2n, 3n]);
      expect(await dc.locked(2n)).to.equal(true);
      expect(await dc.transferableAt(2n)).to.equal(ethers.MaxUint256);
      expect(await dc.rulesOf(2n)).to.deep.equal([0n, false]);
      await expectRefusedEverywhere(f, creator, 2n, alice.address, "TokenLocked", [2n]);
      await mintWork();
      expect(await dc.locked(4n)).to.equal(false);
      expect(await dc.rulesOf(4n)).to.deep.equal([0n, true]);
      await expect(dc.locked(5n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken");
    });

    it("still lets an owner approve (the approval is useless while locked)", async function () {
      const { dc, creator, alice, editionAuth, mintEdition } = await loadFixture(editionFixture);
      await mintEdition(await editionAuth({ transferable: false, editionSize: 2n }), 2);
      await dc.connect(creator).approve(alice.address, 1n);
      await expect(dc.connect(alice).transferFrom(creator.address, alice.address, 1n)).to.be.revertedWithCustomError(dc, "TokenLocked");
    });
  });

  describe("the operator's minimum hold", function () {
    it("only the operator sets it, with an event, within the limit", async function () {
      const { dc, admin, outsider } = await loadFixture(editionFixture);
      expect(await dc.hasRole(OPERATOR_ROLE, admin.address)).to.equal(true);
      await expect(dc.connect(outsider).setMinimumHold(DAY)).to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount");
      await expect(dc.connect(admin).setMinimumHold(DAY)).to.emit(dc, "MinimumHoldChanged").withArgs(DAY);
      expect(await dc.minimumHold()).to.equal(DAY);
      await expect(dc.connect(admin).setMinimumHold(2n ** 40n)).to.be.revertedWithCustomError(dc, "HoldTooLong");
    });

    it("holds unique works from their registration and from each arrival", async function () {
      const f = await loadFixture(editionFixture);
      const { dc, admin, creator, alice, bob, mintWork } = f;
      await dc.connect(admin).setMinimumHold(DAY);
      const { receipt } = await mintWork();
      const until = (await blockTime(receipt)) + DAY;
      expect(await dc.transferableAt(1n)).to.equal(until);
      await expectRefusedEverywhere(f, creator, 1n, alice.address, "TokenHeld", [1n, until]);
      await time.increaseTo(until);
      const moved = await (await dc.connect(creator).transferFrom(creator.address, alice.address, 1n)).wait();
      const again = (await blockTime(moved)) + DAY;
      await expect(dc.connect(alice).transferFrom(alice.address, bob.address, 1n)).to.be.revertedWithCustomError(dc, "TokenHeld").withArgs(1n, again);
    });

    it("takes the longer of the work's hold and the minimum", async function () {
      const { dc, admin, editionAuth, mintEdition } = await loadFixture(editionFixture);
      const { receipt } = await mintEdition(await editionAuth({ holdSeconds: DAY }), 2);
      const minted = await blockTime(receipt);
      await dc.connect(admin).setMinimumHold(3n * DAY);
      expect(await dc.transferableAt(1n)).to.equal(minted + 3n * DAY);
      await dc.connect(admin).setMinimumHold(3600n);
      expect(await dc.transferableAt(1n)).to.equal(minted + DAY);
      await dc.connect(admin).setMinimumHold(0n);
      expect(await dc.transferableAt(1n)).to.equal(minted + DAY);
    });

    it("counts a unique work moved while no minimum was set from when the minimum was set, never earlier", async function () {
      const { dc, admin, creator, alice, bob, mintWork } = await loadFixture(editionFixture);
      await mintWork();
      await dc.connect(creator).transferFrom(creator.address, alice.address, 1n); // not recorded: no hold set
      await time.increase(DAY);
      const set = await (await dc.connect(admin).setMinimumHold(DAY)).wait();
      const until = (await blockTime(set)) + DAY;
      expect(await dc.transferableAt(1n)).to.equal(until);
      await expect(dc.connect(alice).transferFrom(alice.address, bob.address, 1n)).to.be.revertedWithCustomError(dc, "TokenHeld").withArgs(1n, until);
      await dc.connect(admin).setMinimumHold(0n);
      await dc.connect(alice).transferFrom(alice.address, bob.address, 1n);
      expect(await dc.transferableAt(1n)).to.equal(0n);
    });
  });

  describe("freezes", function () {
    it("refuses every path while frozen, with the reason, and frees the token when unfrozen", async function () {
      const f = await loadFixture(editionFixture);
      const { dc, admin, creator, alice, editionAuth, mintEdition } = f;
      await mintEdition(await editionAuth({ editionSize: 100n }), 100);
      await expect(dc.connect(admin).freeze(37n, 7)).to.emit(dc, "TokenFrozen").withArgs(37n, 7).and.to.emit(dc, "Locked").withArgs(37n);
      expect(await dc.frozenReason(37n)).to.deep.equal([true, 7n]);
      expect(await dc.locked(37n)).to.equal(true);
      await expectRefusedEverywhere(f, creator, 37n, alice.address, "TokenIsFrozen", [37n, 7n]);
      // Freezing again changes the reason, without a second Locked.
      await expect(dc.connect(admin).freeze(37n, 9)).to.emit(dc, "TokenFrozen").withArgs(37n, 9).and.not.to.emit(dc, "Locked");
      await expect(dc.connect(creator).transferFrom(creator.address, alice.address, 37n)).to.be.revertedWithCustomError(dc, "TokenIsFrozen").withArgs(37n, 9n);
      await dc.connect(creator).transferFrom(creator.address, alice.address, 38n); // a neighbour is free
      await expect(dc.connect(admin).unfreeze(37n)).to.emit(dc, "TokenUnfrozen").withArgs(37n).and.to.emit(dc, "Unlocked").withArgs(37n);
      expect(await dc.frozenReason(37n)).to.deep.equal([false, 0n]);
      expect(await dc.locked(37n)).to.equal(false);
      await dc.connect(creator).transferFrom(creator.address, alice.address, 37n);
      expect(await dc.ownerOf(37n)).to.equal(alice.address);
    });

    it("only the operator freezes, an existing token; unfreezing needs a frozen token", async function () {
      const { dc, admin, outsider, mintWork } = await loadFixture(editionFixture);
      await mintWork();
      await expect(dc.connect(outsider).freeze(1n, 1)).to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount");
      await expect(dc.connect(admin).freeze(2n, 1)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(2n);
      await expect(dc.connect(admin).unfreeze(1n)).to.be.revertedWithCustomError(dc, "TokenNotFrozen").withArgs(1n);
      await dc.connect(admin).freeze(1n, 0);
      expect(await dc.frozenReason(1n)).to.deep.equal([true, 0n]);
      await expect(dc.connect(outsider).unfreeze(1n)).to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount");
    });

    it("a frozen non-transferable token stays locked when unfrozen (no Unlocked)", async function () {
      const { dc, admin, editionAuth, mintEdition } = await loadFixture(editionFixture);
      await mintEdition(await editionAuth({ transferable: false, editionSize: 1n }), 1);
      await expect(dc.connect(admin).freeze(1n, 3)).not.to.emit(dc, "Locked");
      await expect(dc.connect(admin).unfreeze(1n)).not.to.emit(dc, "Unlocked");
      expect(await dc.locked(1n)).to.equal(true);
    });

    it("reports locked first, then frozen, then held", async function () {
      const { dc, admin, creator, alice, editionAuth, mintEdition } = await loadFixture(editionFixture);
      await mintEdition(await editionAuth({ holdSeconds: DAY, editionSize: 2n }), 2);
      await dc.connect(admin).freeze(1n, 5);
      await expect(dc.connect(creator).transferFrom(creator.address, alice.address, 1n)).to.be.revertedWithCustomError(dc, "TokenIsFrozen");
      await mintEdition(await editionAuth({ contentHash: contentHashOf("locked"), holdSeconds: DAY, transferable: false, editionSize: 1n }), 1);
      await dc.connect(admin).freeze(3n, 5);
      await expect(dc.connect(creator).transferFrom(creator.address, alice.address, 3n)).to.be.revertedWithCustomError(dc, "TokenLocked");
    });
  });

  it("answers supportsInterface for ERC-5192 and ERC-4906", async function () {
    const { dc } = await loadFixture(editionFixture);
    expect(await dc.supportsInterface("0xb45a3c0e")).to.equal(true);
    expect(await dc.supportsInterface("0x49064906")).to.equal(true);
    expect(await dc.supportsInterface("0x80ac58cd")).to.equal(true);
    expect(await dc.supportsInterface("0xffffffff")).to.equal(false);
  });
});
