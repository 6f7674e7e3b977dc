// Slot 13 as one word: the offsets DigitalCollectionStorage's _collectionWord decodes (and the mints
// write back whole) against the compiler's storage layout and against the contract's own answers.
"use strict";

const { expect } = require("chai");
const { ethers, artifacts } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf } = require("./helpers");
const { editionFixture } = require("./editionFixture");

describe("DigitalCollection slot 13 (counter, minimum hold, freeze count, pause)", function () {
  it("keeps the variables at the bit offsets the contract's constants decode", async function () {
    const info = await artifacts.getBuildInfo("contracts/DigitalCollection.sol:DigitalCollection");
    const storage = info.output.contracts["contracts/DigitalCollection.sol"].DigitalCollection.storageLayout.storage;
    const at = (label) => storage.find((s) => s.label === label);
    const expected = { _lastTokenId: 0, _minimumHold: 96, _minimumHoldSince: 160, _frozenCount: 200, _pausedFlag: 232 };
    for (const [label, bits] of Object.entries(expected)) {
      expect(Number(at(label).slot), `${label} slot`).to.equal(13);
      expect(at(label).offset * 8, `${label} offset`).to.equal(bits);
    }
  });

  it("leaves the minimum hold, its start and the freeze count as they were when a mint writes the counter", async function () {
    const { dc, admin, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    await mintWork({ contentHash: contentHashOf("before") });
    await dc.connect(admin).setMinimumHold(3600n);
    await dc.connect(admin).freeze(1n, 7);
    const before = BigInt(await ethers.provider.getStorage(await dc.getAddress(), 13));
    await mintWork({ contentHash: contentHashOf("after") });
    await mintEdition(await editionAuth({ contentHash: contentHashOf("edition"), editionSize: 5n }), 2);
    const after = BigInt(await ethers.provider.getStorage(await dc.getAddress(), 13));
    const counter = (1n << 96n) - 1n;
    expect(after & ~counter).to.equal(before & ~counter);
    expect(after & counter).to.equal(7n);
    expect(await dc.totalWorks()).to.equal(7n);
    expect(await dc.minimumHold()).to.equal(3600n);
    expect((await dc.frozenReason(1n)).frozen).to.equal(true);
    expect(await dc.paused()).to.equal(false);
  });
});
