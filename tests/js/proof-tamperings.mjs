// Every way the proof-bundle tests tamper with the served bundle of tests/vectors/work-proof.json, and the checks
// that must catch each: shared by tests/js/proof-verifier.test.mjs (both verifiers in Node) and
// tests/browser/proof.test.js (the browser module in Chromium).
import fs from "node:fs";

export const VECTOR = JSON.parse(fs.readFileSync(new URL("../vectors/work-proof.json", import.meta.url), "utf8"));

/** Flips the low bit of the byte at `index` of a 0x hex string. */
export function flipByte(text, index) {
  const at = 2 + 2 * index;
  const byte = (parseInt(text.substr(at, 2), 16) ^ 1).toString(16).padStart(2, "0");
  return text.slice(0, at) + byte + text.slice(at + 2);
}

export const plusOne = (q) => "0x" + (BigInt(q) + 1n).toString(16);

/** Every tampering: [what, change(bundle), the checks that must fail]. */
export function tamperings() {
  const cases = [];
  const nodeBytes = (hex) => (hex.length - 2) / 2;
  VECTOR.account.proof.forEach((n, i) => {
    for (const at of [0, Math.floor(nodeBytes(n) / 2), nodeBytes(n) - 1]) {
      cases.push([`account proof node ${i}, byte ${at}`, (b) => (b.account.proof[i] = flipByte(n, at)), ["account proof"]]);
    }
  });
  VECTOR.storage.forEach((entry, s) => {
    entry.proof.forEach((n, i) => {
      for (const at of [0, Math.floor(nodeBytes(n) / 2), nodeBytes(n) - 1]) {
        cases.push([`${entry.name} proof node ${i}, byte ${at}`, (b) => (b.storage[s].proof[i] = flipByte(n, at)), [`${entry.name} storage proof`]]);
      }
    });
    cases.push([`${entry.name} slot`, (b) => (b.storage[s].slot = flipByte(entry.slot, 31)), [`${entry.name} slot derivation`, `${entry.name} storage proof`]]);
    const keyCheck = entry.name === "registration" ? "registration key" : `${entry.name} key`;
    cases.push([`${entry.name} mappingKey`, (b) => (b.storage[s].mappingKey = flipByte(entry.mappingKey, 31)), [`${entry.name} slot derivation`, keyCheck]]);
    cases.push([`${entry.name} value`, (b) => (b.storage[s].value = plusOne(entry.value)), [`${entry.name} storage proof`]]);
    cases.push([`${entry.name} baseSlot`, (b) => (b.storage[s].baseSlot += 1), [`${entry.name} layout`]]);
    cases.push([`${entry.name} field offset`, (b) => (b.storage[s].fields[0].offsetBits += 8), [`${entry.name} layout`]]);
  });
  for (const [name, value] of Object.entries(VECTOR.block.header)) {
    const changed = value.length === 2 ? "0x01" : ["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed",
      "excessBlobGas"].includes(name) ? plusOne(value) : flipByte(value, (value.length - 2) / 2 - 1);
    cases.push([`header ${name}`, (b) => (b.block.header[name] = changed), ["header hash"]]);
  }
  cases.push(["header field order", (b) => {
    const { parentHash, ...rest } = b.block.header;
    b.block.header = { ...rest, parentHash };
  }, ["header hash"]]);
  const claimChecks = { owner: "owner", creator: "creator", contentHash: "content hash", registeredAt: "registered at", royaltyBps: "royalty", transferNonce: "transfer nonce" };
  for (const [claim, check] of Object.entries(claimChecks)) {
    const value = VECTOR.claims[claim];
    const changed = typeof value === "number" ? value + 1 : flipByte(value, 19);
    cases.push([`claim ${claim}`, (b) => (b.claims[claim] = changed), [check]]);
  }
  cases.push(["account nonce", (b) => (b.account.nonce = plusOne(b.account.nonce)), ["account proof"]]);
  cases.push(["account balance", (b) => (b.account.balance = plusOne(b.account.balance)), ["account proof"]]);
  cases.push(["account storageHash", (b) => (b.account.storageHash = flipByte(b.account.storageHash, 0)), ["account proof"]]);
  cases.push(["account codeHash", (b) => (b.account.codeHash = flipByte(b.account.codeHash, 0)), ["account proof"]]);
  cases.push(["account address", (b) => (b.account.address = flipByte(b.account.address, 19)), ["account address"]]);
  cases.push(["contract", (b) => (b.contract = flipByte(b.contract, 19)), ["account proof", "account address"]]);
  cases.push(["token id", (b) => (b.tokenId = 2), ["token key", "contentHash key", "registration token"]]);
  cases.push(["token id that is not a number", (b) => (b.tokenId = "one"), ["token key", "contentHash key", "registration token"]]);
  cases.push(["header field left out", (b) => delete b.block.header.requestsHash, ["header hash"]]);
  cases.push(["a storage word with another name", (b) => (b.storage[2].name = "owner"), ["owner layout", "creator"]]);
  cases.push(["block number", (b) => (b.block.number = 3), ["block number"]]);
  cases.push(["format", (b) => (b.format = "digitalcollections-work-proof/2"), ["format"]]);
  cases.push(["a storage word left out", (b) => b.storage.splice(1, 1), ["content hash", "contentHash key"]]);
  return cases;
}

