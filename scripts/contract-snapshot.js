// The contract's public surface and storage, for comparing two builds:
//   npx hardhat compile && node scripts/contract-snapshot.js before.json   (then again after a change, and diff)
// Writes every function, event and error with its selector or topic, the ABI (sorted), the storage
// layout without AST ids or declaring contract, and the runtime and init code sizes.
const fs = require("fs"); const path = require("path");
const { ethers } = require("ethers");
const root = process.cwd();
const art = JSON.parse(fs.readFileSync(path.join(root, "artifacts/contracts/DigitalCollection.sol/DigitalCollection.json")));
const dbg = JSON.parse(fs.readFileSync(path.join(root, "artifacts/contracts/DigitalCollection.sol/DigitalCollection.dbg.json")));
const bi = JSON.parse(fs.readFileSync(path.join(root, "artifacts/contracts/DigitalCollection.sol", dbg.buildInfo)));
const sl = bi.output.contracts["contracts/DigitalCollection.sol"].DigitalCollection.storageLayout;
const iface = new ethers.Interface(art.abi);
const entries = [];
iface.forEachFunction(f => entries.push(`function ${f.selector} ${f.format("full")}`));
iface.forEachEvent(e => entries.push(`event ${e.topicHash} ${e.format("full")}`));
iface.forEachError(e => entries.push(`error ${e.selector} ${e.format("full")}`));
const abiSorted = [...art.abi].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const types = {};
for (const [k, v] of Object.entries(sl.types || {})) { const c = { ...v }; if (c.members) c.members = c.members.map(({ astId, contract, ...m }) => m); types[k] = c; }
const storage = sl.storage.map(({ astId, contract, ...s }) => s);
const out = { entries: entries.sort(), abi: abiSorted, storage, types, runtimeBytes: (art.deployedBytecode.length - 2) / 2, initBytes: (art.bytecode.length - 2) / 2 };
fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
console.log(`functions/events/errors: ${entries.length}; storage vars: ${storage.length}; runtime ${out.runtimeBytes} bytes; initcode ${out.initBytes}`);
