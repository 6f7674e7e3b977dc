#!/usr/bin/env node
// Generates tests/vectors/eip712-edition-vectors.json: EIP-712 test vectors for DigitalCollection's
// EditionAuthorization, EditionRecipients and MetadataChange (the MintAuthorization and
// TransferAuthorization vectors stay in eip712-vectors.json, whose readers know those two types).
// Deterministic (fixed keys and messages, RFC 6979 signatures): running it again gives the same file.
//
//   node scripts/make-eip712-edition-vectors.js            # (re)write the file
//   node scripts/make-eip712-edition-vectors.js --check    # exit 1 if the file differs from a fresh run
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { Wallet, TypedDataEncoder, getAddress, id } = require("ethers");
const { VERIFYING_CONTRACT } = require("./make-eip712-vectors");

const OUT = path.join(__dirname, "..", "tests", "vectors", "eip712-edition-vectors.json");

const TYPE_STRINGS = {
  EditionAuthorization:
    "EditionAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint32 editionSize,uint64 holdSeconds,bool transferable,uint256 deadline)",
  EditionRecipients: "EditionRecipients(bytes32 contentHash,uint32 firstNumber,address[] recipients)",
  MetadataChange: "MetadataChange(uint256 tokenId,bytes32 metadataHash,uint256 nonce,uint256 deadline)",
};

const TYPES = {
  EditionAuthorization: [
    { name: "creator", type: "address" },
    { name: "to", type: "address" },
    { name: "contentHash", type: "bytes32" },
    { name: "royaltyBps", type: "uint96" },
    { name: "editionSize", type: "uint32" },
    { name: "holdSeconds", type: "uint64" },
    { name: "transferable", type: "bool" },
    { name: "deadline", type: "uint256" },
  ],
  EditionRecipients: [
    { name: "contentHash", type: "bytes32" },
    { name: "firstNumber", type: "uint32" },
    { name: "recipients", type: "address[]" },
  ],
  MetadataChange: [
    { name: "tokenId", type: "uint256" },
    { name: "metadataHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

// Hardhat's well-known development accounts #1-#4 (as in make-eip712-vectors.js). Never use on a real chain.
const KEYS = {
  1: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  2: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  3: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  4: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
};
const wallet = (i) => new Wallet(KEYS[i]);
const addr = (i) => getAddress(wallet(i).address);
const domainFor = (chainId) => ({ name: "DigitalCollections", version: "1", chainId, verifyingContract: VERIFYING_CONTRACT });
const sha256 = (text) => "0x" + crypto.createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
const FAR_DEADLINE = "4102444800"; // 2100-01-01T00:00:00Z

// Message fields are strings (checksummed addresses, decimal integers, 0x-hex bytes32), booleans as JSON booleans.
const SPECS = [
  {
    name: "edition-100-self-transferable",
    description: "Creator #1 authorises an edition of 100 to itself, no royalty, no hold, transferable. Vector 'recipients-first-chunk' continues it.",
    chainId: 31337, primaryType: "EditionAuthorization", signer: 1, content: "edition of 100\n",
    message: (c) => ({ creator: addr(1), to: addr(1), contentHash: c, royaltyBps: "0", editionSize: "100", holdSeconds: "0", transferable: true, deadline: FAR_DEADLINE }),
  },
  {
    name: "edition-10000-hold-90-days-royalty-500",
    description: "Creator #2 authorises 10,000 tokens to #3 with a 5% royalty and a 90-day hold.",
    chainId: 31337, primaryType: "EditionAuthorization", signer: 2, content: "No. 37 of 10,000",
    message: (c) => ({ creator: addr(2), to: addr(3), contentHash: c, royaltyBps: "500", editionSize: "10000", holdSeconds: "7776000", transferable: true, deadline: FAR_DEADLINE }),
  },
  {
    name: "edition-non-transferable-chain-1",
    description: "Creator #1 authorises a non-transferable (ERC-5192 locked) edition of 3 on chain id 1.",
    chainId: 1, primaryType: "EditionAuthorization", signer: 1, content: "soulbound",
    message: (c) => ({ creator: addr(1), to: addr(4), contentHash: c, royaltyBps: "0", editionSize: "3", holdSeconds: "0", transferable: false, deadline: FAR_DEADLINE }),
  },
  {
    name: "recipients-first-chunk",
    description: "Creator #1 names #2, #3 and #4 as the owners of numbers 1 to 3 of 'edition-100-self-transferable'.",
    chainId: 31337, primaryType: "EditionRecipients", signer: 1, content: "edition of 100\n",
    message: (c) => ({ contentHash: c, firstNumber: "1", recipients: [addr(2), addr(3), addr(4)] }),
  },
  {
    name: "recipients-one",
    description: "Creator #2 names #4 as the owner of number 37 of 'edition-10000-hold-90-days-royalty-500'.",
    chainId: 31337, primaryType: "EditionRecipients", signer: 2, content: "No. 37 of 10,000",
    message: (c) => ({ contentHash: c, firstNumber: "37", recipients: [addr(4)] }),
  },
  {
    name: "metadata-change-token1-nonce0",
    description: "Creator #1 announces new metadata (SHA-256 of the new document) for the work of token 1, nonce 0.",
    chainId: 31337, primaryType: "MetadataChange", signer: 1,
    message: () => ({ tokenId: "1", metadataHash: sha256('{"name":"New title"}'), nonce: "0", deadline: FAR_DEADLINE }),
  },
];

async function build() {
  const vectors = [];
  for (const spec of SPECS) {
    const contentHash = spec.content === undefined ? undefined : sha256(spec.content);
    const message = spec.message(contentHash);
    const domain = domainFor(spec.chainId);
    const types = { [spec.primaryType]: TYPES[spec.primaryType] };
    const signer = wallet(spec.signer);
    const vector = { name: spec.name, description: spec.description, primaryType: spec.primaryType, domain, message };
    if (spec.content !== undefined) vector.contentUtf8 = spec.content;
    Object.assign(vector, {
      signerPrivateKey: signer.privateKey,
      signerAddress: getAddress(signer.address),
      domainSeparator: TypedDataEncoder.hashDomain(domain),
      structHash: TypedDataEncoder.from(types).hash(message),
      digest: TypedDataEncoder.hash(domain, types, message),
      signature: await signer.signTypedData(domain, types, message),
    });
    vectors.push(vector);
  }
  return {
    description:
      "EIP-712 test vectors for DigitalCollection's edition types (generated by scripts/make-eip712-edition-vectors.js; do not edit by hand). " +
      "Same conventions as eip712-vectors.json; `address[] recipients` is encoded as keccak256 of the addresses' 32-byte words, in order; " +
      "`transferable` is a JSON boolean.",
    types: TYPE_STRINGS,
    typeHashes: Object.fromEntries(Object.entries(TYPE_STRINGS).map(([k, v]) => [k, id(v)])),
    typeFields: TYPES,
    vectors,
  };
}

async function main() {
  for (const [name, type] of Object.entries(TYPE_STRINGS)) {
    if (TypedDataEncoder.from({ [name]: TYPES[name] }).encodeType(name) !== type) throw new Error(`${name} fields do not match the type string`);
  }
  const json = JSON.stringify(await build(), null, 2) + "\n";
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (current !== json) {
      console.error(`${path.relative(process.cwd(), OUT)} is out of date; run node scripts/make-eip712-edition-vectors.js`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), OUT)} is up to date`);
    return;
  }
  fs.writeFileSync(OUT, json);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { build, TYPES, TYPE_STRINGS };
