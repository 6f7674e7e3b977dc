#!/usr/bin/env node
// Checks a work's or an edition token's proof bundle (GET /api/v1/works/{tokenId}/proof) against a block hash the user got elsewhere,
// with no call to this service: the header's hash, the contract's account proof against the header's state root,
// each storage word's slot derivation and proof against the account's storage root, and the work's facts decoded
// from the proven words. Its own implementation (@ethereumjs/mpt, @ethereumjs/rlp, @noble/hashes); the browser has
// another (wwwroot/js/proof/) and the C# tests a third, so a flaw in one is not a flaw in all.
//
//   node scripts/verify-proof.js bundle.json --block-hash 0x… [--file work.png] [--chain-id N] [--contract 0x…]
//
// Exit 0 only when every check holds, 1 when one fails, 2 on bad usage or a bundle that cannot be read.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { RLP } = require("@ethereumjs/rlp");
const { verifyMerkleProof } = require("@ethereumjs/mpt");

const { editionFacts } = require("./verify-proof-edition.js");

const FORMAT = "digitalcollections-work-proof/1";
const EDITION_FORMAT = "digitalcollections-edition-proof/1";
// The layouts, pinned here: a bundle's own description of its slots is checked against them, never trusted. Format 1
// (a unique work) has the file's three entries; the edition format the words its editionProof names, from both lists.
const FILE = require(path.join(__dirname, "..", "contracts", "DigitalCollection.storage.json"));
const LAYOUT = FILE.entries;
const EDITION_WORDS = FILE.editionProof.words;
// The bit that marks an edition token's word in _tokens: a unique work's bundle holds only a word without it.
const EDITION_FLAG = FILE.editionEntries.find((e) => e.name === "editionToken").fields.find((f) => f.name === "editionFlag");
const EDITION_LAYOUT = EDITION_WORDS.map((w) => [...FILE.entries, ...FILE.editionEntries].find((e) => e.name === w.name));
const QUANTITIES = new Set(["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed", "excessBlobGas"]);

let keccak256; // @noble/hashes is ESM-only: loaded once by load()

async function load() {
  keccak256 ??= (await import("@noble/hashes/sha3.js")).keccak_256;
}

/** A usage or reading problem: exit 2 with its message (and the usage line when it is the command line's). */
class UsageError extends Error {
  constructor(message, { usage = false } = {}) {
    super(message);
    this.usage = usage;
  }
}

const hex = (bytes) => "0x" + Buffer.from(bytes).toString("hex");

function bytes(text, what) {
  if (typeof text !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new UsageError(`${what} is not 0x-prefixed hex bytes`);
  return Uint8Array.from(Buffer.from(text.slice(2), "hex"));
}

function quantity(text, what) {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]+$/.test(text)) throw new UsageError(`${what} is not a 0x-prefixed hex quantity`);
  return BigInt(text);
}

const pad32 = (b) => Uint8Array.from([...new Uint8Array(Math.max(0, 32 - b.length)), ...b.slice(-32)]);
const minimal = (n) => (n === 0n ? new Uint8Array() : bytes("0x" + (n.toString(16).length % 2 ? "0" : "") + n.toString(16), "quantity"));
const toBig = (b) => (b.length ? BigInt(hex(b)) : 0n);
const bits = (word, offset, count) => (word >> BigInt(offset)) & ((1n << BigInt(count)) - 1n);
const sameHex = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** EIP-55 mixed-case address of a 160-bit number. */
function checksum(value) {
  const lower = value.toString(16).padStart(40, "0");
  const digest = Buffer.from(keccak256(Buffer.from(lower, "ascii"))).toString("hex");
  return "0x" + [...lower].map((c, i) => (parseInt(digest[i], 16) >= 8 ? c.toUpperCase() : c)).join("");
}

/** The value an EIP-1186 proof proves under keccak256(key) in the trie at root; null when absent, throws when invalid. */
async function provenValue(root, key, proof) {
  return verifyMerkleProof(key, proof.map((n, i) => bytes(n, `proof node ${i}`)), { root, useKeyHashing: true });
}

