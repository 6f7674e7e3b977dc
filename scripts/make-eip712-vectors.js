#!/usr/bin/env node
// Generates tests/vectors/eip712-vectors.json: EIP-712 test vectors for the DigitalCollection
// contract's MintAuthorization and TransferAuthorization, shared by the C# tests and the contract
// tests. The output is deterministic (fixed keys, fixed messages, RFC 6979 signatures), so running
// this script again must produce the same file.
//
//   node scripts/make-eip712-vectors.js            # (re)write the file
//   node scripts/make-eip712-vectors.js --check    # exit 1 if the file differs from a fresh run
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { Wallet, TypedDataEncoder, getAddress, id } = require("ethers");

const OUT = path.join(__dirname, "..", "tests", "vectors", "eip712-vectors.json");

const MINT_TYPE =
  "MintAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline)";
const TRANSFER_TYPE =
  "TransferAuthorization(address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline)";

const TYPES = {
  MintAuthorization: [
    { name: "creator", type: "address" },
    { name: "to", type: "address" },
    { name: "contentHash", type: "bytes32" },
    { name: "royaltyBps", type: "uint96" },
    { name: "deadline", type: "uint256" },
  ],
  TransferAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

// Hardhat's well-known development accounts (mnemonic "test test ... junk"). Never use on a real chain.
const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", // #0 deployer / relayer
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", // #1
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", // #2
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6", // #3
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a", // #4
];
const wallets = KEYS.map((k) => new Wallet(k));
const addr = (i) => getAddress(wallets[i].address);

// The first contract deployed by account #0 on a fresh Hardhat network (nonce 0).
const VERIFYING_CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const domainFor = (chainId) => ({
  name: "DigitalCollections",
  version: "1",
  chainId,
  verifyingContract: VERIFYING_CONTRACT,
});

const sha256 = (text) => "0x" + crypto.createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

const FAR_DEADLINE = "4102444800"; // 2100-01-01T00:00:00Z
const MAX_UINT256 = (2n ** 256n - 1n).toString();

// content: the UTF-8 text whose SHA-256 is contentHash (lets the C# side check its hashing too).
const SPECS = [
  {
    name: "mint-self-no-royalty",
    description: "Creator #1 mints to itself with no royalty. Vector 'transfer-token1-nonce0' moves the resulting token 1.",
    chainId: 31337,
    primaryType: "MintAuthorization",
    signer: 1,
    content: "hello world\n",
    message: (c) => ({ creator: addr(1), to: addr(1), contentHash: c, royaltyBps: "0", deadline: FAR_DEADLINE }),
  },
  {
    name: "mint-to-other-max-royalty-max-deadline",
    description: "Creator #2 mints to #3 with the maximum royalty (1000 bps) and deadline = 2^256-1.",
    chainId: 31337,
    primaryType: "MintAuthorization",
    signer: 2,
    content: "DigitalCollections test vector 2",
    message: (c) => ({ creator: addr(2), to: addr(3), contentHash: c, royaltyBps: "1000", deadline: MAX_UINT256 }),
  },
  {
    name: "mint-self-royalty-250-chain-1",
    description: "Same shape as 'mint-self-no-royalty' but for chainId 1 (different domain separator and digest).",
    chainId: 1,
    primaryType: "MintAuthorization",
    signer: 1,
    content: "hello world\n",
    message: (c) => ({ creator: addr(1), to: addr(1), contentHash: c, royaltyBps: "250", deadline: FAR_DEADLINE }),
  },
  {
    name: "transfer-token1-nonce0",
    description: "Owner #1 authorizes moving token 1 (nonce 0, i.e. its first transfer) to #2.",
    chainId: 31337,
    primaryType: "TransferAuthorization",
    signer: 1,
    message: () => ({ from: addr(1), to: addr(2), tokenId: "1", nonce: "0", deadline: FAR_DEADLINE }),
  },
  {
    name: "transfer-large-values",
    description: "Owner #2 authorizes moving token 123456789 at nonce 7 to #4.",
    chainId: 31337,
    primaryType: "TransferAuthorization",
    signer: 2,
    message: () => ({ from: addr(2), to: addr(4), tokenId: "123456789", nonce: "7", deadline: "1767225600" }),
  },
  {
    name: "transfer-chain-1",
    description: "Same message as 'transfer-token1-nonce0' but for chainId 1.",
    chainId: 1,
    primaryType: "TransferAuthorization",
    signer: 1,
    message: () => ({ from: addr(1), to: addr(2), tokenId: "1", nonce: "0", deadline: FAR_DEADLINE }),
  },
];

async function build() {
  const vectors = [];
  for (const spec of SPECS) {
    const contentHash = spec.content === undefined ? undefined : sha256(spec.content);
    const message = spec.message(contentHash);
    const domain = domainFor(spec.chainId);
    const types = { [spec.primaryType]: TYPES[spec.primaryType] };
    const wallet = wallets[spec.signer];
    const encoder = TypedDataEncoder.from(types);
    const vector = {
      name: spec.name,
      description: spec.description,
      primaryType: spec.primaryType,
      domain,
      message,
    };
    if (spec.content !== undefined) vector.contentUtf8 = spec.content;
    Object.assign(vector, {
      signerPrivateKey: wallet.privateKey,
      signerAddress: getAddress(wallet.address),
      domainSeparator: TypedDataEncoder.hashDomain(domain),
      structHash: encoder.hash(message),
      digest: TypedDataEncoder.hash(domain, types, message),
      signature: await wallet.signTypedData(domain, types, message),
    });
    vectors.push(vector);
  }
  return {
    description:
      "EIP-712 test vectors for DigitalCollection (generated by scripts/make-eip712-vectors.js; do not edit by hand). " +
      "digest = keccak256(0x1901 || domainSeparator || structHash); signature = 65 bytes r||s||v (v = 27 or 28), RFC 6979 deterministic. " +
      "Message fields are strings: checksummed addresses, decimal integers, 0x-hex bytes32. contentHash = SHA-256 of contentUtf8's UTF-8 bytes. " +
      "Keys are Hardhat's public development keys.",
    types: { MintAuthorization: MINT_TYPE, TransferAuthorization: TRANSFER_TYPE },
    typeHashes: { MintAuthorization: id(MINT_TYPE), TransferAuthorization: id(TRANSFER_TYPE) },
    typeFields: TYPES,
    vectors,
  };
}

async function main() {
  // Guard: the field lists above must encode to exactly the fixed type strings.
  if (TypedDataEncoder.from({ MintAuthorization: TYPES.MintAuthorization }).encodeType("MintAuthorization") !== MINT_TYPE)
    throw new Error("MintAuthorization fields do not match the type string");
  if (
    TypedDataEncoder.from({ TransferAuthorization: TYPES.TransferAuthorization }).encodeType("TransferAuthorization") !==
    TRANSFER_TYPE
  )
    throw new Error("TransferAuthorization fields do not match the type string");

  const json = JSON.stringify(await build(), null, 2) + "\n";
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (current !== json) {
      console.error(`${path.relative(process.cwd(), OUT)} is out of date; run node scripts/make-eip712-vectors.js`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), OUT)} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, json);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { build, TYPES, MINT_TYPE, TRANSFER_TYPE, VERIFYING_CONTRACT };
