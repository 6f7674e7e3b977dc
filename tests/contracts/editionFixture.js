// A deployed collection with helpers to sign and relay editions (shared by the edition and rules tests).
"use strict";

const { ethers } = require("hardhat");
const { time } = require("@nomicfoundation/hardhat-network-helpers");
const { NAME, SYMBOL, BASE_URI, domainOf, contentHashOf, signMint, signEdition, signRecipients, signTransfer } = require("./helpers");

async function editionFixture() {
  const [admin, relayer, creator, alice, bob, carol, outsider] = await ethers.getSigners();
  const dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [relayer.address]]);
  const domain = await domainOf(dc);

  /** An edition authorization (defaults: 10 tokens to the creator, no royalty, no hold, transferable, 1 h). */
  async function editionAuth(overrides = {}) {
    return {
      creator: creator.address,
      to: creator.address,
      contentHash: contentHashOf("edition #1"),
      royaltyBps: 0n,
      editionSize: 10n,
      holdSeconds: 0n,
      transferable: true,
      deadline: BigInt(await time.latest()) + 3600n,
      ...overrides,
    };
  }

  /** Signs `auth` (by the creator) and relays mintEdition(count); returns the receipt and the edition's first id. */
  async function mintEdition(auth, count, signer = creator) {
    const signature = await signEdition(signer, domain, auth);
    const first = await dc.connect(relayer).mintEdition.staticCall(auth, signature, count);
    const tx = await dc.connect(relayer).mintEdition(auth, signature, count);
    return { tx, first, signature, receipt: await tx.wait() };
  }

  /** Relays mintEditionTo with the creator's signature of the chunk starting at `firstNumber`. */
  async function mintEditionTo(auth, recipients, firstNumber, signer = creator) {
    const signature = await signEdition(creator, domain, auth);
    const recipientsSignature = await signRecipients(signer, domain, { contentHash: auth.contentHash, firstNumber, recipients });
    const tx = await dc.connect(relayer).mintEditionTo(auth, signature, recipients, recipientsSignature);
    return { tx, signature, recipientsSignature, receipt: await tx.wait() };
  }

  /** Mints a unique work through mintWork. */
  async function mintWork(overrides = {}) {
    const auth = {
      creator: creator.address,
      to: creator.address,
      contentHash: contentHashOf("unique work"),
      royaltyBps: 0n,
      deadline: BigInt(await time.latest()) + 3600n,
      ...overrides,
    };
    const tx = await dc.connect(relayer).mintWork(auth, await signMint(creator, domain, auth));
    return { auth, tx, receipt: await tx.wait() };
  }

  /** A signed transfer authorization of `tokenId` from its owner at its current nonce. */
  async function signedTransfer(tokenId, to, owner) {
    const auth = { from: owner.address, to, tokenId, nonce: await dc.transferNonce(tokenId), deadline: BigInt(await time.latest()) + 3600n };
    return { auth, signature: await signTransfer(owner, domain, auth) };
  }

  return { dc, domain, admin, relayer, creator, alice, bob, carol, outsider, editionAuth, mintEdition, mintEditionTo, mintWork, signedTransfer };
}

/** The events named `name` of a receipt, parsed by the contract. */
function eventsOf(dc, receipt, name) {
  return receipt.logs.map((l) => dc.interface.parseLog(l)).filter((e) => e && e.name === name);
}

module.exports = { editionFixture, eventsOf };