/** SHA-256 of a file's bytes against the claimed content hash. */
function compareFile(fileBytes, contentHash) {
  const digest = "0x" + crypto.createHash("sha256").update(fileBytes).digest("hex");
  return { name: "file", passed: sameHex(digest, contentHash), detail: `SHA-256 of the file ${digest} vs content hash ${contentHash}` };
}

/**
 * Every check of a bundle: [{ name, passed, detail }], and the facts decoded from the proven words.
 * `expected` holds what the user got elsewhere: blockHash (required), and optionally chainId, contract, fileBytes.
 */
async function verifyBundle(bundle, expected) {
  await load();
  if (!bundle || typeof bundle !== "object" || !bundle.block?.header || !bundle.account || !Array.isArray(bundle.storage) || !bundle.claims) {
    throw new UsageError("not a proof bundle: it needs block.header, account, storage and claims");
  }
  const checks = [];
  const check = async (name, run) => {
    try {
      const [passed, detail] = await run();
      checks.push({ name, passed: Boolean(passed), detail });
    } catch (error) {
      checks.push({ name, passed: false, detail: error instanceof UsageError ? error.message : `invalid: ${error.message}` });
    }
  };

  const edition = bundle.format === EDITION_FORMAT;
  const layout = edition ? EDITION_LAYOUT : LAYOUT;
  await check("format", () => [bundle.format === FORMAT || edition, `${bundle.format} vs ${FORMAT} or ${EDITION_FORMAT}`]);
  if (expected.chainId !== undefined) await check("chain id", () => [String(bundle.chainId) === String(expected.chainId), `${bundle.chainId} vs expected ${expected.chainId}`]);
  if (expected.contract !== undefined) await check("contract", () => [sameHex(bundle.contract, expected.contract), `${bundle.contract} vs expected ${expected.contract}`]);

  const header = bundle.block.header;
  await check("header hash", () => {
    const fields = Object.entries(header).map(([name, value]) => (QUANTITIES.has(name) ? minimal(quantity(value, name)) : bytes(value, name)));
    const computed = hex(keccak256(RLP.encode(fields)));
    return [sameHex(computed, expected.blockHash), `keccak256(RLP(header)) ${computed} vs given ${expected.blockHash}`];
  });
  await check("block number", () => [quantity(header.number, "header.number") === BigInt(bundle.block.number), `header ${header.number} vs block ${bundle.block.number}`]);

  const account = bundle.account;
  await check("account address", () => [sameHex(account.address, bundle.contract), `${account.address} vs contract ${bundle.contract}`]);
  await check("account proof", async () => {
    const found = await provenValue(bytes(header.stateRoot, "stateRoot"), bytes(bundle.contract, "contract"), account.proof);
    if (!found) return [false, `no account ${bundle.contract} under state root ${header.stateRoot}`];
    const [nonce, balance, storageRoot, codeHash] = RLP.decode(found);
    const holds = toBig(nonce) === quantity(account.nonce, "nonce") && toBig(balance) === quantity(account.balance, "balance") &&
      sameHex(hex(storageRoot), account.storageHash) && sameHex(hex(codeHash), account.codeHash);
    return [holds, `RLP[nonce, balance, storageRoot, codeHash] under keccak256(${bundle.contract}) in state root ${header.stateRoot}`];
  });

  const words = {};
  const entries = {};
  for (const entry of bundle.storage) {
    const name = entry?.name;
    const pinned = layout.find((l) => l.name === name);
    // An edition token's own word and its freeze may never have been written: their proofs then show the slot empty.
    const mayBeZero = edition && EDITION_WORDS.find((w) => w.name === name)?.mayBeZero === true;
    entries[name] = entry;
    await check(`${name} layout`, () => [pinned !== undefined && ["variable", "baseSlot", "key", "keyType", "fields"]
      .every((k) => JSON.stringify(entry[k]) === JSON.stringify(pinned[k])), `${entry.variable} at slot ${entry.baseSlot} vs ${bundle.format}'s layout`]);
    if (!pinned) continue;
    await check(`${name} slot derivation`, () => {
      const derived = hex(keccak256(Uint8Array.from([...pad32(bytes(entry.mappingKey, "mappingKey")), ...pad32(minimal(BigInt(pinned.baseSlot)))])));
      return [sameHex(derived, entry.slot), `keccak256(pad32(${entry.mappingKey}) ++ pad32(${pinned.baseSlot})) ${derived} vs slot ${entry.slot}`];
    });
    await check(`${name} storage proof`, async () => {
      const value = quantity(entry.value, "value");
      const found = await provenValue(bytes(account.storageHash, "storageHash"), bytes(entry.slot, "slot"), entry.proof);
      const proven = found ? toBig(RLP.decode(found)) : 0n;
      if (found || mayBeZero) words[name] = proven;
      const holds = found !== null ? value !== 0n && proven === value : mayBeZero && value === 0n;
      return [holds, found || !mayBeZero ? `RLP(${entry.value}) under keccak256(slot) in storage root ${account.storageHash}`
        : `slot empty (${entry.value}) under keccak256(slot) in storage root ${account.storageHash}`];
    });
  }

  const claims = bundle.claims;
  const facts = {};
  const field = (entryName, fieldName) => {
    if (words[entryName] === undefined) throw new UsageError(`the ${entryName} word is not proven`);
    const f = layout.find((l) => l.name === entryName).fields.find((x) => x.name === fieldName);
    return bits(words[entryName], f.offsetBits, f.bits);
  };
  if (edition) {
    const tokenKey = (id) => hex(pad32(minimal(BigInt(id))));
    await editionFacts({ check, field, words, entries, bundle, facts, tokenKey, checksum, sameHex, contentHashOf: (w) => hex(pad32(minimal(w))), UsageError });
    if (expected.fileBytes !== undefined) checks.push(compareFile(expected.fileBytes, facts.contentHash ?? claims.contentHash));
    return { checks, facts, passed: checks.every((c) => c.passed) };
  }
  for (const name of ["token", "contentHash"]) {
    await check(`${name} key`, () => {
      const tokenKey = hex(pad32(minimal(BigInt(bundle.tokenId))));
      return [sameHex(entries[name]?.mappingKey, tokenKey), `mappingKey ${entries[name]?.mappingKey} vs token id ${bundle.tokenId}`];
    });
  }
  await check("registration key", () => [sameHex(entries.registration?.mappingKey, claims.contentHash),
    `mappingKey ${entries.registration?.mappingKey} vs content hash ${claims.contentHash}`]);
  const fact = (name, entryName, fieldName, show, claimed, same = (a, b) => String(a) === String(b)) =>
    check(name, () => {
      facts[fieldName] = show(field(entryName, fieldName));
      return [same(facts[fieldName], claimed), `${facts[fieldName]} vs claimed ${claimed}`];
    });
  await check("unique work", () => {
    if (words.token === undefined) throw new UsageError("the token word is not proven");
    const flag = bits(words.token, EDITION_FLAG.offsetBits, EDITION_FLAG.bits);
    return [flag === 0n, flag === 0n ? `the token word's editionFlag (bit ${EDITION_FLAG.offsetBits}) is clear`
      : "the token word is an edition token's (editionFlag set): its facts are in an edition bundle"];
  });
  await fact("owner", "token", "owner", checksum, claims.owner, sameHex);
  await fact("registered at", "token", "registeredAt", Number, claims.registeredAt);
  await fact("royalty", "token", "royaltyBps", Number, claims.royaltyBps);
  await fact("transfer nonce", "token", "transferNonce", Number, claims.transferNonce);
  await fact("content hash", "contentHash", "contentHash", (w) => hex(pad32(minimal(w))), claims.contentHash, sameHex);
  await fact("registration token", "registration", "tokenId", String, bundle.tokenId);
  await fact("creator", "registration", "creator", checksum, claims.creator, sameHex);
  if (expected.fileBytes !== undefined) checks.push(compareFile(expected.fileBytes, facts.contentHash ?? claims.contentHash));
  return { checks, facts, passed: checks.every((c) => c.passed) };
}

