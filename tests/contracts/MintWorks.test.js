// mintWorks: a batch of mint authorizations, every item checked as mintWork checks it; a bad
// item is skipped with MintSkipped(index, contentHash, reason) and the others are minted.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, domainOf, contentHashOf, signMint } = require("./helpers");

describe("DigitalCollection mintWorks", function () {
  async function deployFixture() {
    const [admin, relayer, creator, alice, outsider, walletOwner] = await ethers.getSigners();
    const dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [relayer.address]]);
    const wallet = await ethers.deployContract("MockERC1271Wallet", [walletOwner.address]);
    const domain = await domainOf(dc);
    const latest = BigInt(await time.latest());

    /** A signed item: `i` names its content; the creator mints to alice with 5% royalty. */
    async function item(i, overrides = {}, signer = creator) {
      const auth = {
        creator: creator.address,
        to: alice.address,
        contentHash: contentHashOf(`batch work ${i}`),
        royaltyBps: 500n,
        deadline: latest + 3600n,
        ...overrides,
      };
      return { auth, signature: await signMint(signer, domain, auth) };
    }

    return { dc, wallet, domain, admin, relayer, creator, alice, outsider, walletOwner, latest, item };
  }

  const split = (items) => [items.map((x) => x.auth), items.map((x) => x.signature)];

  it("mints every item of a good batch, in order, to the right owners", async function () {
    const { dc, relayer, creator, alice, wallet, walletOwner, item } = await loadFixture(deployFixture);
    const walletAddress = await wallet.getAddress();
    const items = [
      await item(0),
      await item(1, { to: creator.address, royaltyBps: 0n }),
      await item(2, { creator: walletAddress }, walletOwner),
    ];
    const [auths, sigs] = split(items);
    expect(await dc.connect(relayer).mintWorks.staticCall(auths, sigs)).to.deep.equal([1n, 2n, 3n]);
    const tx = await dc.connect(relayer).mintWorks(auths, sigs);
    for (let i = 0; i < 3; i++) {
      await expect(tx).to.emit(dc, "Transfer").withArgs(ethers.ZeroAddress, auths[i].to, BigInt(i + 1));
      await expect(tx).to.emit(dc, "WorkRegistered").withArgs(BigInt(i + 1), auths[i].creator, auths[i].contentHash);
      expect(await dc.ownerOf(i + 1)).to.equal(auths[i].to);
      expect(await dc.tokenOfContent(auths[i].contentHash)).to.equal(BigInt(i + 1));
    }
    await expect(tx).not.to.emit(dc, "MintSkipped");
    expect(await dc.totalWorks()).to.equal(3n);
    expect(await dc.balanceOf(alice.address)).to.equal(2n);
    const [receiver, amount] = await dc.royaltyInfo(1n, 10000n);
    expect([receiver, amount]).to.deep.equal([creator.address, 500n]);
    expect((await dc.workOf(3n)).creator).to.equal(walletAddress);
  });

  // Each case builds the bad item for position `index` of a 5-item batch of good items.
  const cases = [
    {
      name: "a duplicate inside the batch",
      error: "WorkAlreadyRegistered",
      // The first item cannot repeat an earlier one: the repeat sits at 1, 2 or 4 and repeats item 0.
      positions: [1, 2, 4],
      bad: async (f) => f.item(0, { to: f.creator.address }),
    },
    {
      name: "a duplicate of a work already on chain",
      error: "WorkAlreadyRegistered",
      positions: [0, 2, 4],
      setup: async (f) => {
        const { auth, signature } = await f.item("on chain");
        await f.dc.connect(f.relayer).mintWork(auth, signature);
      },
      bad: async (f) => f.item("on chain"),
    },
    {
      name: "an expired item",
      error: "AuthorizationExpired",
      positions: [0, 2, 4],
      bad: async (f, index) => f.item(`expired ${index}`, { deadline: f.latest - 1n }),
    },
    {
      name: "a bad ERC-1271 signature",
      error: "InvalidSignature",
      positions: [0, 2, 4],
      bad: async (f, index) => f.item(`wallet ${index}`, { creator: await f.wallet.getAddress() }, f.outsider),
    },
    {
      name: "a royalty above the cap",
      error: "RoyaltyTooHigh",
      positions: [2],
      bad: async (f, index) => f.item(`royalty ${index}`, { royaltyBps: 1001n }),
    },
    {
      name: "a zero content hash",
      error: "ZeroContentHash",
      positions: [2],
      bad: async (f) => f.item("zero", { contentHash: ethers.ZeroHash }),
    },
    {
      name: "a zero receiver",
      error: "ERC721InvalidReceiver",
      positions: [2],
      bad: async (f, index) => f.item(`no receiver ${index}`, { to: ethers.ZeroAddress }),
    },
    {
      name: "a zero creator",
      error: "ZeroCreator",
      positions: [2],
      bad: async (f, index) => f.item(`no creator ${index}`, { creator: ethers.ZeroAddress }),
    },
  ];

  for (const c of cases) {
    for (const index of c.positions) {
      it(`skips ${c.name} at position ${index} of 5 and mints the other four`, async function () {
        const f = await loadFixture(deployFixture);
        const { dc, relayer } = f;
        if (c.setup) await c.setup(f);
        const before = await dc.totalWorks();
        const items = [];
        for (let i = 0; i < 5; i++) items.push(i === index ? await c.bad(f, index) : await f.item(i));
        const [auths, sigs] = split(items);
        const reason = dc.interface.getError(c.error).selector;

        const expectedIds = [];
        let next = before;
        for (let i = 0; i < 5; i++) expectedIds.push(i === index ? 0n : ++next);
        expect(await dc.connect(relayer).mintWorks.staticCall(auths, sigs)).to.deep.equal(expectedIds);

        const tx = await dc.connect(relayer).mintWorks(auths, sigs);
        await expect(tx).to.emit(dc, "MintSkipped").withArgs(BigInt(index), auths[index].contentHash, reason);
        const receipt = await tx.wait();
        const skipped = receipt.logs.filter((l) => l.fragment && l.fragment.name === "MintSkipped");
        expect(skipped).to.have.length(1);
        const registered = receipt.logs.filter((l) => l.fragment && l.fragment.name === "WorkRegistered");
        expect(registered.map((l) => l.args.tokenId)).to.deep.equal(expectedIds.filter((id) => id !== 0n));
        for (let i = 0; i < 5; i++) {
          if (i === index) continue;
          expect(await dc.ownerOf(expectedIds[i])).to.equal(auths[i].to);
          expect(await dc.tokenOfContent(auths[i].contentHash)).to.equal(expectedIds[i]);
        }
        // The skipped item took no token id: the ids stay contiguous.
        expect(await dc.totalWorks()).to.equal(before + 4n);
      });
    }
  }

  it("a skipped bad signature leaves the work registrable by its good authorization", async function () {
    const { dc, relayer, outsider, item } = await loadFixture(deployFixture);
    const bad = await item("retry", {}, outsider);
    await dc.connect(relayer).mintWorks([bad.auth], [bad.signature]);
    expect(await dc.tokenOfContent(bad.auth.contentHash)).to.equal(0n);
    const good = await item("retry");
    await expect(dc.connect(relayer).mintWorks([good.auth], [good.signature]))
      .to.emit(dc, "WorkRegistered")
      .withArgs(1n, good.auth.creator, good.auth.contentHash);
  });

  it("reverts as a whole while paused", async function () {
    const { dc, admin, relayer, item } = await loadFixture(deployFixture);
    await dc.connect(admin).pause();
    const [auths, sigs] = split([await item(0)]);
    await expect(dc.connect(relayer).mintWorks(auths, sigs)).to.be.revertedWithCustomError(dc, "EnforcedPause");
  });

  it("reverts for a caller without MINTER_ROLE", async function () {
    const { dc, outsider, item } = await loadFixture(deployFixture);
    const [auths, sigs] = split([await item(0)]);
    await expect(dc.connect(outsider).mintWorks(auths, sigs))
      .to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount")
      .withArgs(outsider.address, await dc.MINTER_ROLE());
  });

  it("reverts when authorizations and signatures differ in number", async function () {
    const { dc, relayer, item } = await loadFixture(deployFixture);
    const [auths, sigs] = split([await item(0), await item(1)]);
    await expect(dc.connect(relayer).mintWorks(auths, sigs.slice(0, 1)))
      .to.be.revertedWithCustomError(dc, "BatchLengthMismatch")
      .withArgs(2n, 1n);
  });

  it("reverts for an empty batch", async function () {
    const { dc, relayer } = await loadFixture(deployFixture);
    await expect(dc.connect(relayer).mintWorks([], [])).to.be.revertedWithCustomError(dc, "EmptyBatch");
  });
});
