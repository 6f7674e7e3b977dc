// Where format 1 of the proof bundle (and the edition format, below) says a work's facts live in the contract's storage, pinned here (the same as
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

export const EDITION_FORMAT = "digitalcollections-edition-proof/1";

/** The words of an edition token's bundle, in order, with the key each is found under (editionProof.words). */
export const EDITION_WORDS = Object.freeze([
  { name: "editionToken", mappingKey: "tokenId", mayBeZero: true },
  { name: "group", mappingKey: "tokenId >> 6", mayBeZero: false },
  { name: "edition", mappingKey: "firstTokenId", mayBeZero: false },
  { name: "editionFacts", mappingKey: "firstTokenId", mayBeZero: false },
  { name: "contentHash", mappingKey: "firstTokenId", mayBeZero: false },
  { name: "registration", mappingKey: "contentHash.contentHash", mayBeZero: false },
  { name: "freeze", mappingKey: "tokenId", mayBeZero: true },
]);

/** The layout of each of those words (from the file's entries and editionEntries). */
export const EDITION_LAYOUT = Object.freeze([
  {
    name: "editionToken", variable: "_tokens", baseSlot: 14, key: "tokenId", keyType: "uint256",
    fields: [
      { name: "owner", type: "address", offsetBits: 0, bits: 160 },
      { name: "arrivedAt", type: "uint", offsetBits: 160, bits: 40 },
      { name: "free", type: "uint", offsetBits: 213, bits: 1 },
      { name: "approved", type: "uint", offsetBits: 214, bits: 1 },
      { name: "editionFlag", type: "uint", offsetBits: 215, bits: 1 },
      { name: "transferNonce", type: "uint", offsetBits: 216, bits: 40 },
    ],
  },
  {
    name: "group", variable: "_groups", baseSlot: 20, key: "tokenId >> 6", keyType: "uint256",
    fields: [
      { name: "cover", type: "uint", offsetBits: 0, bits: 96 },
      { name: "heads", type: "uint", offsetBits: 96, bits: 64 },
      { name: "mintedAt", type: "uint", offsetBits: 160, bits: 40 },
    ],
  },
  {
    name: "edition", variable: "_editions", baseSlot: 18, key: "firstTokenId", keyType: "uint256",
    fields: [
      { name: "firstOwner", type: "address", offsetBits: 0, bits: 160 },
      { name: "minted", type: "uint", offsetBits: 160, bits: 32 },
      { name: "holdSeconds", type: "uint", offsetBits: 192, bits: 40 },
      { name: "locked", type: "uint", offsetBits: 232, bits: 1 },
    ],
  },
  {
    name: "editionFacts", variable: "_editionFacts", baseSlot: 19, key: "firstTokenId", keyType: "uint256",
    fields: [
      { name: "size", type: "uint", offsetBits: 0, bits: 32 },
      { name: "royaltyBps", type: "uint", offsetBits: 32, bits: 16 },
      { name: "registeredAt", type: "uint", offsetBits: 48, bits: 40 },
    ],
  },
  {
    name: "contentHash", variable: "_contentHashes", baseSlot: 15, key: "tokenId", keyType: "uint256",
    fields: [
      { name: "contentHash", type: "bytes32", offsetBits: 0, bits: 256 },
    ],
  },
  {
    name: "registration", variable: "_registrations", baseSlot: 16, key: "contentHash", keyType: "bytes32",
    fields: [
      { name: "tokenId", type: "uint", offsetBits: 0, bits: 96 },
      { name: "creator", type: "address", offsetBits: 96, bits: 160 },
    ],
  },
  {
    name: "freeze", variable: "_freezes", baseSlot: 22, key: "tokenId", keyType: "uint256",
    fields: [
      { name: "reasonCode", type: "uint", offsetBits: 0, bits: 32 },
      { name: "frozen", type: "uint", offsetBits: 32, bits: 1 },
    ],
  },
]);

/** The header fields that RLP holds as integers (minimal big-endian); the others are byte strings. */
export const QUANTITIES = new Set(["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed", "excessBlobGas"]);
