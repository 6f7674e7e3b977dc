#!/usr/bin/env node
// What a Hardhat node's eth_getProof costs and what that cost grows with, to decide how proof bundles are served.
// Against a Hardhat node given by URL (start one with `npx hardhat node --port N`; the script writes to it): one account
// gets code and storage words written with hardhat_setStorageAt (three words per "work", as a unique work has),
// then, at each size, eth_getProof is timed with 1 and with 10 storage keys, repeated at one block, at an older
// block, after another account's storage grew as much, and after 1,000 empty blocks.
//
//   node scripts/bench-getproof.js http://127.0.0.1:8545 [sizes=0,1000,4000] [calls=30]
"use strict";

const { performance } = require("node:perf_hooks");
const crypto = require("node:crypto");

const url = process.argv[2] ?? "http://127.0.0.1:8545";
const sizes = (process.argv[3] ?? "0,1000,4000").split(",").map(Number);
const calls = Number(process.argv[4] ?? 30);
const CONTRACT = "0x" + "c0".repeat(20);
const OTHER = "0x" + "d0".repeat(20);

let id = 0;
async function rpc(method, params) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
async function batch(requests) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify(requests.map(([method, params]) => ({ jsonrpc: "2.0", id: ++id, method, params }))) });
  const body = await res.json();
  for (const r of body) if (r.error) throw new Error(r.error.message);
  return body;
}

const word = () => "0x" + crypto.randomBytes(32).toString("hex");
const slotOf = (i, base) => "0x" + crypto.createHash("sha256").update(`${base}:${i}`).digest("hex"); // any spread of keys
const filled = { [CONTRACT]: 0, [OTHER]: 0 };

async function grow(address, works) {
  const writes = [];
  for (let i = filled[address]; i < works; i++) for (const base of [14, 15, 16]) writes.push(["hardhat_setStorageAt", [address, slotOf(i, base), word()]]);
  for (let i = 0; i < writes.length; i += 500) await batch(writes.slice(i, i + 500));
  filled[address] = Math.max(filled[address], works);
  await rpc("evm_mine", []);
}

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeProof(keys, block, n = calls) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await rpc("eth_getProof", [CONTRACT, keys, block]);
    times.push(performance.now() - t);
  }
  return p50(times);
}

async function main() {
  await rpc("hardhat_setCode", [CONTRACT, "0x6001600055"]);
  await rpc("hardhat_setCode", [OTHER, "0x6001600055"]);
  const one = [slotOf(0, 14)];
  const ten = Array.from({ length: 10 }, (_, i) => slotOf(i, 14 + (i % 3)));
  const rows = [];
  for (const size of sizes) {
    await grow(CONTRACT, size);
    const head = await rpc("eth_blockNumber", []);
    const baseline = await timeProof([], head);
    const row = { works: size, slots: size * 3, "0 keys": baseline, "1 key": await timeProof(one, head), "10 keys": await timeProof(ten, head),
      "1 key, 3 calls batched": 0, "eth_getStorageAt": 0, "eth_getBlockByNumber": 0 };
    let t = performance.now();
    for (let i = 0; i < calls; i++) await batch([["eth_getProof", [CONTRACT, one, head]], ["eth_getProof", [CONTRACT, one, head]], ["eth_getProof", [CONTRACT, one, head]]]);
    row["1 key, 3 calls batched"] = (performance.now() - t) / calls;
    t = performance.now();
    for (let i = 0; i < calls; i++) await rpc("eth_getStorageAt", [CONTRACT, one[0], head]);
    row.eth_getStorageAt = (performance.now() - t) / calls;
    t = performance.now();
    for (let i = 0; i < calls; i++) await rpc("eth_getBlockByNumber", [head, false]);
    row.eth_getBlockByNumber = (performance.now() - t) / calls;
    rows.push(row);
  }
  // Does it grow with the proven account's storage, or with the whole state's? Grow another account instead.
  const before = await timeProof([slotOf(0, 14)], "latest");
  await grow(OTHER, sizes.at(-1));
  const afterOther = await timeProof([slotOf(0, 14)], "latest");
  // With the number of blocks? Mine many empty ones.
  await rpc("hardhat_mine", ["0x3e8"]);
  const afterBlocks = await timeProof([slotOf(0, 14)], "latest");
  // At an older block than the head (the latest confirmed block is a few behind).
  const head = BigInt(await rpc("eth_blockNumber", []));
  const older = await timeProof([slotOf(0, 14)], "0x" + (head - 5n).toString(16));
  const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(1) : v);
  console.log("eth_getProof p50 ms (client side, one call at a time) by works in the proven account's storage:");
  console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v)]))));
  console.log(`1 key at ${sizes.at(-1)} works: ${before.toFixed(1)} ms; after another account got ${sizes.at(-1) * 3} words: ${afterOther.toFixed(1)} ms; ` +
    `after 1000 more empty blocks: ${afterBlocks.toFixed(1)} ms; at head-5: ${older.toFixed(1)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
