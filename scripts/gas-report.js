// Measures the gas the DigitalCollection contract costs, in steady state, on Hardhat's in-process
// network:  npx hardhat run scripts/gas-report.js   (scripts/bench.sh runs it)
// Steady state = not the first mint or transfer of the run, to an owner that already holds a token,
// so one-time storage initialisation is not counted. Both transferFrom rows move to an existing holder:
// the first is a token's first transfer (nonce 0 -> 1), the second a later one. The batch rows
// (mintWorks, transferWithAuthorizations at sizes 1, 8, 32, 128) print gas per item.
"use strict";

const crypto = require("crypto");
const { ethers } = require("hardhat");
const { TYPES } = require("./make-eip712-vectors");

const sha256 = (text) => "0x" + crypto.createHash("sha256").update(text).digest("hex");

async function main() {
  const [admin, creator, holder, relayer] = await ethers.getSigners();
  const factory = await ethers.getContractFactory("DigitalCollection");
  const contract = await factory.deploy("DigitalCollections", "DCOL", "http://127.0.0.1:5080/api/v1/metadata/", admin.address, [relayer.address]);
  const deployReceipt = await contract.deploymentTransaction().wait();
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "DigitalCollections", version: "1", chainId, verifyingContract: await contract.getAddress() };
  const deadline = Math.floor(Date.now() / 1000) + 3600;
  const mintTypes = { MintAuthorization: TYPES.MintAuthorization };
  const transferTypes = { TransferAuthorization: TYPES.TransferAuthorization };

  async function mint(i, royaltyBps) {
    const auth = { creator: creator.address, to: creator.address, contentHash: sha256(`work ${i}`), royaltyBps, deadline };
    const signature = await creator.signTypedData(domain, mintTypes, auth);
    return (await (await contract.connect(relayer).mintWork(auth, signature)).wait()).gasUsed;
  }

  // Warm up: the creator and the holder each already own a token.
  await mint(0, 500);
  await mint(1, 500);
  await (await contract.connect(creator).transferFrom(creator.address, holder.address, 2n)).wait();

  const mintWithRoyalty = await mint(2, 500);
  const mintWithoutRoyalty = await mint(3, 0);

  const tokenId = 3n; // minted with royalty above, owned by the creator
  const nonce = await contract.transferNonce(tokenId);
  const tAuth = { from: creator.address, to: holder.address, tokenId, nonce, deadline };
  const tSig = await creator.signTypedData(domain, transferTypes, tAuth);
  const relayed = (await (await contract.connect(relayer).transferWithAuthorization(tAuth, tSig)).wait()).gasUsed;
  // Token 4's first transfer: its transfer nonce goes from 0 to 1.
  const plain = (await (await contract.connect(creator).transferFrom(creator.address, holder.address, 4n)).wait()).gasUsed;
  // The same token again: its transfer nonce is no longer zero.
  const plainAgain = (await (await contract.connect(holder).transferFrom(holder.address, creator.address, 4n)).wait()).gasUsed;

  // Batches: per-item gas = the transaction's gas / its size. Mints to the creator (who holds
  // tokens already), royalty set; transfers are each token's first move, to a holder, as the
  // transferWithAuthorization row above.
  let nextWork = 100;
  async function mintBatch(size) {
    const auths = [];
    const sigs = [];
    for (let i = 0; i < size; i++) {
      const auth = { creator: creator.address, to: creator.address, contentHash: sha256(`work ${nextWork++}`), royaltyBps: 500, deadline };
      auths.push(auth);
      sigs.push(await creator.signTypedData(domain, mintTypes, auth));
    }
    const receipt = await (await contract.connect(relayer).mintWorks(auths, sigs)).wait();
    const ids = receipt.logs.filter((l) => l.fragment && l.fragment.name === "WorkRegistered").map((l) => l.args.tokenId);
    if (ids.length !== size) throw new Error(`mintWorks(${size}) minted ${ids.length}`);
    return { gas: receipt.gasUsed, ids };
  }
  async function transferBatch(ids) {
    const auths = [];
    const sigs = [];
    for (const tokenId of ids) {
      const auth = { from: creator.address, to: holder.address, tokenId, nonce: await contract.transferNonce(tokenId), deadline };
      auths.push(auth);
      sigs.push(await creator.signTypedData(domain, transferTypes, auth));
    }
    const receipt = await (await contract.connect(relayer).transferWithAuthorizations(auths, sigs)).wait();
    const moved = receipt.logs.filter((l) => l.fragment && l.fragment.name === "Transfer").length;
    if (moved !== ids.length) throw new Error(`transferWithAuthorizations(${ids.length}) moved ${moved}`);
    return receipt.gasUsed;
  }
  const batchRows = [];
  for (const size of [1, 8, 32, 128]) {
    const minted = await mintBatch(size);
    const transfers = await transferBatch(minted.ids);
    batchRows.push([`mintWorks x${size} (royalty set), per work`, minted.gas / BigInt(size), size === 32 ? 90000n : null]);
    batchRows.push([`transferWithAuthorizations x${size}, per transfer`, transfers / BigInt(size), size === 32 ? 35000n : null]);
  }

  const rows = [
    ["deploy", deployReceipt.gasUsed, null],
    ["mintWork (royalty set)", mintWithRoyalty, 125000n],
    ["mintWork (no royalty)", mintWithoutRoyalty, null],
    ["transferWithAuthorization", relayed, null],
    ["transferFrom (first move of a token)", plain, 47000n],
    ["transferFrom (token moved before)", plainAgain, 47000n],
    ...batchRows,
  ];
  const runtimeBytes = (await ethers.provider.getCode(await contract.getAddress())).length / 2 - 1;
  console.log("gas report (solc " + require("solc/package.json").version + ", optimizer 200 runs, steady state)");
  for (const [name, gas, target] of rows) {
    const verdict = target === null ? "" : gas <= target ? `  target <= ${target}: met` : `  target <= ${target}: NOT met`;
    console.log(`  ${name.padEnd(48)} ${String(gas).padStart(9)}${verdict}`);
  }
  console.log(`  runtime code size: ${runtimeBytes} bytes (EIP-170 limit 24576)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