const usageError = (message) => new UsageError(message, { usage: true });

function parseArgs(argv) {
  const options = {};
  const positional = [];
  const flags = { "--block-hash": "blockHash", "--file": "file", "--chain-id": "chainId", "--contract": "contract" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") return { help: true };
    if (argv[i].startsWith("--")) {
      const [flag, inline] = argv[i].split("=", 2);
      if (!flags[flag]) throw usageError(`unknown option ${flag}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw usageError(`${flag} needs a value`);
      options[flags[flag]] = value;
    } else positional.push(argv[i]);
  }
  if (positional.length !== 1) throw usageError("give exactly one bundle file");
  if (!options.blockHash) throw usageError("--block-hash is required: the hash of the bundle's block, from a node or explorer you trust");
  if (!/^0x[0-9a-fA-F]{64}$/.test(options.blockHash)) throw usageError("--block-hash must be 0x and 64 hex digits");
  if (options.chainId !== undefined && !/^[0-9]+$/.test(options.chainId)) throw usageError("--chain-id must be a whole number");
  if (options.contract !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(options.contract)) throw usageError("--contract must be 0x and 40 hex digits");
  return { bundlePath: positional[0], ...options };
}

function readInputs(args) {
  let bundle;
  try {
    bundle = JSON.parse(fs.readFileSync(args.bundlePath, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the bundle ${args.bundlePath}: ${error.code ?? error.message}`);
  }
  let fileBytes;
  if (args.file !== undefined) {
    try {
      fileBytes = fs.readFileSync(args.file);
    } catch (error) {
      throw new UsageError(`cannot read the file ${args.file}: ${error.code ?? error.message}`);
    }
  }
  return { bundle, fileBytes };
}

async function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { bundle, fileBytes } = readInputs(args);
  const { checks, facts, passed } = await verifyBundle(bundle, { blockHash: args.blockHash, chainId: args.chainId, contract: args.contract, fileBytes });
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) console.log(`${c.passed ? "pass" : "FAIL"}  ${c.name.padEnd(width)}  ${c.detail}`);
  console.log("");
  if (bundle.format === EDITION_FORMAT) {
    console.log(`Edition token #${bundle.tokenId}: No. ${facts.number ?? "(not proven)"} of ${facts.size ?? "(not proven)"}, ` +
      `hold ${facts.holdSeconds ?? "?"} s, ${facts.transferable === undefined ? "?" : facts.transferable ? "transferable" : "not transferable"}, ` +
      `${facts.frozen === undefined ? "?" : facts.frozen ? `frozen (reason ${facts.freezeReason})` : "not frozen"}`);
  }
  console.log(`Work #${bundle.tokenId} on chain ${bundle.chainId}, contract ${bundle.contract}, at block ${bundle.block.number}:`);
  console.log(`  owner          ${facts.owner ?? "(not proven)"}`);
  console.log(`  creator        ${facts.creator ?? "(not proven)"}`);
  console.log(`  content hash   ${facts.contentHash ?? "(not proven)"}`);
  const at = facts.registeredAt;
  console.log(`  registered at  ${at === undefined ? "(not proven)" : `${at} (${new Date(at * 1000).toISOString()})`}`);
  const unchecked = [args.chainId === undefined ? "--chain-id" : null, args.contract === undefined ? "--contract" : null].filter(Boolean);
  if (unchecked.length) console.log(`  (chain id and contract are the bundle's own unless given: ${unchecked.join(", ")} not given)`);
  const failed = checks.filter((c) => !c.passed).map((c) => c.name);
  console.log(passed ? `VERIFIED: all ${checks.length} checks hold` : `NOT VERIFIED: ${failed.length} of ${checks.length} checks failed (${failed.join(", ")})`);
  return passed ? 0 : 1;
}

const USAGE = "usage: node scripts/verify-proof.js bundle.json --block-hash 0x… [--file work.png] [--chain-id N] [--contract 0x…]";

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError) {
        if (error.message) console.error(`verify-proof: ${error.message}`);
        if (error.usage) console.error(USAGE);
      } else console.error(`verify-proof: ${error.message}`);
      process.exit(2);
    });
}

module.exports = { verifyBundle, compareFile, parseArgs, UsageError, FORMAT, EDITION_FORMAT };
