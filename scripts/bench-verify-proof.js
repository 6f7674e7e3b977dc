#!/usr/bin/env node
// How long checking one proof bundle takes (issue 16's target: ≤ 50 ms): verify-proof.js's checks in-process,
// the browser module's checks under Node, and the whole command (a new Node process each time). Prints p50 and p95.
//   node scripts/bench-verify-proof.js [bundle.json] [runs]   (default: tests/vectors/work-proof.json, 100 runs)
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { verifyBundle } = require("./verify-proof.js");

const file = process.argv[2] ?? path.join(__dirname, "..", "tests", "vectors", "work-proof.json");
const runs = Number(process.argv[3] ?? 100);
const bundle = JSON.parse(fs.readFileSync(file, "utf8"));
const expected = { blockHash: bundle.block.hash };

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function time(name, count, once) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const passed = await once();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!passed) throw new Error(`${name}: the bundle did not verify (give its own block hash's bundle)`);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(2)} ms  p95 ${percentile(samples, 95).toFixed(2)} ms  (${count} runs)`);
}

(async () => {
  const browser = await import(pathToFileURL(path.join(__dirname, "..", "src", "DigitalCollections.Api", "wwwroot", "js", "proof", "checks.js")).href);
  await verifyBundle(structuredClone(bundle), expected); // loads @noble/hashes once, as a run of the command does
  await time("verify-proof.js checks (in process)", runs, async () => (await verifyBundle(structuredClone(bundle), expected)).passed);
  await time("browser module checks (wwwroot/js/proof, Node)", runs, async () => (await browser.verifyBundle(structuredClone(bundle), expected)).passed);
  const command = [path.join(__dirname, "verify-proof.js"), file, "--block-hash", bundle.block.hash];
  await time("node scripts/verify-proof.js (whole process)", Math.min(runs, 20), async () => spawnSync(process.execPath, command).status === 0);
})().catch((error) => {
  console.error(`bench-verify-proof: ${error.message}`);
  process.exit(1);
});
