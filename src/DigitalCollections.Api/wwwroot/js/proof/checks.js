// Every check of a work's proof bundle against a block hash the user got elsewhere, in the browser and with no
// server call: the header's hash, the account proof against its state root, each storage word's layout, slot
// derivation and proof against the account's storage root, the keys, and each claimed fact decoded from the
// proven words. The same checks, by the same names, as scripts/verify-proof.js (a separate implementation).
import { keccak256 } from "./keccak.js";
import { BundleError, concat, fromHex, minimalBytes, pad32, quantity, sameHex, toBigInt, toHex } from "./hex.js";
import { decode, encode } from "./rlp.js";
import { provenValue } from "./mpt.js";
import { EDITION_FORMAT, EDITION_LAYOUT, EDITION_WORDS, FORMAT, LAYOUT, QUANTITIES } from "./layout.js";
import { editionChecks } from "./edition.js";

// The bit that marks an edition token's word in _tokens: a unique work's bundle holds only a word without it.
const EDITION_FLAG = EDITION_LAYOUT.find((e) => e.name === "editionToken").fields.find((f) => f.name === "editionFlag");
const bits = (word, offset, count) => (word >> BigInt(offset)) & ((1n << BigInt(count)) - 1n);

/** EIP-55 mixed-case address of a 160-bit number. */
export function checksumAddress(value) {
  const lower = value.toString(16).padStart(40, "0");
  const digest = toHex(keccak256(new TextEncoder().encode(lower))).slice(2);
  return "0x" + [...lower].map((c, i) => (parseInt(digest[i], 16) >= 8 ? c.toUpperCase() : c)).join("");
}

/** SHA-256 of a file's bytes against the content hash. */
export async function compareFile(fileBytes, contentHash) {
  const digest = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", fileBytes)));
  return { name: "file", passed: sameHex(digest, contentHash), detail: `SHA-256 of the file ${digest} vs content hash ${contentHash}` };
}

const proofNodes = (proof) => {
  if (!Array.isArray(proof)) throw new BundleError("proof is not a list of nodes");
  return proof.map((n, i) => fromHex(n, `proof node ${i}`));
};

/**
 * [{ name, passed, detail }] for every check, the facts decoded from the proven words, and whether all held.
 * `expected`: blockHash (required), chainId and contract (checked when given), fileBytes (hashed when given).
 * Throws a BundleError only when the document is not a proof bundle at all.
 */
