// Shared helpers for the DigitalCollection contract tests (no tests in this file).
"use strict";

const { ethers } = require("hardhat");

const NAME = "DigitalCollections";
const SYMBOL = "DCOL";
const BASE_URI = "http://127.0.0.1:5080/api/v1/metadata/";

// The spec's EIP-712 types, defined once beside the vector generator.
const { TYPES, MINT_TYPE, TRANSFER_TYPE } = require("../../scripts/make-eip712-vectors");

const MINT_TYPES = { MintAuthorization: TYPES.MintAuthorization };

// The edition, recipients and metadata types (contracts/IDigitalCollectionEditions.sol).
const EDITION_TYPES = {
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
};
const RECIPIENTS_TYPES = {
  EditionRecipients: [
    { name: "contentHash", type: "bytes32" },
    { name: "firstNumber", type: "uint32" },
    { name: "recipients", type: "address[]" },
  ],
};
const METADATA_TYPES = {
  MetadataChange: [
    { name: "tokenId", type: "uint256" },
    { name: "metadataHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
const TRANSFER_TYPES = { TransferAuthorization: TYPES.TransferAuthorization };

/** EIP-712 domain of a deployed DigitalCollection on the current network. */
async function domainOf(contract, overrides = {}) {
  const { chainId } = await ethers.provider.getNetwork();
  return {
    name: await contract.name(),
    version: "1",
    chainId,
    verifyingContract: await contract.getAddress(),
    ...overrides,
  };
}

/** SHA-256 of a UTF-8 string, as 0x-hex (the contract's content hash). */
function contentHashOf(text) {
  return ethers.sha256(ethers.toUtf8Bytes(text));
}

const signMint = (signer, domain, auth) => signer.signTypedData(domain, MINT_TYPES, auth);
const signTransfer = (signer, domain, auth) => signer.signTypedData(domain, TRANSFER_TYPES, auth);
const signEdition = (signer, domain, auth) => signer.signTypedData(domain, EDITION_TYPES, auth);
const signRecipients = (signer, domain, chunk) => signer.signTypedData(domain, RECIPIENTS_TYPES, chunk);
const signMetadata = (signer, domain, change) => signer.signTypedData(domain, METADATA_TYPES, change);

module.exports = {
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
  EDITION_TYPES,
  RECIPIENTS_TYPES,
  METADATA_TYPES,
  signEdition,
  signRecipients,
  signMetadata,
};
