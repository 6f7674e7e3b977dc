// Measures the gas the DigitalCollection contract costs, in steady state, on Hardhat's in-process
// network:  npx hardhat run scripts/gas-report.js   (scripts/bench.sh runs it)
// Steady state = not the first mint or transfer of the run, to an owner that already holds a token,
// so one-time storage initialisation is not counted. Both transferFrom rows move to an existing holder:
// the first is a token's first transfer (nonce 0 -> 1), the second a later one.
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

  const rows = [
    ["deploy", deployReceipt.gasUsed, null],
    ["mintWork (royalty set)", mintWithRoyalty, 125000n],
    ["mintWork (no royalty)", mintWithoutRoyalty, null],
    ["transferWithAuthorization", relayed, null],
    ["transferFrom (first move of a token)", plain, 47000n],
    ["transferFrom (token moved before)", plainAgain, 47000n],
  ];
  console.log("gas report (solc " + require("solc/package.json").version + ", optimizer 200 runs, steady state)");
  for (const [name, gas, target] of rows) {
    const verdict = target === null ? "" : gas <= target ? `  target <= ${target}: met` : `  target <= ${target}: NOT met`;
    console.log(`  ${name.padEnd(38)} ${String(gas).padStart(9)}${verdict}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
