"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time, setStorageAt } = require("@nomicfoundation/hardhat-network-helpers");
const { PANIC_CODES } = require("@nomicfoundation/hardhat-chai-matchers/panic");
const {
  NAME,
  SYMBOL,
  BASE_URI,
  MINT_TYPE,
  TRANSFER_TYPE,
  MINT_TYPES,
  TRANSFER_TYPES,
  domainOf,
  contentHashOf,
  signMint,
  signTransfer,
} = require("./helpers");

const MINTER_ROLE = ethers.id("MINTER_ROLE");
const PAUSER_ROLE = ethers.id("PAUSER_ROLE");
const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;

describe("DigitalCollection", function () {
  async function deployFixture() {
    const [admin, relayer, creator, alice, bob, outsider, walletOwner, relayer2] = await ethers.getSigners();
    const dc = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [
      relayer.address,
      relayer2.address,
    ]]);
    const domain = await domainOf(dc);

    /** Builds a mint authorization (defaults: creator mints to itself, no royalty, 1 h deadline). */
    async function mintAuth(overrides = {}) {
      return {
        creator: creator.address,
        to: creator.address,
        contentHash: contentHashOf("work #1"),
        royaltyBps: 0n,
        deadline: BigInt(await time.latest()) + 3600n,
        ...overrides,
      };
    }

    /** Signs (by `signer`, default the creator) and relays a mint through `relayer`. */
    async function mint(overrides = {}, signer = creator) {
      const auth = await mintAuth(overrides);
      const signature = await signMint(signer, domain, auth);
      const tx = await dc.connect(relayer).mintWork(auth, signature);
      return { auth, signature, tx };
    }

    /** Builds a transfer authorization of `tokenId` from its owner at its current nonce. */
    async function transferAuth(tokenId, to, overrides = {}) {
      return {
        from: await dc.ownerOf(tokenId),
        to,
        tokenId,
        nonce: await dc.transferNonce(tokenId),
        deadline: BigInt(await time.latest()) + 3600n,
        ...overrides,
      };
    }

    return {
      dc,
      domain,
      admin,
      relayer,
      relayer2,
      creator,
      alice,
      bob,
      outsider,
      walletOwner,
      mintAuth,
      mint,
      transferAuth,
    };
  }

  /** Deployment plus token 1: created by `creator`, owned by `alice`, 5% royalty. */
  async function mintedFixture() {
    const f = await deployFixture();
    const contentHash = contentHashOf("the first work");
    await f.mint({ to: f.alice.address, contentHash, royaltyBps: 500n });
    return { ...f, tokenId: 1n, contentHash };
  }

  /** Deployment plus an ERC-1271 wallet controlled by `walletOwner`. */
  async function walletFixture() {
    const f = await deployFixture();
    const wallet = await ethers.deployContract("MockERC1271Wallet", [f.walletOwner.address]);
    return { ...f, wallet, walletAddress: await wallet.getAddress() };
  }

  describe("deployment", function () {
    it("sets name, symbol, roles and the base URI", async function () {
      const { dc, admin, relayer, relayer2, outsider } = await loadFixture(deployFixture);
      expect(await dc.name()).to.equal(NAME);
      expect(await dc.symbol()).to.equal(SYMBOL);
      expect(await dc.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await dc.hasRole(PAUSER_ROLE, admin.address)).to.equal(true);
      expect(await dc.hasRole(MINTER_ROLE, relayer.address)).to.equal(true);
      expect(await dc.hasRole(MINTER_ROLE, relayer2.address)).to.equal(true);
      expect(await dc.hasRole(MINTER_ROLE, admin.address)).to.equal(false);
      expect(await dc.hasRole(DEFAULT_ADMIN_ROLE, outsider.address)).to.equal(false);
      expect(await dc.totalWorks()).to.equal(0n);
      expect(await dc.paused()).to.equal(false);
    });

    it("exposes the role and type-hash constants", async function () {
      const { dc } = await loadFixture(deployFixture);
      expect(await dc.MINTER_ROLE()).to.equal(MINTER_ROLE);
      expect(await dc.PAUSER_ROLE()).to.equal(PAUSER_ROLE);
      expect(await dc.MAX_ROYALTY_BPS()).to.equal(1000n);
      expect(await dc.MINT_AUTHORIZATION_TYPEHASH()).to.equal(ethers.id(MINT_TYPE));
      expect(await dc.TRANSFER_AUTHORIZATION_TYPEHASH()).to.equal(ethers.id(TRANSFER_TYPE));
      // The ethers type definitions used by every client encode to exactly the fixed type strings.
      expect(ethers.TypedDataEncoder.from(MINT_TYPES).encodeType("MintAuthorization")).to.equal(MINT_TYPE);
      expect(ethers.TypedDataEncoder.from(TRANSFER_TYPES).encodeType("TransferAuthorization")).to.equal(
        TRANSFER_TYPE,
      );
    });

    it("emits BaseURIUpdated with the initial base URI", async function () {
      const { dc } = await loadFixture(deployFixture);
      await expect(dc.deploymentTransaction()).to.emit(dc, "BaseURIUpdated").withArgs(BASE_URI);
    });

    it("publishes the EIP-712 domain (EIP-5267 eip712Domain)", async function () {
      const { dc } = await loadFixture(deployFixture);
      const d = await dc.eip712Domain();
      const { chainId } = await ethers.provider.getNetwork();
      expect(d.fields).to.equal("0x0f");
      expect(d.name).to.equal(NAME);
      expect(d.version).to.equal("1");
      expect(d.chainId).to.equal(chainId);
      expect(d.chainId).to.equal(31337n);
      expect(d.verifyingContract).to.equal(await dc.getAddress());
      expect(d.salt).to.equal(ethers.ZeroHash);
      expect(d.extensions).to.deep.equal([]);
    });

    it("supports ERC-165, ERC-721, ERC-721 Metadata, ERC-2981 and AccessControl", async function () {
      const { dc } = await loadFixture(deployFixture);
      for (const id of ["0x01ffc9a7", "0x80ac58cd", "0x5b5e139f", "0x2a55205a", "0x7965db0b"]) {
        expect(await dc.supportsInterface(id), id).to.equal(true);
      }
      for (const id of ["0xffffffff", "0x780e9d63" /* ERC721Enumerable */, "0x12345678"]) {
        expect(await dc.supportsInterface(id), id).to.equal(false);
      }
    });
  });

  describe("hash helpers", function () {
    it("hashMintAuthorization equals ethers TypedDataEncoder.hash", async function () {
      const { dc, domain, mintAuth, alice } = await loadFixture(deployFixture);
      const auth = await mintAuth({ to: alice.address, royaltyBps: 1000n, deadline: ethers.MaxUint256 });
      expect(await dc.hashMintAuthorization(auth)).to.equal(ethers.TypedDataEncoder.hash(domain, MINT_TYPES, auth));
    });

    it("hashTransferAuthorization equals ethers TypedDataEncoder.hash", async function () {
      const { dc, domain, alice, bob } = await loadFixture(deployFixture);
      const auth = { from: alice.address, to: bob.address, tokenId: 42n, nonce: 7n, deadline: 1234567890n };
      expect(await dc.hashTransferAuthorization(auth)).to.equal(
        ethers.TypedDataEncoder.hash(domain, TRANSFER_TYPES, auth),
      );
    });
  });

  describe("mintWork", function () {
    it("mints token 1 and records the work", async function () {
      const { dc, relayer, creator, alice, mintAuth, domain } = await loadFixture(deployFixture);
      const auth = await mintAuth({ to: alice.address, royaltyBps: 250n });
      const signature = await signMint(creator, domain, auth);

      expect(await dc.connect(relayer).mintWork.staticCall(auth, signature)).to.equal(1n);
      const tx = await dc.connect(relayer).mintWork(auth, signature);
      await expect(tx).to.emit(dc, "Transfer").withArgs(ethers.ZeroAddress, alice.address, 1n);
      await expect(tx).to.emit(dc, "WorkRegistered").withArgs(1n, creator.address, auth.contentHash);

      const receipt = await tx.wait();
      const block = await ethers.provider.getBlock(receipt.blockNumber);
      const work = await dc.workOf(1n);
      expect(work.creator).to.equal(creator.address);
      expect(work.registeredAt).to.equal(BigInt(block.timestamp));
      expect(work.contentHash).to.equal(auth.contentHash);

      expect(await dc.ownerOf(1n)).to.equal(alice.address);
      expect(await dc.balanceOf(alice.address)).to.equal(1n);
      expect(await dc.tokenOfContent(auth.contentHash)).to.equal(1n);
      expect(await dc.totalWorks()).to.equal(1n);
      expect(await dc.transferNonce(1n)).to.equal(0n);
      expect(await dc.tokenURI(1n)).to.equal(`${BASE_URI}1`);
      const [receiver, amount] = await dc.royaltyInfo(1n, 10_000n);
      expect(receiver).to.equal(creator.address);
      expect(amount).to.equal(250n);
    });

    it("emits WorkRegistered after the mint's Transfer", async function () {
      const { dc, mint } = await loadFixture(deployFixture);
      const { tx } = await mint();
      const receipt = await tx.wait();
      const names = receipt.logs.map((log) => dc.interface.parseLog(log)?.name);
      expect(names).to.deep.equal(["Transfer", "WorkRegistered"]);
    });

    it("numbers tokens 1, 2, 3 and counts them", async function () {
      const { dc, mint, creator, alice, bob } = await loadFixture(deployFixture);
      const hashes = ["a", "b", "c"].map(contentHashOf);
      const owners = [alice.address, bob.address, alice.address];
      for (let i = 0; i < 3; i++) {
        const { tx } = await mint({ contentHash: hashes[i], to: owners[i] });
        await expect(tx).to.emit(dc, "WorkRegistered").withArgs(BigInt(i + 1), creator.address, hashes[i]);
      }
      expect(await dc.totalWorks()).to.equal(3n);
      for (let i = 0; i < 3; i++) {
        const id = BigInt(i + 1);
        expect(await dc.tokenOfContent(hashes[i])).to.equal(id);
        expect(await dc.ownerOf(id)).to.equal(owners[i]);
        expect(await dc.tokenURI(id)).to.equal(`${BASE_URI}${id}`);
      }
      expect(await dc.balanceOf(alice.address)).to.equal(2n);
    });

    it("sets no royalty when royaltyBps is 0 and allows the 1000 bps maximum", async function () {
      const { dc, mint, creator } = await loadFixture(deployFixture);
      await mint({ contentHash: contentHashOf("free"), royaltyBps: 0n });
      let [receiver, amount] = await dc.royaltyInfo(1n, 10_000n);
      expect(receiver).to.equal(ethers.ZeroAddress);
      expect(amount).to.equal(0n);

      await mint({ contentHash: contentHashOf("max"), royaltyBps: 1000n });
      [receiver, amount] = await dc.royaltyInfo(2n, ethers.parseEther("1"));
      expect(receiver).to.equal(creator.address);
      expect(amount).to.equal(ethers.parseEther("0.1"));
    });

    it("accepts a deadline equal to the block timestamp", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const deadline = BigInt(await time.latest()) + 100n;
      const auth = await mintAuth({ deadline });
      const signature = await signMint(creator, domain, auth);
      await time.setNextBlockTimestamp(deadline);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.emit(dc, "WorkRegistered");
    });

    it("reverts AuthorizationExpired after the deadline", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const deadline = BigInt(await time.latest());
      const auth = await mintAuth({ deadline });
      const signature = await signMint(creator, domain, auth);
      // The network may give the next block the same timestamp (allowBlocksWithSameTimestamp): make it later.
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(dc.connect(relayer).mintWork(auth, signature))
        .to.be.revertedWithCustomError(dc, "AuthorizationExpired")
        .withArgs(deadline);
    });

    it("reverts InvalidSignature when signed by someone other than the creator", async function () {
      const { dc, relayer, alice, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      const signature = await signMint(alice, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("reverts InvalidSignature when the signed message differs from the submitted one", async function () {
      const { dc, relayer, creator, bob, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth({ royaltyBps: 100n });
      const signature = await signMint(creator, domain, auth);
      await expect(
        dc.connect(relayer).mintWork({ ...auth, royaltyBps: 1000n }, signature),
      ).to.be.revertedWithCustomError(dc, "InvalidSignature");
      await expect(dc.connect(relayer).mintWork({ ...auth, to: bob.address }, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("reverts InvalidSignature for a malformed signature", async function () {
      const { dc, relayer, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      await expect(dc.connect(relayer).mintWork(auth, "0x")).to.be.revertedWithCustomError(dc, "InvalidSignature");
      await expect(dc.connect(relayer).mintWork(auth, "0x" + "11".repeat(64))).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("reverts InvalidSignature for a signature made for another chainId", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      const signature = await signMint(creator, { ...domain, chainId: 1n }, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("reverts InvalidSignature for a signature made for another verifyingContract", async function () {
      const { dc, admin, relayer, creator, mintAuth } = await loadFixture(deployFixture);
      const other = await ethers.deployContract("DigitalCollection", [NAME, SYMBOL, BASE_URI, admin.address, [
        relayer.address,
      ]]);
      const auth = await mintAuth();
      const signature = await signMint(creator, await domainOf(other), auth);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
      // ...while it is valid on the contract it was made for.
      await expect(other.connect(relayer).mintWork(auth, signature)).to.emit(other, "WorkRegistered");
    });

    it("reverts InvalidSignature for a signature made for another domain name or version", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      for (const d of [{ ...domain, name: "Other" }, { ...domain, version: "2" }]) {
        await expect(dc.connect(relayer).mintWork(auth, await signMint(creator, d, auth))).to.be.revertedWithCustomError(
          dc,
          "InvalidSignature",
        );
      }
    });

    it("reverts WorkAlreadyRegistered for a content hash registered before", async function () {
      const { dc, mint, relayer, alice, domain, mintAuth } = await loadFixture(deployFixture);
      const contentHash = contentHashOf("same bytes");
      await mint({ contentHash });
      // Another creator, other owner: still the same bytes.
      const auth = await mintAuth({ creator: alice.address, to: alice.address, contentHash });
      const signature = await signMint(alice, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature))
        .to.be.revertedWithCustomError(dc, "WorkAlreadyRegistered")
        .withArgs(contentHash, 1n);
      expect(await dc.totalWorks()).to.equal(1n);
    });

    it("reverts ZeroContentHash", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth({ contentHash: ethers.ZeroHash });
      const signature = await signMint(creator, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(dc, "ZeroContentHash");
    });

    it("reverts ZeroCreator", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth({ creator: ethers.ZeroAddress });
      const signature = await signMint(creator, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(dc, "ZeroCreator");
    });

    it("reverts RoyaltyTooHigh above 1000 bps", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth({ royaltyBps: 1001n });
      const signature = await signMint(creator, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature))
        .to.be.revertedWithCustomError(dc, "RoyaltyTooHigh")
        .withArgs(1001n, 1000n);
    });

    it("reverts ERC721InvalidReceiver when minting to the zero address", async function () {
      const { dc, relayer, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth({ to: ethers.ZeroAddress });
      const signature = await signMint(creator, domain, auth);
      await expect(dc.connect(relayer).mintWork(auth, signature))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts AccessControlUnauthorizedAccount for a caller without MINTER_ROLE", async function () {
      const { dc, creator, outsider, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      const signature = await signMint(creator, domain, auth);
      // Even the creator itself cannot mint without the role.
      for (const caller of [outsider, creator]) {
        await expect(dc.connect(caller).mintWork(auth, signature))
          .to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, MINTER_ROLE);
      }
    });

    it("lets a second relayer mint and lets the admin grant MINTER_ROLE", async function () {
      const { dc, admin, relayer2, outsider, creator, domain, mintAuth } = await loadFixture(deployFixture);
      const auth = await mintAuth();
      const signature = await signMint(creator, domain, auth);
      await dc.connect(admin).grantRole(MINTER_ROLE, outsider.address);
      await expect(dc.connect(outsider).mintWork(auth, signature)).to.emit(dc, "WorkRegistered");
      const auth2 = await mintAuth({ contentHash: contentHashOf("second") });
      await expect(dc.connect(relayer2).mintWork(auth2, await signMint(creator, domain, auth2))).to.emit(
        dc,
        "WorkRegistered",
      );
    });
  });

  describe("reads", function () {
    it("workOf reverts ERC721NonexistentToken for an unknown token", async function () {
      const { dc } = await loadFixture(mintedFixture);
      for (const id of [0n, 2n, 99n]) {
        await expect(dc.workOf(id)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(id);
      }
    });

    it("tokenOfContent is 0 for an unregistered hash and tokenURI reverts for an unknown token", async function () {
      const { dc } = await loadFixture(mintedFixture);
      expect(await dc.tokenOfContent(contentHashOf("never registered"))).to.equal(0n);
      expect(await dc.tokenOfContent(ethers.ZeroHash)).to.equal(0n);
      await expect(dc.tokenURI(2n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(2n);
      expect(await dc.transferNonce(2n)).to.equal(0n);
    });
  });

  describe("transferWithAuthorization", function () {
    it("moves the token when relayed by a third party and bumps the nonce", async function () {
      const { dc, alice, bob, outsider, creator, domain, transferAuth, tokenId, contentHash } =
        await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, bob.address);
      expect(auth.nonce).to.equal(0n);
      const signature = await signTransfer(alice, domain, auth);

      const tx = dc.connect(outsider).transferWithAuthorization(auth, signature);
      await expect(tx).to.emit(dc, "Transfer").withArgs(alice.address, bob.address, tokenId);
      await expect(tx).not.to.emit(dc, "WorkRegistered");

      expect(await dc.ownerOf(tokenId)).to.equal(bob.address);
      expect(await dc.transferNonce(tokenId)).to.equal(1n);
      const work = await dc.workOf(tokenId);
      expect(work.creator).to.equal(creator.address); // authorship never moves
      expect(work.contentHash).to.equal(contentHash);
      const [receiver] = await dc.royaltyInfo(tokenId, 10_000n);
      expect(receiver).to.equal(creator.address);
    });

    it("can be chained: the new owner signs the next nonce", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      let auth = await transferAuth(tokenId, bob.address);
      await dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(alice, domain, auth));
      auth = await transferAuth(tokenId, alice.address);
      expect(auth.nonce).to.equal(1n);
      await dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(bob, domain, auth));
      expect(await dc.ownerOf(tokenId)).to.equal(alice.address);
      expect(await dc.transferNonce(tokenId)).to.equal(2n);
    });

    it("rejects a reused authorization", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, bob.address);
      const signature = await signTransfer(alice, domain, auth);
      await dc.connect(relayer).transferWithAuthorization(auth, signature);

      // Immediately: alice is no longer the owner.
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "ERC721IncorrectOwner")
        .withArgs(alice.address, tokenId, bob.address);

      // After the token came back to alice, the old authorization's nonce is stale.
      await dc.connect(bob).transferFrom(bob.address, alice.address, tokenId);
      expect(await dc.transferNonce(tokenId)).to.equal(2n);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "InvalidTransferNonce")
        .withArgs(tokenId, 2n, 0n);
    });

    it("reverts InvalidTransferNonce for a nonce other than the current one", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, bob.address, { nonce: 5n });
      const signature = await signTransfer(alice, domain, auth);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "InvalidTransferNonce")
        .withArgs(tokenId, 0n, 5n);
    });

    it("reverts AuthorizationExpired after the deadline", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const deadline = BigInt(await time.latest()) + 60n;
      const auth = await transferAuth(tokenId, bob.address, { deadline });
      const signature = await signTransfer(alice, domain, auth);
      await time.increaseTo(deadline + 1n);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "AuthorizationExpired")
        .withArgs(deadline);
    });

    it("reverts InvalidSignature when signed by someone other than the owner", async function () {
      const { dc, alice, bob, relayer, creator, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, bob.address);
      // Neither the recipient, nor the creator, nor the relayer can sign for the owner.
      for (const signer of [bob, creator, relayer]) {
        await expect(
          dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(signer, domain, auth)),
        ).to.be.revertedWithCustomError(dc, "InvalidSignature");
      }
      expect(await dc.ownerOf(tokenId)).to.equal(alice.address);
    });

    it("reverts InvalidSignature for a signature made for another chainId", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, bob.address);
      const signature = await signTransfer(alice, { ...domain, chainId: 1n }, auth);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("reverts ERC721IncorrectOwner when from is not the owner", async function () {
      const { dc, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      // bob signs a transfer of alice's token as if it were his.
      const auth = await transferAuth(tokenId, bob.address, { from: bob.address });
      const signature = await signTransfer(bob, domain, auth);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "ERC721IncorrectOwner")
        .withArgs(bob.address, tokenId, alice.address);
    });

    it("reverts ERC721InvalidReceiver when to is the zero address", async function () {
      const { dc, alice, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await transferAuth(tokenId, ethers.ZeroAddress);
      const signature = await signTransfer(alice, domain, auth);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts ERC721NonexistentToken for an unknown token", async function () {
      const { dc, alice, bob, relayer, domain } = await loadFixture(mintedFixture);
      const auth = {
        from: alice.address,
        to: bob.address,
        tokenId: 42n,
        nonce: 0n,
        deadline: BigInt(await time.latest()) + 3600n,
      };
      const signature = await signTransfer(alice, domain, auth);
      await expect(dc.connect(relayer).transferWithAuthorization(auth, signature))
        .to.be.revertedWithCustomError(dc, "ERC721NonexistentToken")
        .withArgs(42n);
    });
  });

  describe("transferNonce", function () {
    it("bumps on transferFrom and safeTransferFrom, not on mint", async function () {
      const { dc, alice, bob, mint, tokenId } = await loadFixture(mintedFixture);
      expect(await dc.transferNonce(tokenId)).to.equal(0n);
      await dc.connect(alice).transferFrom(alice.address, bob.address, tokenId);
      expect(await dc.transferNonce(tokenId)).to.equal(1n);
      await dc.connect(bob)["safeTransferFrom(address,address,uint256)"](bob.address, alice.address, tokenId);
      expect(await dc.transferNonce(tokenId)).to.equal(2n);
      await dc.connect(alice)["safeTransferFrom(address,address,uint256,bytes)"](alice.address, bob.address, tokenId, "0x");
      expect(await dc.transferNonce(tokenId)).to.equal(3n);

      // An approved operator's transfer counts too; other tokens are unaffected.
      await dc.connect(bob).approve(alice.address, tokenId);
      await dc.connect(alice).transferFrom(bob.address, alice.address, tokenId);
      expect(await dc.transferNonce(tokenId)).to.equal(4n);
      await mint({ contentHash: contentHashOf("another") });
      expect(await dc.transferNonce(2n)).to.equal(0n);
    });
  });

  describe("ERC-1271 smart-contract wallets", function () {
    it("mint with a wallet as creator, signed by the wallet's owner", async function () {
      const { dc, relayer, walletOwner, wallet, walletAddress, domain, mintAuth } = await loadFixture(walletFixture);
      const auth = await mintAuth({ creator: walletAddress, to: walletAddress, royaltyBps: 300n });
      // The wallet validates an ECDSA signature of the EIP-712 digest by its owner.
      const signature = await signMint(walletOwner, domain, auth);
      const digest = await dc.hashMintAuthorization(auth);
      expect(await wallet.isValidSignature(digest, signature)).to.equal("0x1626ba7e");

      await expect(dc.connect(relayer).mintWork(auth, signature))
        .to.emit(dc, "WorkRegistered")
        .withArgs(1n, walletAddress, auth.contentHash);
      expect((await dc.workOf(1n)).creator).to.equal(walletAddress);
      expect(await dc.ownerOf(1n)).to.equal(walletAddress);
      const [receiver, amount] = await dc.royaltyInfo(1n, 10_000n);
      expect(receiver).to.equal(walletAddress);
      expect(amount).to.equal(300n);
    });

    it("rejects a mint for a wallet signed by someone other than the wallet's owner", async function () {
      const { dc, relayer, alice, wallet, walletAddress, domain, mintAuth } = await loadFixture(walletFixture);
      const auth = await mintAuth({ creator: walletAddress });
      const signature = await signMint(alice, domain, auth);
      expect(await wallet.isValidSignature(await dc.hashMintAuthorization(auth), signature)).to.equal("0xffffffff");
      await expect(dc.connect(relayer).mintWork(auth, signature)).to.be.revertedWithCustomError(
        dc,
        "InvalidSignature",
      );
    });

    it("relayed transfer of a token owned by a wallet", async function () {
      const { dc, outsider, bob, walletOwner, walletAddress, domain, mint, transferAuth } =
        await loadFixture(walletFixture);
      await mint({ to: walletAddress });
      const auth = await transferAuth(1n, bob.address);
      expect(auth.from).to.equal(walletAddress);
      await expect(
        dc.connect(outsider).transferWithAuthorization(auth, await signTransfer(walletOwner, domain, auth)),
      )
        .to.emit(dc, "Transfer")
        .withArgs(walletAddress, bob.address, 1n);
      expect(await dc.ownerOf(1n)).to.equal(bob.address);
      expect(await dc.transferNonce(1n)).to.equal(1n);
    });

    it("rejects a wallet's transfer signed by someone other than the wallet's owner", async function () {
      const { dc, relayer, bob, walletAddress, domain, mint, transferAuth } = await loadFixture(walletFixture);
      await mint({ to: walletAddress });
      const auth = await transferAuth(1n, bob.address);
      await expect(
        dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(bob, domain, auth)),
      ).to.be.revertedWithCustomError(dc, "InvalidSignature");
      expect(await dc.ownerOf(1n)).to.equal(walletAddress);
    });

    it("the wallet can receive tokens with safeTransferFrom", async function () {
      const { dc, alice, walletAddress, mint } = await loadFixture(walletFixture);
      await mint({ to: alice.address });
      await dc.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, walletAddress, 1n);
      expect(await dc.ownerOf(1n)).to.equal(walletAddress);
    });
  });

  describe("pause", function () {
    it("blocks minting and every transfer path while reads keep working", async function () {
      const { dc, admin, relayer, creator, alice, bob, domain, mintAuth, transferAuth, tokenId, contentHash } =
        await loadFixture(mintedFixture);
      const mint = await mintAuth({ contentHash: contentHashOf("while paused") });
      const mintSig = await signMint(creator, domain, mint);
      const transfer = await transferAuth(tokenId, bob.address);
      const transferSig = await signTransfer(alice, domain, transfer);

      await expect(dc.connect(admin).pause()).to.emit(dc, "Paused").withArgs(admin.address);
      expect(await dc.paused()).to.equal(true);

      await expect(dc.connect(relayer).mintWork(mint, mintSig)).to.be.revertedWithCustomError(dc, "EnforcedPause");
      await expect(dc.connect(relayer).transferWithAuthorization(transfer, transferSig)).to.be.revertedWithCustomError(
        dc,
        "EnforcedPause",
      );
      await expect(dc.connect(alice).transferFrom(alice.address, bob.address, tokenId)).to.be.revertedWithCustomError(
        dc,
        "EnforcedPause",
      );
      await expect(
        dc.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, tokenId),
      ).to.be.revertedWithCustomError(dc, "EnforcedPause");

      // Reads are never blocked.
      expect(await dc.ownerOf(tokenId)).to.equal(alice.address);
      expect((await dc.workOf(tokenId)).contentHash).to.equal(contentHash);
      expect(await dc.tokenOfContent(contentHash)).to.equal(tokenId);
      expect(await dc.totalWorks()).to.equal(1n);
      expect(await dc.transferNonce(tokenId)).to.equal(0n);
      expect(await dc.tokenURI(tokenId)).to.equal(`${BASE_URI}1`);
      expect(await dc.balanceOf(alice.address)).to.equal(1n);
      expect((await dc.royaltyInfo(tokenId, 10_000n))[1]).to.equal(500n);
      expect(await dc.hashMintAuthorization(mint)).to.equal(ethers.TypedDataEncoder.hash(domain, MINT_TYPES, mint));
      expect((await dc.eip712Domain()).name).to.equal(NAME);

      // Approvals are not transfers and stay allowed.
      await dc.connect(alice).approve(bob.address, tokenId);

      await expect(dc.connect(admin).unpause()).to.emit(dc, "Unpaused").withArgs(admin.address);
      expect(await dc.paused()).to.equal(false);
      await expect(dc.connect(relayer).mintWork(mint, mintSig)).to.emit(dc, "WorkRegistered");
      await expect(dc.connect(relayer).transferWithAuthorization(transfer, transferSig))
        .to.emit(dc, "Transfer")
        .withArgs(alice.address, bob.address, tokenId);
    });

    it("reverts for a caller without PAUSER_ROLE and on a wrong state", async function () {
      const { dc, admin, relayer, outsider } = await loadFixture(deployFixture);
      for (const caller of [outsider, relayer]) {
        await expect(dc.connect(caller).pause())
          .to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, PAUSER_ROLE);
      }
      await expect(dc.connect(admin).unpause()).to.be.revertedWithCustomError(dc, "ExpectedPause");
      await dc.connect(admin).pause();
      await expect(dc.connect(admin).pause()).to.be.revertedWithCustomError(dc, "EnforcedPause");
      await expect(dc.connect(outsider).unpause())
        .to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, PAUSER_ROLE);
    });
  });

  describe("setBaseURI", function () {
    it("lets the admin change the base URI", async function () {
      const { dc, admin, tokenId } = await loadFixture(mintedFixture);
      const next = "https://collections.example/api/v1/metadata/";
      await expect(dc.connect(admin).setBaseURI(next)).to.emit(dc, "BaseURIUpdated").withArgs(next);
      expect(await dc.tokenURI(tokenId)).to.equal(`${next}1`);
      await dc.connect(admin).setBaseURI("");
      expect(await dc.tokenURI(tokenId)).to.equal("");
    });

    it("reverts for a caller without DEFAULT_ADMIN_ROLE", async function () {
      const { dc, relayer, outsider } = await loadFixture(deployFixture);
      for (const caller of [outsider, relayer]) {
        await expect(dc.connect(caller).setBaseURI("https://evil.example/"))
          .to.be.revertedWithCustomError(dc, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });
  describe("packed token storage and the ERC-721 core", function () {
    const UINT40_MAX = (1n << 40n) - 1n;
    const ADDRESS_MASK = (1n << 160n) - 1n;

    /**
     * Storage slot of a token's packed word (owner | registeredAt | royaltyBps | nonce), found by
     * trying the mapping's base slot until the word's owner bits are the token's owner.
     */
    async function tokenWordSlot(dc, tokenId) {
      const owner = BigInt(await dc.ownerOf(tokenId));
      const coder = ethers.AbiCoder.defaultAbiCoder();
      for (let base = 0n; base < 64n; base++) {
        const slot = ethers.keccak256(coder.encode(["uint256", "uint256"], [tokenId, base]));
        const word = BigInt(await ethers.provider.getStorage(await dc.getAddress(), slot));
        if ((word & ADDRESS_MASK) === owner && word >> 160n !== 0n) return { slot, word };
      }
      throw new Error("token word not found");
    }

    it("keeps owner, registration time, royalty and nonce apart in the token's word", async function () {
      const { dc, creator, alice, bob, relayer, domain, transferAuth, tokenId, contentHash } =
        await loadFixture(mintedFixture);
      const { registeredAt } = await dc.workOf(tokenId);
      const { word } = await tokenWordSlot(dc, tokenId);
      expect(word & ADDRESS_MASK).to.equal(BigInt(alice.address));
      expect((word >> 160n) & UINT40_MAX).to.equal(registeredAt);
      expect((word >> 200n) & 0xffffn).to.equal(500n);
      expect(word >> 216n).to.equal(0n);

      // Every transfer path moves the owner and bumps the nonce; nothing else in the word changes.
      await dc.connect(alice).transferFrom(alice.address, bob.address, tokenId);
      await dc.connect(bob)["safeTransferFrom(address,address,uint256)"](bob.address, alice.address, tokenId);
      const auth = await transferAuth(tokenId, bob.address);
      await dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(alice, domain, auth));

      expect(await dc.ownerOf(tokenId)).to.equal(bob.address);
      expect(await dc.transferNonce(tokenId)).to.equal(3n);
      const work = await dc.workOf(tokenId);
      expect(work.creator).to.equal(creator.address);
      expect(work.registeredAt).to.equal(registeredAt);
      expect(work.contentHash).to.equal(contentHash);
      expect(await dc.tokenOfContent(contentHash)).to.equal(tokenId);
      const [receiver, amount] = await dc.royaltyInfo(tokenId, 10_000n);
      expect(receiver).to.equal(creator.address);
      expect(amount).to.equal(500n);
    });

    it("records a registration time up to the uint40 maximum next to the maximum royalty", async function () {
      const { dc, mint, creator } = await loadFixture(deployFixture);
      await time.setNextBlockTimestamp(UINT40_MAX);
      await mint({ royaltyBps: 1000n, deadline: ethers.MaxUint256 });
      const work = await dc.workOf(1n);
      expect(work.registeredAt).to.equal(UINT40_MAX);
      expect(work.creator).to.equal(creator.address);
      expect(await dc.ownerOf(1n)).to.equal(creator.address);
      expect(await dc.transferNonce(1n)).to.equal(0n);
      const [receiver, amount] = await dc.royaltyInfo(1n, 10_000n);
      expect(receiver).to.equal(creator.address);
      expect(amount).to.equal(1000n);
    });

    it("reverts with an overflow panic rather than wrap the 40-bit transfer nonce", async function () {
      const { dc, creator, alice, bob, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      const { registeredAt } = await dc.workOf(tokenId);
      const { slot, word } = await tokenWordSlot(dc, tokenId);
      const nearMax = (word & ((1n << 216n) - 1n)) | ((UINT40_MAX - 1n) << 216n);
      await setStorageAt(await dc.getAddress(), slot, nearMax);
      expect(await dc.transferNonce(tokenId)).to.equal(UINT40_MAX - 1n);

      // The last nonce is reachable...
      await dc.connect(alice).transferFrom(alice.address, bob.address, tokenId);
      expect(await dc.transferNonce(tokenId)).to.equal(UINT40_MAX);
      expect(await dc.ownerOf(tokenId)).to.equal(bob.address);

      // ...and no transfer can go past it, so nonce 0 never comes back.
      const auth = await transferAuth(tokenId, alice.address);
      expect(auth.nonce).to.equal(UINT40_MAX);
      await expect(
        dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(bob, domain, auth)),
      ).to.be.revertedWithPanic(PANIC_CODES.ARITHMETIC_OVERFLOW);
      await expect(dc.connect(bob).transferFrom(bob.address, alice.address, tokenId)).to.be.revertedWithPanic(
        PANIC_CODES.ARITHMETIC_OVERFLOW,
      );
      expect(await dc.ownerOf(tokenId)).to.equal(bob.address);
      expect((await dc.workOf(tokenId)).registeredAt).to.equal(registeredAt);
      expect((await dc.workOf(tokenId)).creator).to.equal(creator.address);
      expect((await dc.royaltyInfo(tokenId, 10_000n))[1]).to.equal(500n);
    });

    it("keeps balances per owner through mints and transfers", async function () {
      const { dc, mint, alice, bob, tokenId } = await loadFixture(mintedFixture);
      await mint({ contentHash: contentHashOf("second"), to: alice.address });
      expect(await dc.balanceOf(alice.address)).to.equal(2n);
      expect(await dc.balanceOf(bob.address)).to.equal(0n);
      await dc.connect(alice).transferFrom(alice.address, bob.address, tokenId);
      expect(await dc.balanceOf(alice.address)).to.equal(1n);
      expect(await dc.balanceOf(bob.address)).to.equal(1n);
      await dc.connect(alice).transferFrom(alice.address, bob.address, 2n);
      expect(await dc.balanceOf(alice.address)).to.equal(0n);
      expect(await dc.balanceOf(bob.address)).to.equal(2n);
      // A transfer to oneself moves nothing but still counts as a transfer.
      await dc.connect(bob).transferFrom(bob.address, bob.address, 2n);
      expect(await dc.balanceOf(bob.address)).to.equal(2n);
      expect(await dc.transferNonce(2n)).to.equal(2n);
      await expect(dc.balanceOf(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidOwner")
        .withArgs(ethers.ZeroAddress);
    });

    it("clears a token approval on every transfer path, without an Approval event", async function () {
      const { dc, alice, bob, outsider, relayer, domain, transferAuth, tokenId } = await loadFixture(mintedFixture);
      await expect(dc.connect(alice).approve(bob.address, tokenId))
        .to.emit(dc, "Approval")
        .withArgs(alice.address, bob.address, tokenId);
      expect(await dc.getApproved(tokenId)).to.equal(bob.address);

      // The approved account moves it; its approval is gone afterwards.
      await expect(dc.connect(bob).transferFrom(alice.address, outsider.address, tokenId)).not.to.emit(dc, "Approval");
      expect(await dc.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
      await expect(dc.connect(bob).transferFrom(outsider.address, bob.address, tokenId))
        .to.be.revertedWithCustomError(dc, "ERC721InsufficientApproval")
        .withArgs(bob.address, tokenId);

      // The owner moves it herself: the approval she had given is gone too.
      await dc.connect(outsider).approve(bob.address, tokenId);
      await dc.connect(outsider).transferFrom(outsider.address, alice.address, tokenId);
      expect(await dc.getApproved(tokenId)).to.equal(ethers.ZeroAddress);

      // And a relayed transfer clears it as well.
      await dc.connect(alice).approve(bob.address, tokenId);
      const auth = await transferAuth(tokenId, outsider.address);
      await dc.connect(relayer).transferWithAuthorization(auth, await signTransfer(alice, domain, auth));
      expect(await dc.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
    });

    it("lets an operator move every token of the owner until revoked", async function () {
      const { dc, mint, alice, bob, tokenId } = await loadFixture(mintedFixture);
      await mint({ contentHash: contentHashOf("second"), to: alice.address });
      await expect(dc.connect(alice).setApprovalForAll(bob.address, true))
        .to.emit(dc, "ApprovalForAll")
        .withArgs(alice.address, bob.address, true);
      expect(await dc.isApprovedForAll(alice.address, bob.address)).to.equal(true);
      await dc.connect(bob).transferFrom(alice.address, bob.address, tokenId);
      // An operator may also give single-token approvals.
      await expect(dc.connect(bob).approve(bob.address, 2n)).to.emit(dc, "Approval");

      await dc.connect(alice).setApprovalForAll(bob.address, false);
      await dc.connect(alice).approve(ethers.ZeroAddress, 2n);
      await expect(dc.connect(bob).transferFrom(alice.address, bob.address, 2n))
        .to.be.revertedWithCustomError(dc, "ERC721InsufficientApproval")
        .withArgs(bob.address, 2n);
      await expect(dc.connect(alice).setApprovalForAll(ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidOperator")
        .withArgs(ethers.ZeroAddress);
    });

    it("refuses unauthorized, misaddressed and unknown-token transfers and approvals", async function () {
      const { dc, alice, bob, outsider, tokenId } = await loadFixture(mintedFixture);
      await expect(dc.connect(outsider).transferFrom(alice.address, outsider.address, tokenId))
        .to.be.revertedWithCustomError(dc, "ERC721InsufficientApproval")
        .withArgs(outsider.address, tokenId);
      await expect(dc.connect(alice).transferFrom(bob.address, outsider.address, tokenId))
        .to.be.revertedWithCustomError(dc, "ERC721IncorrectOwner")
        .withArgs(bob.address, tokenId, alice.address);
      await expect(dc.connect(alice).transferFrom(alice.address, ethers.ZeroAddress, tokenId))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(dc.connect(alice).transferFrom(alice.address, bob.address, 42n))
        .to.be.revertedWithCustomError(dc, "ERC721NonexistentToken")
        .withArgs(42n);
      await expect(dc.connect(outsider).approve(outsider.address, tokenId))
        .to.be.revertedWithCustomError(dc, "ERC721InvalidApprover")
        .withArgs(outsider.address);
      for (const read of [dc.ownerOf, dc.getApproved]) {
        await expect(read(42n)).to.be.revertedWithCustomError(dc, "ERC721NonexistentToken").withArgs(42n);
      }
      await expect(dc.connect(alice).approve(bob.address, 42n))
        .to.be.revertedWithCustomError(dc, "ERC721NonexistentToken")
        .withArgs(42n);
      // Nothing moved.
      expect(await dc.ownerOf(tokenId)).to.equal(alice.address);
      expect(await dc.transferNonce(tokenId)).to.equal(0n);
      expect(await dc.balanceOf(alice.address)).to.equal(1n);
    });

    it("safeTransferFrom refuses a contract that does not accept ERC-721 tokens", async function () {
      const { dc, alice, tokenId } = await loadFixture(mintedFixture);
      // The collection itself has no onERC721Received.
      const target = await dc.getAddress();
      for (const transfer of [
        dc.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, target, tokenId),
        dc.connect(alice)["safeTransferFrom(address,address,uint256,bytes)"](alice.address, target, tokenId, "0x01"),
      ]) {
        await expect(transfer).to.be.revertedWithCustomError(dc, "ERC721InvalidReceiver").withArgs(target);
      }
      expect(await dc.ownerOf(tokenId)).to.equal(alice.address);
      expect(await dc.balanceOf(target)).to.equal(0n);
      expect(await dc.transferNonce(tokenId)).to.equal(0n);
    });

    it("records each work's creator with its content hash, apart from the owner", async function () {
      const { dc, relayer, creator, alice, bob, domain, mintAuth, tokenId } = await loadFixture(mintedFixture);
      const auth = await mintAuth({ creator: alice.address, to: bob.address, contentHash: contentHashOf("by alice"), royaltyBps: 1n });
      await expect(dc.connect(relayer).mintWork(auth, await signMint(alice, domain, auth)))
        .to.emit(dc, "WorkRegistered")
        .withArgs(2n, alice.address, auth.contentHash);
      expect((await dc.workOf(tokenId)).creator).to.equal(creator.address);
      expect((await dc.workOf(2n)).creator).to.equal(alice.address);
      expect(await dc.ownerOf(2n)).to.equal(bob.address);
      expect(await dc.tokenOfContent(auth.contentHash)).to.equal(2n);
      const [receiver, amount] = await dc.royaltyInfo(2n, 10_000n);
      expect(receiver).to.equal(alice.address);
      expect(amount).to.equal(1n);
    });

    it("royaltyInfo: none for an unknown token, no overflow for any sale price", async function () {
      const { dc, creator, tokenId } = await loadFixture(mintedFixture);
      const [noReceiver, noAmount] = await dc.royaltyInfo(42n, 10_000n);
      expect(noReceiver).to.equal(ethers.ZeroAddress);
      expect(noAmount).to.equal(0n);
      const [receiver, amount] = await dc.royaltyInfo(tokenId, ethers.MaxUint256);
      expect(receiver).to.equal(creator.address);
      expect(amount).to.equal((ethers.MaxUint256 * 500n) / 10_000n);
      expect((await dc.royaltyInfo(tokenId, 19_999n))[1]).to.equal(999n); // rounded down
    });
  });
});
