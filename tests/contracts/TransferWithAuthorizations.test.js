// transferWithAuthorizations: a batch of transfer authorizations, every item checked as
// transferWithAuthorization checks it; a bad item is skipped with
// TransferSkipped(index, tokenId, reason) and the others are transferred.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, domainOf, contentHashOf, signMint, signTransfer } = require("./helpers");

describe("DigitalCollection transferWithAuthorizations", function () {
  /** Tokens 1-5 owned by `creator`, token 6 by the ERC-1271 wallet; each moved once. */
  async function mintedFixture() {
    const [admin, relayer, creator, alice, outsider, walletOwner] = await ethers.getSigners();
    const dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [relayer.address]]);
    const wallet = await ethers.deployContract("MockERC1271Wallet", [walletOwner.address]);
    const walletAddress = await wallet.getAddress();
    const domain = await domainOf(dc);
    const latest = BigInt(await time.latest());
    for (let i = 1; i <= 6; i++) {
      const auth = {
        creator: creator.address,
        to: i === 6 ? walletAddress : creator.address,
        contentHash: contentHashOf(`transfer work ${i}`),
        royaltyBps: 500n,
        deadline: latest + 3600n,
      };
      await dc.connect(relayer).mintWork(auth, await signMint(creator, domain, auth));
    }

    /** A signed transfer of `tokenId` from its owner to alice at its current nonce. */
    async function item(tokenId, overrides = {}, signer = creator) {
      const auth = {
        from: await dc.ownerOf(tokenId),
        to: alice.address,
        tokenId: BigInt(tokenId),
        nonce: await dc.transferNonce(tokenId),
        deadline: latest + 3600n,
        ...overrides,
      };
      return { auth, signature: await signTransfer(signer, domain, auth) };
    }

    return { dc, wallet, walletAddress, domain, admin, relayer, creator, alice, outsider, walletOwner, latest, item };
  }

  const split = (items) => [items.map((x) => x.auth), items.map((x) => x.signature)];

  it("transfers every item of a good batch, EOA and ERC-1271 owners, relayed by anyone", async function () {
    const { dc, outsider, alice, walletAddress, walletOwner, item } = await loadFixture(mintedFixture);
    const items = [await item(1), await item(2), await item(6, {}, walletOwner)];
    const [auths, sigs] = split(items);
    expect(await dc.connect(outsider).transferWithAuthorizations.staticCall(auths, sigs)).to.deep.equal([true, true, true]);
    const tx = await dc.connect(outsider).transferWithAuthorizations(auths, sigs);
    for (const a of auths) {
      await expect(tx).to.emit(dc, "Transfer").withArgs(a.from, alice.address, a.tokenId);
      expect(await dc.ownerOf(a.tokenId)).to.equal(alice.address);
      expect(await dc.transferNonce(a.tokenId)).to.equal(1n);
    }
    expect(auths[2].from).to.equal(walletAddress);
    await expect(tx).not.to.emit(dc, "TransferSkipped");
  });

  // Each case builds the bad item for position `index` of a 5-item batch moving tokens 1-5.
  const cases = [
    {
      name: "an expired item",
      error: "AuthorizationExpired",
      positions: [0, 2, 4],
      bad: async (f, tokenId) => f.item(tokenId, { deadline: f.latest - 1n }),
    },
    {
      name: "a bad ERC-1271 signature",
      error: "InvalidSignature",
      positions: [0, 2, 4],
      // Token 6 (the wallet's) replaces the item's token; signed by someone the wallet does not accept.
      bad: async (f) => f.item(6, {}, f.outsider),
      tokenOf: () => 6n,
    },
    {
      name: "a stale nonce",
      error: "InvalidTransferNonce",
      positions: [0, 2, 4],
      bad: async (f, tokenId) => f.item(tokenId, { nonce: 7n }),
    },
    {
      // Checked as transferWithAuthorization checks, owner before nonce: token 1 now belongs to alice.
      name: "a second move of a token moved earlier in the batch",
      error: "ERC721IncorrectOwner",
      // The repeat sits at 1, 2 or 4 and repeats item 0's authorization (token 1, nonce 0).
      positions: [1, 2, 4],
      bad: async (f) => f.item(1),
      tokenOf: () => 1n,
    },
    {
      name: "a wrong owner",
      error: "ERC721IncorrectOwner",
      positions: [2],
      bad: async (f, tokenId) => f.item(tokenId, { from: f.alice.address }, f.alice),
    },
    {
      name: "a zero receiver",
      error: "ERC721InvalidReceiver",
      positions: [2],
      bad: async (f, tokenId) => f.item(tokenId, { to: ethers.ZeroAddress }),
    },
  ];

  for (const c of cases) {
    for (const index of c.positions) {
      it(`skips ${c.name} at position ${index} of 5 and transfers the other four`, async function () {
        const f = await loadFixture(mintedFixture);
        const { dc, outsider, alice } = f;
        const items = [];
        for (let i = 0; i < 5; i++) items.push(i === index ? await c.bad(f, i + 1) : await f.item(i + 1));
        const [auths, sigs] = split(items);
        const skippedToken = c.tokenOf ? c.tokenOf() : BigInt(index + 1);
        const nonceBefore = await dc.transferNonce(skippedToken);
        const ownerBefore = await dc.ownerOf(skippedToken);
        const reason = dc.interface.getError(c.error).selector;

        const expected = [0, 1, 2, 3, 4].map((i) => i !== index);
        expect(await dc.connect(outsider).transferWithAuthorizations.staticCall(auths, sigs)).to.deep.equal(expected);
        const tx = await dc.connect(outsider).transferWithAuthorizations(auths, sigs);
        await expect(tx).to.emit(dc, "TransferSkipped").withArgs(BigInt(index), skippedToken, reason);
        const receipt = await tx.wait();
        expect(receipt.logs.filter((l) => l.fragment && l.fragment.name === "TransferSkipped")).to.have.length(1);
        expect(receipt.logs.filter((l) => l.fragment && l.fragment.name === "Transfer")).to.have.length(4);
        for (let i = 0; i < 5; i++) {
          if (i === index) continue;
          expect(await dc.ownerOf(auths[i].tokenId)).to.equal(alice.address);
        }
        if (skippedToken !== 1n || index === 0) {
          // The skipped item consumed no nonce and moved nothing.
          expect(await dc.transferNonce(skippedToken)).to.equal(nonceBefore);
          expect(await dc.ownerOf(skippedToken)).to.equal(ownerBefore);
        }
      });
    }
  }

  it("a skipped bad signature consumes no nonce: a good authorization at the same nonce still works", async function () {
    const { dc, outsider, alice, walletOwner, item } = await loadFixture(mintedFixture);
    const bad = await item(6, {}, outsider);
    await dc.connect(outsider).transferWithAuthorizations([bad.auth], [bad.signature]);
    expect(await dc.transferNonce(6n)).to.equal(0n);
    const good = await item(6, {}, walletOwner);
    expect(good.auth.nonce).to.equal(0n);
    await dc.connect(outsider).transferWithAuthorizations([good.auth], [good.signature]);
    expect(await dc.ownerOf(6n)).to.equal(alice.address);
  });

  it("skips an unknown token as ERC721NonexistentToken", async function () {
    const { dc, outsider, item } = await loadFixture(mintedFixture);
    const good = await item(1);
    const unknown = { ...good.auth, tokenId: 99n };
    await expect(dc.connect(outsider).transferWithAuthorizations([unknown], [good.signature]))
      .to.emit(dc, "TransferSkipped")
      .withArgs(0n, 99n, dc.interface.getError("ERC721NonexistentToken").selector);
  });

  it("reverts as a whole while paused", async function () {
    const { dc, admin, outsider, item } = await loadFixture(mintedFixture);
    await dc.connect(admin).pause();
    const [auths, sigs] = split([await item(1)]);
    await expect(dc.connect(outsider).transferWithAuthorizations(auths, sigs)).to.be.revertedWithCustomError(
      dc,
      "EnforcedPause",
    );
  });

  it("reverts when authorizations and signatures differ in number", async function () {
    const { dc, outsider, item } = await loadFixture(mintedFixture);
    const [auths, sigs] = split([await item(1), await item(2)]);
    await expect(dc.connect(outsider).transferWithAuthorizations(auths.slice(0, 1), sigs))
      .to.be.revertedWithCustomError(dc, "BatchLengthMismatch")
      .withArgs(1n, 2n);
  });

  it("reverts for an empty batch", async function () {
    const { dc, outsider } = await loadFixture(mintedFixture);
    await expect(dc.connect(outsider).transferWithAuthorizations([], [])).to.be.revertedWithCustomError(dc, "EmptyBatch");
  });
});