export async function verifyBundle(bundle, expected) {
  if (!bundle || typeof bundle !== "object" || !bundle.block?.header || !bundle.account || !Array.isArray(bundle.storage) || !bundle.claims) {
    throw new BundleError("not a proof bundle: it needs block.header, account, storage and claims");
  }
  const checks = [];
  const check = (name, run) => {
    try {
      const [passed, detail] = run();
      checks.push({ name, passed: Boolean(passed), detail });
    } catch (error) {
      checks.push({ name, passed: false, detail: error instanceof BundleError ? error.message : `invalid: ${error.message}` });
    }
  };

  const edition = bundle.format === EDITION_FORMAT;
  const layout = edition ? EDITION_LAYOUT : LAYOUT;
  check("format", () => [bundle.format === FORMAT || edition, `${bundle.format} vs ${FORMAT} or ${EDITION_FORMAT}`]);
  if (expected.chainId !== undefined) check("chain id", () => [String(bundle.chainId) === String(expected.chainId), `${bundle.chainId} vs expected ${expected.chainId}`]);
  if (expected.contract !== undefined) check("contract", () => [sameHex(bundle.contract, expected.contract), `${bundle.contract} vs expected ${expected.contract}`]);

  const header = bundle.block.header;
  check("header hash", () => {
    const fields = Object.entries(header).map(([name, value]) => (QUANTITIES.has(name) ? minimalBytes(quantity(value, name)) : fromHex(value, name)));
    const computed = toHex(keccak256(encode(fields)));
    return [sameHex(computed, expected.blockHash), `keccak256(RLP(header)) ${computed} vs given ${expected.blockHash}`];
  });
  check("block number", () => [quantity(header.number, "header.number") === BigInt(bundle.block.number), `header ${header.number} vs block ${bundle.block.number}`]);

  const account = bundle.account;
  check("account address", () => [sameHex(account.address, bundle.contract), `${account.address} vs contract ${bundle.contract}`]);
  check("account proof", () => {
    const found = provenValue(fromHex(header.stateRoot, "stateRoot"), fromHex(bundle.contract, "contract"), proofNodes(account.proof));
    if (!found) return [false, `no account ${bundle.contract} under state root ${header.stateRoot}`];
    const fields = decode(found);
    if (!Array.isArray(fields) || fields.length !== 4 || fields.some(Array.isArray)) throw new BundleError("the proven account is not [nonce, balance, storageRoot, codeHash]");
    const [nonce, balance, storageRoot, codeHash] = fields;
    const holds = toBigInt(nonce) === quantity(account.nonce, "nonce") && toBigInt(balance) === quantity(account.balance, "balance") &&
      sameHex(toHex(storageRoot), account.storageHash) && sameHex(toHex(codeHash), account.codeHash);
    return [holds, `RLP[nonce, balance, storageRoot, codeHash] under keccak256(${bundle.contract}) in state root ${header.stateRoot}`];
  });

  const words = {};
  const entries = {};
  for (const entry of bundle.storage) {
    const name = entry?.name;
    const pinned = layout.find((l) => l.name === name);
    // An edition token's own word and its freeze may never have been written: their proofs then show the slot empty.
    const mayBeZero = edition && EDITION_WORDS.some((w) => w.name === name && w.mayBeZero);
    entries[name] = entry;
    check(`${name} layout`, () => [pinned !== undefined && ["variable", "baseSlot", "key", "keyType", "fields"]
      .every((k) => JSON.stringify(entry[k]) === JSON.stringify(pinned[k])), `${entry.variable} at slot ${entry.baseSlot} vs ${bundle.format}'s layout`]);
    if (!pinned) continue;
    check(`${name} slot derivation`, () => {
      const derived = toHex(keccak256(concat(pad32(fromHex(entry.mappingKey, "mappingKey")), pad32(minimalBytes(BigInt(pinned.baseSlot))))));
      return [sameHex(derived, entry.slot), `keccak256(pad32(${entry.mappingKey}) ++ pad32(${pinned.baseSlot})) ${derived} vs slot ${entry.slot}`];
    });
    check(`${name} storage proof`, () => {
      const value = quantity(entry.value, "value");
      const found = provenValue(fromHex(account.storageHash, "storageHash"), fromHex(entry.slot, "slot"), proofNodes(entry.proof));
      let proven = 0n;
      if (found) {
        const item = decode(found);
        if (Array.isArray(item)) throw new BundleError("the proven storage value is not a byte string");
        proven = toBigInt(item);
        words[name] = proven;
      } else if (mayBeZero) words[name] = 0n;
      const holds = found !== null ? value !== 0n && proven === value : mayBeZero && value === 0n;
      return [holds, found || !mayBeZero ? `RLP(${entry.value}) under keccak256(slot) in storage root ${account.storageHash}`
        : `slot empty (${entry.value}) under keccak256(slot) in storage root ${account.storageHash}`];
    });
  }

  const claims = bundle.claims;
  const facts = {};
  const field = (entryName, fieldName) => {
    if (words[entryName] === undefined) throw new BundleError(`the ${entryName} word is not proven`);
    const f = layout.find((l) => l.name === entryName).fields.find((x) => x.name === fieldName);
    return bits(words[entryName], f.offsetBits, f.bits);
  };
  if (edition) {
    editionChecks({ check, field, words, entries, bundle, facts, checksumAddress });
    if (expected.fileBytes !== undefined) checks.push(await compareFile(expected.fileBytes, facts.contentHash ?? claims.contentHash));
    return { checks, facts, passed: checks.every((c) => c.passed) };
  }
  for (const name of ["token", "contentHash"]) {
    check(`${name} key`, () => {
      const tokenKey = toHex(pad32(minimalBytes(BigInt(bundle.tokenId))));
      return [sameHex(entries[name]?.mappingKey, tokenKey), `mappingKey ${entries[name]?.mappingKey} vs token id ${bundle.tokenId}`];
    });
  }
  check("registration key", () => [sameHex(entries.registration?.mappingKey, claims.contentHash),
    `mappingKey ${entries.registration?.mappingKey} vs content hash ${claims.contentHash}`]);
  const fact = (name, entryName, fieldName, show, claimed, same = (a, b) => String(a) === String(b)) =>
    check(name, () => {
      facts[fieldName] = show(field(entryName, fieldName));
      return [same(facts[fieldName], claimed), `${facts[fieldName]} vs claimed ${claimed}`];
    });
  check("unique work", () => {
    if (!("token" in words)) throw new BundleError("the token word is not proven");
    const flag = bits(words.token, EDITION_FLAG.offsetBits, EDITION_FLAG.bits);
    return [flag === 0n, flag === 0n ? `the token word's editionFlag (bit ${EDITION_FLAG.offsetBits}) is clear`
      : "the token word is an edition token's (editionFlag set): its facts are in an edition bundle"];
  });
  fact("owner", "token", "owner", checksumAddress, claims.owner, sameHex);
  fact("registered at", "token", "registeredAt", Number, claims.registeredAt);
  fact("royalty", "token", "royaltyBps", Number, claims.royaltyBps);
  fact("transfer nonce", "token", "transferNonce", Number, claims.transferNonce);
  fact("content hash", "contentHash", "contentHash", (w) => toHex(pad32(minimalBytes(w))), claims.contentHash, sameHex);
  fact("registration token", "registration", "tokenId", String, bundle.tokenId);
  fact("creator", "registration", "creator", checksumAddress, claims.creator, sameHex);
  if (expected.fileBytes !== undefined) checks.push(await compareFile(expected.fileBytes, facts.contentHash ?? claims.contentHash));
  return { checks, facts, passed: checks.every((c) => c.passed) };
}
