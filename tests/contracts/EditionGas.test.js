// Gas of editions (printed, not asserted against a target: benchmarks print numbers).
// Per additional token = (gas of an edition of 100 in one call - gas of an edition of 1) / 99.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, reset } = require("@nomicfoundation/hardhat-network-helpers");
const { contentHashOf } = require("./helpers");
const { editionFixture } = require("./editionFixture");

describe("DigitalCollection edition gas (figures for docs/benchmarks.md)", function () {
  // A fresh chain: an earlier file moves the clock past uint40 seconds, where stored times wrap.
  before(async function () {
    await reset();
  });

  it("prints the gas of editions, their transfers and ownerOf", async function () {
    const { dc, creator, alice, bob, editionAuth, mintEdition, mintWork } = await loadFixture(editionFixture);
    // Warm up: creator and alice already hold a token, as in scripts/gas-report.js.
    await mintWork({ contentHash: contentHashOf("warm 1") });
    await mintWork({ contentHash: contentHashOf("warm 2"), to: alice.address });

    const one = (await mintEdition(await editionAuth({ contentHash: contentHashOf("e1"), editionSize: 1n }), 1)).receipt.gasUsed;
    const hundred = await mintEdition(await editionAuth({ contentHash: contentHashOf("e100"), editionSize: 100n }), 100);
    const perToken = (hundred.receipt.gasUsed - one) / 99n;
    const big = await mintEdition(await editionAuth({ contentHash: contentHashOf("e1000"), editionSize: 1000n }), 1000);
    const locked = await mintEdition(await editionAuth({ contentHash: contentHashOf("locked100"), editionSize: 100n, transferable: false }), 100);
    const first = hundred.first;

    // Transfers of tokens never written (their owner comes from the edition), to an existing holder.
    const t37 = (await (await dc.connect(creator).transferFrom(creator.address, alice.address, first + 36n)).wait()).gasUsed;
    const again = (await (await dc.connect(alice).transferFrom(alice.address, creator.address, first + 36n)).wait()).gasUsed;
    const toNew = (await (await dc.connect(creator).transferFrom(creator.address, bob.address, first + 63n)).wait()).gasUsed;
    const ownerOfUnwritten = await dc.ownerOf.estimateGas(first + 50n);
    const ownerOfWritten = await dc.ownerOf.estimateGas(first + 36n);
    const ownerOfUnique = await dc.ownerOf.estimateGas(1n);

    const rows = [
      ["mintEdition, edition of 1", one],
      ["mintEdition, edition of 100 in one call", hundred.receipt.gasUsed],
      ["  per additional token (100 - 1) / 99", perToken],
      ["mintEdition, edition of 1000 in one call, per token", big.receipt.gasUsed / 1000n],
      ["mintEdition, 100 non-transferable (Locked events), per token", locked.receipt.gasUsed / 100n],
      ["transferFrom of an unwritten edition token, to a holder", t37],
      ["transferFrom of that token again (word written)", again],
      ["transferFrom of an unwritten edition token, to a new holder", toNew],
      ["ownerOf (eth_estimateGas) unwritten edition token", ownerOfUnwritten],
      ["ownerOf (eth_estimateGas) written edition token", ownerOfWritten],
      ["ownerOf (eth_estimateGas) unique work", ownerOfUnique],
    ];
    console.log("      edition gas:");
    for (const [label, gas] of rows) console.log(`        ${label.padEnd(62)} ${gas.toString().padStart(10)}`);
    expect(await dc.ownerOf(first + 36n)).to.equal(creator.address);
  });
});
