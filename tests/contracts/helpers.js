// Shared helpers for the DigitalCollection contract tests (no tests in this file).
"use strict";

const { ethers } = require("hardhat");

const NAME = "DigitalCollections";
const SYMBOL = "DCOL";
const BASE_URI = "http://127.0.0.1:5080/api/v1/metadata/";

const MINT_TYPES = {
  MintAuthorization: [
    { name: "creator", type: "address" },
    { name: "to", type: "address" },
    { name: "contentHash", type: "bytes32" },
    { name: "royaltyBps", type: "uint96" },
    { name: "deadline", type: "uint256" },
  ],
};

const TRANSFER_TYPES = {
  TransferAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

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

module.exports = {
  NAME,
  SYMBOL,
  BASE_URI,
  MINT_TYPES,
  TRANSFER_TYPES,
  domainOf,
  contentHashOf,
  signMint,
  signTransfer,
};