/** The served bundles of edition tokens: never moved (its own word and freeze proven empty), moved, and frozen. */
export const EDITION_VECTORS = Object.fromEntries(["edition-proof", "edition-proof-moved", "edition-proof-frozen"].map((name) =>
  [name, JSON.parse(fs.readFileSync(new URL(`../vectors/${name}.json`, import.meta.url), "utf8"))]));

/** Every tampering of an edition token's bundle: [what, change(bundle), the checks that must fail]. */
export function editionTamperings(vector) {
  const cases = [];
  const nodeBytes = (hex) => (hex.length - 2) / 2;
  vector.storage.forEach((entry, s) => {
    entry.proof.forEach((n, i) => {
      for (const at of [0, nodeBytes(n) - 1]) {
        cases.push([`${entry.name} proof node ${i}, byte ${at}`, (b) => (b.storage[s].proof[i] = flipByte(n, at)), [`${entry.name} storage proof`]]);
      }
    });
    // An empty slot's proof may prove another slot empty too: then only the derivation catches the changed slot.
    const empty = BigInt(entry.value) === 0n;
    cases.push([`${entry.name} slot`, (b) => (b.storage[s].slot = flipByte(entry.slot, 31)),
      empty ? [`${entry.name} slot derivation`] : [`${entry.name} slot derivation`, `${entry.name} storage proof`]]);
    cases.push([`${entry.name} mappingKey`, (b) => (b.storage[s].mappingKey = flipByte(entry.mappingKey, 31)), [`${entry.name} slot derivation`, `${entry.name} key`]]);
    // Each word flipped in turn: its value no longer what the storage root holds under its slot.
    cases.push([`${entry.name} value`, (b) => (b.storage[s].value = plusOne(entry.value)), [`${entry.name} storage proof`]]);
    cases.push([`${entry.name} baseSlot`, (b) => (b.storage[s].baseSlot += 1), [`${entry.name} layout`]]);
    cases.push([`${entry.name} field offset`, (b) => (b.storage[s].fields[0].offsetBits += 8), [`${entry.name} layout`]]);
    cases.push([`${entry.name} left out`, (b) => b.storage.splice(s, 1), [`${entry.name} key`]]);
    // A proof cut short must not pass for the absence of a word (nor for its presence).
    cases.push([`${entry.name} proof cut short`, (b) => b.storage[s].proof.pop(), [`${entry.name} storage proof`]]);
  });
  const claimChecks = { owner: "owner", creator: "creator", contentHash: "content hash", registeredAt: "registered at", royaltyBps: "royalty",
    transferNonce: "transfer nonce" };
  for (const [claim, check] of Object.entries(claimChecks)) {
    const value = vector.claims[claim];
    const changed = typeof value === "number" ? value + 1 : flipByte(value, 19);
    cases.push([`claim ${claim}`, (b) => (b.claims[claim] = changed), [check]]);
  }
  const editionChecks = { firstTokenId: ["first token", "registration token"], number: ["number"], size: ["size"], ownerWord: ["owner word"],
    arrivedAt: ["arrived at"], holdSeconds: ["hold"], transferable: ["transferable"], frozen: ["frozen"], freezeReason: ["frozen"] };
  for (const [claim, checks] of Object.entries(editionChecks)) {
    const value = vector.claims.edition[claim];
    const changed = typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : value === "edition" ? "editionToken" : "edition";
    cases.push([`claim edition.${claim}`, (b) => (b.claims.edition[claim] = changed), checks]);
  }
  cases.push(["token id of the next token", (b) => (b.tokenId += 1), ["editionToken key", "freeze key", "number"]]);
  cases.push(["format of a unique work", (b) => (b.format = "digitalcollections-work-proof/1"), ["editionToken layout", "group layout"]]);
  cases.push(["header timestamp", (b) => (b.block.header.timestamp = plusOne(b.block.header.timestamp)), ["header hash"]]);
  cases.push(["account proof node 0", (b) => (b.account.proof[0] = flipByte(b.account.proof[0], 3)), ["account proof"]]);
  return cases;
}

/**
 * A unique work's bundle made of an edition token's moved word (tests/vectors/edition-proof-moved.json): every proof
 * holds, but the word carries the edition flag, so "unique work" fails (its other facts would be misread).
 */
export function editionWordAsUniqueWork() {
  const moved = EDITION_VECTORS["edition-proof-moved"];
  const bundle = structuredClone(moved);
  bundle.format = "digitalcollections-work-proof/1";
  bundle.storage = ["editionToken", "contentHash", "registration"].map((name) => structuredClone(moved.storage.find((s) => s.name === name)));
  const format1 = VECTOR.storage;
  bundle.storage[0] = { ...bundle.storage[0], name: "token", fields: format1[0].fields };
  delete bundle.claims.edition;
  return bundle;
}
