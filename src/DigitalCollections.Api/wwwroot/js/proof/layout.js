// Where format 1 of the proof bundle says a work's facts live in the contract's storage, pinned here (the same as
// contracts/DigitalCollection.storage.json, which tests/js/proof-verifier.test.mjs compares it with): a bundle's own
// description of its slots is checked against this, never trusted, or a bundle could point the decoding anywhere.

export const FORMAT = "digitalcollections-work-proof/1";

export const LAYOUT = Object.freeze([
  {
    name: "token", variable: "_tokens", baseSlot: 14, key: "tokenId", keyType: "uint256",
    fields: [
      { name: "owner", type: "address", offsetBits: 0, bits: 160 },
      { name: "registeredAt", type: "uint", offsetBits: 160, bits: 40 },
      { name: "royaltyBps", type: "uint", offsetBits: 200, bits: 16 },
      { name: "transferNonce", type: "uint", offsetBits: 216, bits: 40 },
    ],
  },
  {
    name: "contentHash", variable: "_contentHashes", baseSlot: 15, key: "tokenId", keyType: "uint256",
    fields: [{ name: "contentHash", type: "bytes32", offsetBits: 0, bits: 256 }],
  },
  {
    name: "registration", variable: "_registrations", baseSlot: 16, key: "contentHash", keyType: "bytes32",
    fields: [
      { name: "tokenId", type: "uint", offsetBits: 0, bits: 96 },
      { name: "creator", type: "address", offsetBits: 96, bits: 160 },
    ],
  },
]);

/** The header fields that RLP holds as integers (minimal big-endian); the others are byte strings. */
export const QUANTITIES = new Set(["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed", "excessBlobGas"]);
