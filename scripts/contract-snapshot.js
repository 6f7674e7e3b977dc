// The compiled DigitalCollection's public surface and storage, to compare two builds:
//   npx hardhat compile && node scripts/contract-snapshot.js before.json
//   (change the contract) npx hardhat compile && node scripts/contract-snapshot.js after.json before.json
// Writes every function, event and error with its selector or topic, the ABI (sorted), the storage
// layout without AST ids or declaring contract, and the runtime and init code sizes. Given a second
// file, compares with it and exits 1 on a difference: the selectors and signatures, the storage layout
// and the ABI with Solidity's `internalType` annotations set aside (they name the contract that declares
// a struct, which moves when the code does; encoders, Nethereum and ethers ignore them) must be equal;
// `internalType` differences and the code sizes are printed.
"use strict";

const fs = require("fs");
const path = require("path");
const { ethers } = require("ethers");

const ARTIFACTS = path.join(process.cwd(), "artifacts", "contracts", "DigitalCollection.sol");

function snapshot() {
  const artifact = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, "DigitalCollection.json"), "utf8"));
  const debug = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, "DigitalCollection.dbg.json"), "utf8"));
  const buildInfo = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, debug.buildInfo), "utf8"));
  const layout = buildInfo.output.contracts["contracts/DigitalCollection.sol"].DigitalCollection.storageLayout;
  const iface = new ethers.Interface(artifact.abi);
  const entries = [];
  iface.forEachFunction((f) => entries.push(`function ${f.selector} ${f.format("full")}`));
  iface.forEachEvent((e) => entries.push(`event ${e.topicHash} ${e.format("full")}`));
  iface.forEachError((e) => entries.push(`error ${e.selector} ${e.format("full")}`));
  const types = {};
  for (const [name, type] of Object.entries(layout.types || {})) {
    const copy = { ...type };
    if (copy.members) copy.members = copy.members.map(({ astId, contract, ...member }) => member);
    types[name] = copy;
  }
  return {
    entries: entries.sort(),
    abi: [...artifact.abi].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    storage: layout.storage.map(({ astId, contract, ...variable }) => variable),
    types,
    runtimeBytes: (artifact.deployedBytecode.length - 2) / 2,
    initBytes: (artifact.bytecode.length - 2) / 2,
  };
}

/** The ABI without `internalType`, as JSON text per entry. */
function plainAbi(abi) {
  const strip = (value) =>
    Array.isArray(value) ? value.map(strip)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== "internalType").map(([k, v]) => [k, strip(v)]))
        : value;
  return abi.map((entry) => JSON.stringify(strip(entry))).sort();
}

/** `internalType` values that differ, in the order of the entries. */
function internalTypeChanges(before, after) {
  const collect = (abi) => {
    const out = [];
    const walk = (value, where) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (value && typeof value === "object") {
        if (value.internalType !== undefined) out.push([where, value.internalType]);
        for (const [k, v] of Object.entries(value)) if (k !== "internalType") walk(v, `${where}.${k}`);
      }
    };
    abi.forEach((entry) => walk(entry, `${entry.type} ${entry.name || ""}`));
    return out;
  };
  const a = collect(before);
  const b = collect(after);
  const changes = new Set();
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i][1] !== b[i][1]) changes.add(`${a[i][1]} -> ${b[i][1]}`);
  return [...changes];
}

function compare(after, before) {
  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const problems = [];
  const missing = before.entries.filter((e) => !after.entries.includes(e));
  const added = after.entries.filter((e) => !before.entries.includes(e));
  if (missing.length || added.length) problems.push(`selectors: missing ${JSON.stringify(missing)}, added ${JSON.stringify(added)}`);
  if (!same(plainAbi(after.abi), plainAbi(before.abi))) problems.push("ABI (internalType aside) differs");
  if (!same(after.storage, before.storage) || !same(after.types, before.types)) problems.push("storage layout differs");
  console.log(`functions, events, errors: ${before.entries.length} -> ${after.entries.length}, ${missing.length + added.length} differ`);
  console.log(`storage variables: ${before.storage.length} -> ${after.storage.length}, layout ${same(after.storage, before.storage) && same(after.types, before.types) ? "identical" : "DIFFERENT"}`);
  console.log(`ABI without internalType: ${same(plainAbi(after.abi), plainAbi(before.abi)) ? "identical" : "DIFFERENT"}`);
  for (const change of internalTypeChanges(before.abi, after.abi)) console.log(`internalType: ${change}`);
  console.log(`runtime code: ${before.runtimeBytes} -> ${after.runtimeBytes} bytes (EIP-170 limit 24576); init code ${before.initBytes} -> ${after.initBytes}`);
  for (const problem of problems) console.error(`DIFFERENT: ${problem}`);
  return problems.length === 0;
}

const [, , outFile, compareWith] = process.argv;
if (!outFile) {
  console.error("usage: node scripts/contract-snapshot.js <out.json> [<earlier snapshot.json>]");
  process.exit(2);
}
const current = snapshot();
fs.writeFileSync(outFile, JSON.stringify(current, null, 1));
console.log(`wrote ${outFile}: ${current.entries.length} functions, events and errors; ${current.storage.length} storage variables; runtime ${current.runtimeBytes} bytes`);
if (compareWith && !compare(current, JSON.parse(fs.readFileSync(compareWith, "utf8")))) process.exit(1);
