#!/usr/bin/env node
// The chain-index benchmark driver that scripts/bench-index.sh runs against its own Hardhat node and API.
//
//   node scripts/bench-index.js addresses 0,17,4   print the Hardhat accounts' addresses, comma-separated
//   node scripts/bench-index.js build              fill the chain directly (not through the API): BENCH_INDEX_TOKENS
//                                                  mints and BENCH_INDEX_TRANSFERS transfers; writes BENCH_INDEX_STATE
//   node scripts/bench-index.js measure            with the API started right before: backfill, reads, lag; summary
//
// build: every mint is a creator-signed EIP-712 MintAuthorization (random creator wallets) minted `to` one of
// BENCH_INDEX_HOLDERS random holder wallets, with a distinct random content hash, in a raw legacy transaction
// signed by one of the builder signers (BENCH_INDEX_SIGNERS, Hardhat accounts #4 …, each holding MINTER_ROLE).
// Automine is switched off; each round pushes one block's worth (BENCH_INDEX_MINTS_PER_BLOCK) of transactions in one
// JSON-RPC batch (each signer in nonce order) and then mines it with evm_mine (base fee reset to 1 gwei first, since
// busy blocks would otherwise raise it by up to 12.5% a block); the node's logging is off for the whole run.
// Transfers: transferWithAuthorization signed by the token's holder (nonce 0: each token moves once), relayed by
// the builder signers. Then it checks totalWorks(), every signer's nonce and the number of Transfer events, and
// switches automine back on.
// Signatures and hashes use the native libsecp256k1 and keccak bindings that Hardhat already installs
// (secp256k1, keccak), with ethers as the fallback; a self-test checks both against ethers first.
//
// measure: (1) backfill: polls GET /api/v1/chain until index.state is "following" and index.blockNumber reaches
// the head the build left, timed from the API's start (BENCH_INDEX_API_START_MS); (2) reads: sequential p50/p99
// of provenance, owner listing and verify-by-hash, each next to the same question answered by eth_getLogs from
// the deploy block, and req/s at BENCH_INDEX_CONCURRENCY; API answers are checked against the log scans;
// (3) lag: with automine on, raw pre-signed mints from every builder signer (each in nonce order, the signers in
// parallel) for BENCH_INDEX_LAG_SECONDS while GET /api/v1/chain is sampled every BENCH_INDEX_LAG_SAMPLE_MS.
//
// Environment: see scripts/bench-index.sh (it sets BENCH_INDEX_RPC_URL, BENCH_INDEX_API_URL, BENCH_INDEX_DEPLOYMENT,
// BENCH_INDEX_STATE, BENCH_INDEX_SIGNER_ACCOUNTS, BENCH_INDEX_NODE_PID, BENCH_INDEX_API_PID and BENCH_INDEX_API_START_MS).
// BENCH_INDEX_LAG_DUMP: a file for the lag samples (lag, head, index block, request ms), one a line.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const { performance } = require("node:perf_hooks");
const { ethers } = require("ethers");
const { runQueueWaitSeconds } = require("./proc-stats");

const MNEMONIC = "test test test test test test test test test test test junk"; // Hardhat's public development mnemonic
const MINT_GAS_LIMIT = 160_000n; // a mint uses ~120k (~137k to a holder's first token)
const TRANSFER_GAS_LIMIT = 100_000n; // transferWithAuthorization uses ~55k
const MINT_GAS_ESTIMATE = 122_000; // for sizing rounds: the block builder stops when gasLimit no longer fits
const TRANSFER_GAS_ESTIMATE = 60_000;
const GAS_PRICE = 2_000_000_000n; // 2 gwei; the base fee is reset to 1 gwei before every evm_mine
const BASE_FEE = "0x3b9aca00"; // 1 gwei
const DEADLINE = 4102444800n; // 2100-01-01
const TRANSFER_TOPIC = ethers.id("Transfer(address,address,uint256)");
const WORK_REGISTERED_TOPIC = ethers.id("WorkRegistered(uint256,address,bytes32)");
const ZERO_TOPIC = "0x" + "0".repeat(64);

// ---------------------------------------------------------------------------------------------------------
// Settings

function intEnv(name, fallback, min = 0) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not '${raw}'`);
  return value;
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Fast crypto: native bindings (installed with Hardhat) when they load, ethers otherwise.

let secp = null;
let keccakNative = null;
try {
  secp = require("secp256k1");
} catch {
  secp = null;
}
try {
  keccakNative = require("keccak");
} catch {
  keccakNative = null;
}

function keccak(buffer) {
  if (keccakNative) return keccakNative("keccak256").update(buffer).digest();
  return Buffer.from(ethers.getBytes(ethers.keccak256(buffer)));
}

/** ECDSA over a 32-byte digest: { r, s (32-byte Buffers), recid } (RFC 6979, low s: identical in both). */
function sign(digest, privateKey) {
  if (secp) {
    const { signature, recid } = secp.ecdsaSign(digest, privateKey);
    const sig = Buffer.from(signature);
    return { r: sig.subarray(0, 32), s: sig.subarray(32, 64), recid };
  }
  const sig = new ethers.SigningKey(privateKey).sign(digest);
  return { r: Buffer.from(sig.r.slice(2), "hex"), s: Buffer.from(sig.s.slice(2), "hex"), recid: sig.yParity };
}

function addressOf(privateKey) {
  if (secp) return ethers.getAddress("0x" + keccak(Buffer.from(secp.publicKeyCreate(privateKey, false)).subarray(1)).subarray(12).toString("hex"));
  return new ethers.Wallet("0x" + privateKey.toString("hex")).address;
}

function randomWallet() {
  for (;;) {
    const key = crypto.randomBytes(32);
    if (secp && !secp.privateKeyVerify(key)) continue;
    return { key, address: addressOf(key), addressBytes: null };
  }
}

function hardhatWallet(index) {
  const wallet = ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
  return { key: Buffer.from(wallet.privateKey.slice(2), "hex"), address: wallet.address };
}

// ---------------------------------------------------------------------------------------------------------
// ABI, EIP-712 and legacy (EIP-155) transactions, by hand: ethers' generic paths cost ~7 ms a mint here.

const hexBuf = (hex) => Buffer.from(hex.startsWith("0x") ? hex.slice(2) : hex, "hex");
const toHex = (buffer) => "0x" + buffer.toString("hex");

function uintWord(value) {
  const word = Buffer.alloc(32);
  let v = BigInt(value);
  for (let i = 31; v > 0n; i--, v >>= 8n) word[i] = Number(v & 0xffn);
  return word;
}

function addressWord(address) {
  const word = Buffer.alloc(32);
  hexBuf(address).copy(word, 12);
  return word;
}

function minimalBytes(value) {
  let v = BigInt(value);
  const bytes = [];
  while (v > 0n) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Buffer.from(bytes);
}

function stripZeros(buffer) {
  let i = 0;
  while (i < buffer.length && buffer[i] === 0) i++;
  return buffer.subarray(i);
}

function rlpLength(length, offset) {
  if (length < 56) return Buffer.from([offset + length]);
  const bytes = minimalBytes(length);
  return Buffer.concat([Buffer.from([offset + 55 + bytes.length]), bytes]);
}

function rlpList(items) {
  const body = Buffer.concat(items.map((b) => (b.length === 1 && b[0] < 0x80 ? b : Buffer.concat([rlpLength(b.length, 0x80), b]))));
  return Buffer.concat([rlpLength(body.length, 0xc0), body]);
}

class Codec {
  constructor(deployment, chainId) {
    this.chainId = BigInt(chainId);
    this.contract = ethers.getAddress(deployment.contractAddress);
    this.contractBytes = hexBuf(this.contract);
    this.domain = { name: deployment.name || "DigitalCollections", version: "1", chainId: Number(chainId), verifyingContract: this.contract };
    this.domainSeparator = hexBuf(ethers.TypedDataEncoder.hashDomain(this.domain));
    this.mintTypeHash = keccak(Buffer.from("MintAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline)"));
    this.transferTypeHash = keccak(Buffer.from("TransferAuthorization(address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline)"));
    this.mintSelector = keccak(Buffer.from("mintWork((address,address,bytes32,uint96,uint256),bytes)")).subarray(0, 4);
    this.transferSelector = keccak(Buffer.from("transferWithAuthorization((address,address,uint256,uint256,uint256),bytes)")).subarray(0, 4);
    this.prefix = Buffer.from([0x19, 0x01]);
    this.sigTail = Buffer.concat([uintWord(0xc0), uintWord(65)]);
    this.sigPad = Buffer.alloc(31);
  }

  typedDigest(structWords) {
    return keccak(Buffer.concat([this.prefix, this.domainSeparator, keccak(Buffer.concat(structWords))]));
  }

  /** Calldata of f(tuple of five static words, bytes signature), the signature r‖s‖v. */
  callData(selector, words, sig) {
    return Buffer.concat([selector, ...words, this.sigTail, sig.r, sig.s, Buffer.from([27 + sig.recid]), this.sigPad]);
  }

  mintCall(creator, to, contentHash, royaltyBps, deadline = DEADLINE) {
    const words = [addressWord(creator.address), addressWord(to), contentHash, uintWord(royaltyBps), uintWord(deadline)];
    const sig = sign(this.typedDigest([this.mintTypeHash, ...words]), creator.key);
    return this.callData(this.mintSelector, words, sig);
  }

  transferCall(owner, to, tokenId, nonce, deadline = DEADLINE) {
    const words = [addressWord(owner.address), addressWord(to), uintWord(tokenId), uintWord(nonce), uintWord(deadline)];
    const sig = sign(this.typedDigest([this.transferTypeHash, ...words]), owner.key);
    return this.callData(this.transferSelector, words, sig);
  }

  /** A signed legacy transaction to the contract (EIP-155), as 0x-hex. */
  rawTransaction(sender, nonce, gasLimit, data, gasPrice = GAS_PRICE) {
    const fields = [minimalBytes(nonce), minimalBytes(gasPrice), minimalBytes(gasLimit), this.contractBytes, Buffer.alloc(0), data];
    const sig = sign(keccak(rlpList([...fields, minimalBytes(this.chainId), Buffer.alloc(0), Buffer.alloc(0)])), sender.key);
    const v = this.chainId * 2n + 35n + BigInt(sig.recid);
    return toHex(rlpList([...fields, minimalBytes(v), stripZeros(sig.r), stripZeros(sig.s)]));
  }

  /** The hand-made encodings must equal ethers' (which the repo's EIP-712 vectors pin to the contract). */
  selfTest() {
    const creator = randomWallet();
    const sender = randomWallet();
    const to = randomWallet().address;
    const contentHash = crypto.randomBytes(32);
    const types = require("./make-eip712-vectors").TYPES;
    const mint = { creator: creator.address, to, contentHash: toHex(contentHash), royaltyBps: 250, deadline: DEADLINE };
    const sigE = new ethers.SigningKey(toHex(creator.key)).sign(ethers.TypedDataEncoder.hash(this.domain, { MintAuthorization: types.MintAuthorization }, mint));
    const iface = new ethers.Interface([
      "function mintWork((address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline) auth, bytes signature)",
      "function transferWithAuthorization((address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline) auth, bytes signature)",
    ]);
    const expectedData = iface.encodeFunctionData("mintWork", [[mint.creator, mint.to, mint.contentHash, 250, DEADLINE], sigE.serialized]);
    const data = this.mintCall(creator, to, contentHash, 250);
    if (toHex(data) !== expectedData) throw new Error("self-test: mintWork calldata differs from ethers'");
    const transfer = { from: creator.address, to, tokenId: 123456n, nonce: 0n, deadline: DEADLINE };
    const sigT = new ethers.SigningKey(toHex(creator.key)).sign(
      ethers.TypedDataEncoder.hash(this.domain, { TransferAuthorization: types.TransferAuthorization }, transfer));
    const expectedTransfer = iface.encodeFunctionData("transferWithAuthorization", [[transfer.from, to, 123456n, 0n, DEADLINE], sigT.serialized]);
    if (toHex(this.transferCall(creator, to, 123456n, 0n)) !== expectedTransfer) throw new Error("self-test: transfer calldata differs from ethers'");
    const tx = ethers.Transaction.from({ type: 0, chainId: this.chainId, nonce: 7, gasPrice: GAS_PRICE, gasLimit: MINT_GAS_LIMIT, to: this.contract, value: 0n, data: expectedData });
    tx.signature = new ethers.SigningKey(toHex(sender.key)).sign(tx.unsignedHash);
    if (this.rawTransaction(sender, 7, MINT_GAS_LIMIT, data) !== tx.serialized) throw new Error("self-test: raw transaction differs from ethers'");
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTTP and JSON-RPC over keep-alive connections

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url, { method = "GET", body, timeoutMs = 120_000 } = {}, retried = false) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on("error", (error) => {
      // A kept-alive connection the server closed while idle (its keep-alive timeout) fails the next request
      // sent on it before anything reached the server: send that request again, once, on a new connection.
      if (!retried && req.reusedSocket && (error.code === "ECONNRESET" || error.message === "socket hang up")) {
        request(url, { method, body, timeoutMs }, true).then(resolve, reject);
      } else {
        reject(error);
      }
    });
    req.end(body);
  });
}

async function getJson(url) {
  const res = await request(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body);
}

class Rpc {
  constructor(url) {
    this.url = url;
    this.id = 0;
  }

  async call(method, params = []) {
    const res = await request(this.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }) });
    const answer = JSON.parse(res.body);
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  }

  /** One HTTP request with many calls; answers in the calls' order. Errors are returned, not thrown. */
  async batch(calls) {
    if (calls.length === 0) return [];
    const first = this.id + 1;
    this.id += calls.length;
    const body = JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c[0], params: c[1] ?? [] })));
    const res = await request(this.url, { method: "POST", body });
    const answers = JSON.parse(res.body);
    if (!Array.isArray(answers)) throw new Error(`batch: ${res.body.slice(0, 300)}`);
    const out = new Array(calls.length);
    for (const a of answers) out[a.id - first] = a;
    return out;
  }

  async batchOk(calls, what) {
    const answers = await this.batch(calls);
    const failed = answers.find((a) => !a || a.error);
    if (failed) throw new Error(`${what}: ${failed ? failed.error?.message : "missing answer"}`);
    return answers.map((a) => a.result);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and formatting

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN,
  };
}

/** Resident memory of a process in MB (Linux), or NaN. */
function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const say = (message) => process.stderr.write(`[bench-index] ${message}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function shuffle(array) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

function pick(count, n) {
  // `count` distinct values from 0..n-1
  if (count >= n) return shuffle([...Array(n).keys()]);
  const chosen = new Set();
  while (chosen.size < count) chosen.add(crypto.randomInt(n));
  return [...chosen];
}

// ---------------------------------------------------------------------------------------------------------
// build

async function sendRounds(rpc, txs, perBlock, label) {
  // txs: [{ raw, signer }] in the order they should be sent (each signer's nonces ascending)
  let sent = 0;
  let lastReport = performance.now();
  for (let i = 0; i < txs.length; i += perBlock) {
    const round = txs.slice(i, i + perBlock);
    const answers = await rpc.batch(round.map((t) => ["eth_sendRawTransaction", [t.raw]]));
    const failed = answers.findIndex((a) => !a || a.error);
    if (failed >= 0) throw new Error(`${label}: eth_sendRawTransaction refused #${i + failed}: ${answers[failed]?.error?.message}`);
    await rpc.batchOk([["hardhat_setNextBlockBaseFeePerGas", [BASE_FEE]], ["evm_mine", []]], "evm_mine");
    sent += round.length;
    if (performance.now() - lastReport > 10_000) {
      say(`  ${label}: ${fmtInt(sent)} / ${fmtInt(txs.length)}`);
      lastReport = performance.now();
    }
  }
}

/** Mines until every signer's pending nonce is mined (leftovers that did not fit their round's block). */
async function drain(rpc, signers) {
  for (let i = 0; i < 10_000; i++) {
    const counts = await rpc.batchOk(signers.flatMap((s) => [["eth_getTransactionCount", [s.address, "latest"]], ["eth_getTransactionCount", [s.address, "pending"]]]), "nonces");
    let left = 0;
    for (let j = 0; j < counts.length; j += 2) left += Number(BigInt(counts[j + 1]) - BigInt(counts[j]));
    if (left === 0) return;
    await rpc.batchOk([["hardhat_setNextBlockBaseFeePerGas", [BASE_FEE]], ["evm_mine", []]], "evm_mine");
  }
  throw new Error("transactions stay pending after 10,000 blocks");
}

async function build() {
  const rpcUrl = requiredEnv("BENCH_INDEX_RPC_URL");
  const deployment = JSON.parse(fs.readFileSync(requiredEnv("BENCH_INDEX_DEPLOYMENT"), "utf8"));
  const statePath = requiredEnv("BENCH_INDEX_STATE");
  const tokenCount = intEnv("BENCH_INDEX_TOKENS", 100_000, 1);
  let transferCount = intEnv("BENCH_INDEX_TRANSFERS", 3000);
  const holderCount = intEnv("BENCH_INDEX_HOLDERS", 200, 2);
  if (holderCount > 65535) throw new Error("BENCH_INDEX_HOLDERS must be at most 65,535");
  const creatorCount = intEnv("BENCH_INDEX_CREATORS", 1000, 1);
  const signerIndexes = requiredEnv("BENCH_INDEX_SIGNER_ACCOUNTS").split(",").map(Number);
  if (transferCount > tokenCount) {
    say(`BENCH_INDEX_TRANSFERS=${transferCount} > tokens: moving each token once, so ${tokenCount} transfers`);
    transferCount = tokenCount;
  }

  const rpc = new Rpc(rpcUrl);
  const chainId = Number(BigInt(await rpc.call("eth_chainId")));
  const codec = new Codec(deployment, chainId);
  codec.selfTest();
  say(`crypto: ${secp ? "native libsecp256k1" : "ethers (noble)"} signatures, ${keccakNative ? "native" : "ethers"} keccak`);

  const signers = signerIndexes.map(hardhatWallet);
  const latest = await rpc.call("eth_getBlockByNumber", ["latest", false]);
  const blockGasLimit = Number(BigInt(latest.gasLimit));
  // Capped well below what the gas limit allows: Hardhat 2.29 (EDR) keeps memory per transaction of a
  // multi-transaction block that grows with the block's size (measured after 100k mints: ~7 GB with 100 a
  // block, ~15 GB with 200; blocks of one transaction keep nothing).
  const mintsPerBlock = Math.max(1, Math.min(intEnv("BENCH_INDEX_MINTS_PER_BLOCK", 100, 1), Math.floor(blockGasLimit / MINT_GAS_ESTIMATE)));
  const transfersPerBlock = Math.max(1, Math.min(2 * mintsPerBlock, Math.floor(blockGasLimit / TRANSFER_GAS_ESTIMATE)));

  say(`making ${fmtInt(holderCount)} holder and ${fmtInt(creatorCount)} creator wallets`);
  const holders = Array.from({ length: holderCount }, randomWallet);
  const creators = Array.from({ length: creatorCount }, randomWallet);

  // The node logs every call and every mined transaction (decoded against the artifacts): with automine off
  // that costs more than mining itself. Off for the whole run, so the API and the log scans meet a quiet node.
  await rpc.call("hardhat_setLoggingEnabled", [false]);
  const started = performance.now();
  await rpc.call("evm_setAutomine", [false]);
  const nonces = (await rpc.batchOk(signers.map((s) => ["eth_getTransactionCount", [s.address, "pending"]]), "nonces")).map((n) => Number(BigInt(n)));
  const firstBlock = Number(BigInt(await rpc.call("eth_blockNumber"))) + 1;
  const totalWorksData = "0x" + keccak(Buffer.from("totalWorks()")).subarray(0, 4).toString("hex");
  const totalWorks = async () => Number(BigInt(await rpc.call("eth_call", [{ to: codec.contract, data: totalWorksData }, "latest"])));
  const worksBefore = await totalWorks();

  // Mints: signed round by round, the next round signed while the node mines the previous one.
  say(`minting ${fmtInt(tokenCount)} works from ${signers.length} signers, ~${mintsPerBlock} a block (block gas limit ${fmtInt(blockGasLimit)})`);
  const contentHashes = new Array(tokenCount);
  const holderOf = new Uint16Array(tokenCount);
  const mintTx = (i) => {
    const s = i % signers.length;
    const contentHash = crypto.randomBytes(32);
    contentHashes[i] = toHex(contentHash);
    holderOf[i] = crypto.randomInt(holderCount);
    const data = codec.mintCall(creators[i % creatorCount], holders[holderOf[i]].address, contentHash, (i % 11) * 50);
    return { raw: codec.rawTransaction(signers[s], nonces[s]++, MINT_GAS_LIMIT, data), signer: s };
  };
  const mintStarted = performance.now();
  let signMs = 0;
  const makeRound = (from) => {
    const t = performance.now();
    const round = [];
    for (let i = from; i < Math.min(tokenCount, from + mintsPerBlock); i++) round.push(mintTx(i));
    signMs += performance.now() - t;
    return round;
  };
  let next = makeRound(0);
  let lastReport = performance.now();
  let sendMs = 0;
  let mineMs = 0;
  for (let from = 0; from < tokenCount; from += mintsPerBlock) {
    const sending = rpc.batch(next.map((t) => ["eth_sendRawTransaction", [t.raw]]));
    const current = next.length;
    next = from + mintsPerBlock < tokenCount ? makeRound(from + mintsPerBlock) : [];
    const t1 = performance.now();
    const answers = await sending;
    const t2 = performance.now();
    sendMs += t2 - t1;
    const failed = answers.findIndex((a) => !a || a.error);
    if (failed >= 0) throw new Error(`mint #${from + failed}: eth_sendRawTransaction refused: ${answers[failed]?.error?.message}`);
    await rpc.batchOk([["hardhat_setNextBlockBaseFeePerGas", [BASE_FEE]], ["evm_mine", []]], "evm_mine");
    mineMs += performance.now() - t2;
    if (performance.now() - lastReport > 10_000) {
      const done = from + current;
      say(`  ${fmtInt(done)} / ${fmtInt(tokenCount)} mints (${fmtInt(done / ((performance.now() - mintStarted) / 1000))}/s)`);
      lastReport = performance.now();
    }
  }
  await drain(rpc, signers);
  const mintSeconds = (performance.now() - mintStarted) / 1000;
  const mintLastBlock = Number(BigInt(await rpc.call("eth_blockNumber")));
  const worksAfter = await totalWorks();
  if (worksAfter - worksBefore !== tokenCount) throw new Error(`totalWorks() grew by ${worksAfter - worksBefore}, expected ${tokenCount}: some mints reverted`);
  say(`minted ${fmtInt(tokenCount)} in ${fmt(mintSeconds)} s (${fmtInt(tokenCount / mintSeconds)}/s; signing ${fmt(signMs / 1000)} s, waiting for eth_sendRawTransaction ${fmt(sendMs / 1000)} s, evm_mine ${fmt(mineMs / 1000)} s), blocks ${firstBlock}–${mintLastBlock}`);

  // Transfers: distinct tokens, each moved once by its holder's signature (nonce 0), relayed by the signers.
  const transferStarted = performance.now();
  const moved = pick(transferCount, tokenCount);
  const tokenOfContent = keccak(Buffer.from("tokenOfContent(bytes32)")).subarray(0, 4).toString("hex");
  const tokenIds = [];
  for (let i = 0; i < moved.length; i += 500) {
    const chunk = moved.slice(i, i + 500);
    const ids = await rpc.batchOk(chunk.map((m) => ["eth_call", [{ to: codec.contract, data: "0x" + tokenOfContent + contentHashes[m].slice(2) }, "latest"]]), "tokenOfContent");
    tokenIds.push(...ids.map((x) => Number(BigInt(x))));
  }
  const transfers = moved.map((m, k) => {
    const from = holderOf[m];
    let to = crypto.randomInt(holderCount - 1);
    if (to >= from) to++;
    holderOf[m] = to;
    const s = k % signers.length;
    const data = codec.transferCall(holders[from], holders[to].address, tokenIds[k], 0n);
    return { raw: codec.rawTransaction(signers[s], nonces[s]++, TRANSFER_GAS_LIMIT, data), signer: s };
  });
  const transferFirstBlock = Number(BigInt(await rpc.call("eth_blockNumber"))) + 1;
  await sendRounds(rpc, transfers, transfersPerBlock, "transfers");
  await drain(rpc, signers);
  const head = Number(BigInt(await rpc.call("eth_blockNumber")));
  if (transferCount > 0) {
    const logs = await rpc.call("eth_getLogs", [{ address: codec.contract, fromBlock: "0x" + transferFirstBlock.toString(16), toBlock: "0x" + head.toString(16), topics: [TRANSFER_TOPIC] }]);
    const moves = logs.filter((l) => l.topics[1] !== ZERO_TOPIC).length;
    if (moves !== transferCount) throw new Error(`${moves} transfers landed, expected ${transferCount}: some reverted`);
  }
  const transferSeconds = (performance.now() - transferStarted) / 1000;
  await rpc.call("evm_setAutomine", [true]);
  const counts = await rpc.batchOk(signers.map((s) => ["eth_getTransactionCount", [s.address, "latest"]]), "nonces");
  counts.forEach((c, i) => {
    if (Number(BigInt(c)) !== nonces[i]) throw new Error(`signer ${signers[i].address}: nonce ${Number(BigInt(c))}, expected ${nonces[i]}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const nodeRssMb = rssMb(Number(process.env.BENCH_INDEX_NODE_PID || 0));
  say(`transferred ${fmtInt(transferCount)} in ${fmt(transferSeconds)} s; chain built in ${fmt(seconds)} s, head ${head}` +
    (Number.isFinite(nodeRssMb) ? `; the node holds ${fmtInt(nodeRssMb)} MB` : ""));

  const state = {
    chainId,
    contract: codec.contract,
    deployBlock: deployment.deployBlock,
    head,
    tokens: tokenCount,
    transfers: transferCount,
    events: 2 * tokenCount + transferCount,
    blocks: head - firstBlock + 1,
    build: { seconds, mintSeconds, transferSeconds, signSeconds: signMs / 1000, mintsPerBlock, nodeRssMb },
    holders: holders.map((h) => h.address),
    contentHashes,
    movedTokenIds: tokenIds,
  };
  fs.writeFileSync(statePath, JSON.stringify(state));
}

// ---------------------------------------------------------------------------------------------------------
// measure

function apiAlive() {
  const pid = Number(process.env.BENCH_INDEX_API_PID || 0);
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function backfill(api, state) {
  const startMs = Number(requiredEnv("BENCH_INDEX_API_START_MS"));
  const pollMs = intEnv("BENCH_INDEX_POLL_MS", 100, 10);
  const timeoutMs = intEnv("BENCH_INDEX_BACKFILL_TIMEOUT", 3600, 1) * 1000;
  let firstAnswerMs = null;
  let firstIndexBlock = null;
  let lastReport = Date.now();
  for (;;) {
    if (!apiAlive()) throw new Error("the API exited during the backfill");
    if (Date.now() - startMs > timeoutMs) throw new Error(`the index did not reach block ${state.head} in ${timeoutMs / 1000} s`);
    let info = null;
    try {
      const res = await request(`${api}/api/v1/chain`, { timeoutMs: 30_000 });
      if (res.status === 200) info = JSON.parse(res.body);
    } catch {
      info = null; // not listening yet
    }
    const now = Date.now();
    if (info) {
      if (firstAnswerMs === null) {
        firstAnswerMs = now;
        firstIndexBlock = info.index.blockNumber;
      }
      if (info.index.state === "chainReset") throw new Error(`index: ${info.index.reason}`);
      if (info.index.state === "following" && info.index.blockNumber >= state.head) {
        const seconds = (now - startMs) / 1000;
        const indexSeconds = (now - firstAnswerMs) / 1000;
        return {
          seconds,
          eventsPerSecond: state.events / seconds,
          startupSeconds: (firstAnswerMs - startMs) / 1000,
          firstIndexBlock,
          indexSeconds,
        };
      }
      if (now - lastReport > 10_000) {
        const done = Math.max(0, info.index.blockNumber - state.deployBlock);
        say(`  index at block ${info.index.blockNumber} of ${state.head} (${fmt((100 * done) / Math.max(1, state.head - state.deployBlock), 0)}%), ${fmt((now - startMs) / 1000)} s`);
        lastReport = now;
      }
    }
    await sleep(pollMs);
  }
}

async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

/** Sequential samples of one question; returns latency stats and the answers of the first `keep`. */
async function sequential(count, question, keep = 0) {
  const latencies = [];
  const kept = [];
  for (let i = 0; i < count; i++) {
    const { ms, result } = await timed(() => question(i));
    latencies.push(ms);
    if (i < keep) kept.push(result);
  }
  return { ...stats(latencies), kept };
}

async function concurrent(count, concurrency, question) {
  let next = 0;
  const t = performance.now();
  async function worker() {
    while (next < count) await question(next++);
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return count / ((performance.now() - t) / 1000);
}

function topicOf(value) {
  if (typeof value === "string" && value.startsWith("0x") && value.length === 42) return "0x" + "0".repeat(24) + value.slice(2).toLowerCase();
  return "0x" + BigInt(value).toString(16).padStart(64, "0");
}

const addressFromTopic = (topic) => ethers.getAddress("0x" + topic.slice(26));

async function reads(api, rpc, state) {
  const samples = intEnv("BENCH_INDEX_READS", 500, 1);
  const scanSamples = intEnv("BENCH_INDEX_SCAN_READS", 50, 1);
  const checks = Math.min(20, scanSamples);
  const concurrency = intEnv("BENCH_INDEX_CONCURRENCY", 16, 1);
  const concurrentCount = intEnv("BENCH_INDEX_CONCURRENT_READS", 2000);
  const fromBlock = "0x" + state.deployBlock.toString(16);
  const head = "0x" + state.head.toString(16);
  const randomToken = () => 1 + crypto.randomInt(state.tokens);
  // The checked samples start with the first and the last token and moved tokens, so the comparison covers
  // both ends of the backfill and transfers too.
  const tokenSample = (i) =>
    i === 0 ? 1 : i === 1 ? state.tokens : i < checks / 2 && state.movedTokenIds.length ? state.movedTokenIds[i % state.movedTokenIds.length] : randomToken();
  const holderSample = () => state.holders[crypto.randomInt(state.holders.length)];
  const hashSample = () => state.contentHashes[crypto.randomInt(state.contentHashes.length)];
  const api200 = async (url) => {
    const res = await request(url);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body);
  };
  const logs = (topics) => rpc.call("eth_getLogs", [{ address: state.contract, fromBlock, toBlock: head, topics }]);

  const routes = {
    provenance: {
      target: 5,
      api: (id) => api200(`${api}/api/v1/works/${id}/provenance`),
      scan: (id) => logs([TRANSFER_TOPIC, null, null, topicOf(id)]),
      sample: tokenSample,
      same: (a, s) => JSON.stringify(a.events.map((e) => e.transactionHash.toLowerCase())) === JSON.stringify(s.map((l) => l.transactionHash.toLowerCase())),
      label: "provenance  GET /works/{id}/provenance",
      scanLabel: "eth_getLogs(Transfer, tokenId)",
    },
    listing: {
      target: 10,
      api: (holder) => api200(`${api}/api/v1/accounts/${holder}/works?limit=50`),
      scan: async (holder) => {
        const [received, sent] = await Promise.all([logs([TRANSFER_TOPIC, null, topicOf(holder)]), logs([TRANSFER_TOPIC, topicOf(holder)])]);
        const last = new Map(); // tokenId → [block, logIndex, owner is holder]
        for (const l of [...received, ...sent]) {
          const id = BigInt(l.topics[3]);
          const at = [Number(BigInt(l.blockNumber)), Number(BigInt(l.logIndex))];
          const prev = last.get(id);
          if (!prev || at[0] > prev[0] || (at[0] === prev[0] && at[1] > prev[1])) last.set(id, [...at, addressFromTopic(l.topics[2]) === ethers.getAddress(holder)]);
        }
        return [...last].filter(([, v]) => v[2]).map(([id]) => id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 50).map(Number);
      },
      sample: holderSample,
      same: (a, s) => JSON.stringify(a.items.map((w) => w.tokenId)) === JSON.stringify(s),
      label: "owner listing  GET /accounts/{a}/works?limit=50",
      scanLabel: "eth_getLogs(Transfer, to=a) + (from=a), first 50",
    },
    verify: {
      target: 5,
      api: (hash) => api200(`${api}/api/v1/verifications/${hash}`),
      scan: (hash) => logs([WORK_REGISTERED_TOPIC, null, null, hash]),
      sample: hashSample,
      same: (a, s) => a.registered === true && s.length === 1 && BigInt(s[0].topics[1]) === BigInt(a.tokenId),
      label: "verify  GET /verifications/{contentHash}",
      scanLabel: "eth_getLogs(WorkRegistered, contentHash)",
    },
  };

  const out = {};
  for (const [name, route] of Object.entries(routes)) {
    const inputs = Array.from({ length: Math.max(samples, scanSamples) }, (_, i) => route.sample(i));
    for (let i = 0; i < 20; i++) await route.api(inputs[i % inputs.length]); // warm-up (JIT, connections, caches)
    const apiRun = await sequential(samples, (i) => route.api(inputs[i]), checks);
    await route.scan(inputs[0]);
    const scanRun = await sequential(scanSamples, (i) => route.scan(inputs[i]), checks);
    const mismatches = [];
    for (let i = 0; i < checks; i++) {
      if (!route.same(apiRun.kept[i], scanRun.kept[i])) mismatches.push(String(inputs[i]));
    }
    const perSecond = concurrentCount > 0 ? await concurrent(concurrentCount, concurrency, (i) => route.api(inputs[i % inputs.length])) : NaN;
    out[name] = {
      label: route.label,
      scanLabel: route.scanLabel,
      target: route.target,
      api: { count: apiRun.count, p50: apiRun.p50, p99: apiRun.p99, mean: apiRun.mean, perSecond, concurrency },
      scan: { count: scanRun.count, p50: scanRun.p50, p99: scanRun.p99, mean: scanRun.mean },
      checked: checks,
      mismatches,
    };
    say(`  ${name}: API p50 ${fmt(apiRun.p50, 2)} ms, p99 ${fmt(apiRun.p99, 2)} ms, ${fmtInt(perSecond)} req/s; log scan p50 ${fmt(scanRun.p50)} ms, p99 ${fmt(scanRun.p99)} ms` +
      (mismatches.length ? `; ${mismatches.length} of ${checks} answers DIFFER from the log scan` : `; ${checks} answers equal the log scan`));
  }
  return out;
}

async function lag(api, rpc, state, codec) {
  const seconds = intEnv("BENCH_INDEX_LAG_SECONDS", 10);
  const sampleMs = intEnv("BENCH_INDEX_LAG_SAMPLE_MS", 50, 1);
  const perSigner = intEnv("BENCH_INDEX_LAG_MINTS", 3000, 1);
  const rate = intEnv("BENCH_INDEX_LAG_RATE", 0); // mints (= blocks) a second; 0: as fast as the node takes them
  if (seconds === 0) return null;
  const signers = requiredEnv("BENCH_INDEX_SIGNER_ACCOUNTS").split(",").map(Number).map(hardhatWallet);
  const creators = Array.from({ length: 50 }, randomWallet);
  const nonces = (await rpc.batchOk(signers.map((s) => ["eth_getTransactionCount", [s.address, "pending"]]), "nonces")).map((n) => Number(BigInt(n)));
  say(`  pre-signing ${fmtInt(perSigner * signers.length)} mints`);
  const queues = signers.map((signer, s) =>
    Array.from({ length: perSigner }, (_, k) => {
      const data = codec.mintCall(creators[k % creators.length], state.holders[crypto.randomInt(state.holders.length)], crypto.randomBytes(32), 250);
      return codec.rawTransaction(signer, nonces[s] + k, MINT_GAS_LIMIT, data, 10_000_000_000n);
    }));
  const startHead = Number(BigInt(await rpc.call("eth_blockNumber")));

  let running = true;
  let minted = 0;
  let slots = 0;
  const errors = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const sender = async (queue) => {
    for (const raw of queue) {
      if (!running || performance.now() >= deadline) return;
      if (rate > 0) {
        const wait = t0 + (slots++ * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
        if (performance.now() >= deadline) return;
      }
      try {
        await rpc.call("eth_sendRawTransaction", [raw]);
        minted++;
      } catch (e) {
        errors.push(e.message);
        return;
      }
    }
  };
  const samples = [];
  const sampler = async () => {
    while (running) {
      const t = performance.now();
      try {
        const info = await getJson(`${api}/api/v1/chain`);
        samples.push({ lag: info.index.lagBlocks, head: info.blockNumber, index: info.index.blockNumber, feed: info.index.feed, ms: performance.now() - t });
      } catch (e) {
        errors.push(`GET /api/v1/chain: ${e.message}`);
      }
      const wait = sampleMs - (performance.now() - t);
      if (wait > 0) await sleep(wait);
    }
  };
  const waitPids = { api: Number(process.env.BENCH_INDEX_API_PID || 0), node: Number(process.env.BENCH_INDEX_NODE_PID || 0) };
  const waitsBefore = Object.fromEntries(Object.entries(waitPids).map(([k, pid]) => [k, runQueueWaitSeconds(pid)]));
  const sampling = sampler();
  await Promise.all(queues.map(sender));
  const mintSeconds = (performance.now() - t0) / 1000;
  // How long the API's and the node's threads were ready to run but found no free core, per second of minting.
  const waitsMsPerSecond = Object.fromEntries(Object.entries(waitPids).map(([k, pid]) => {
    const after = runQueueWaitSeconds(pid);
    return [k, after === null || waitsBefore[k] === null ? null : (1000 * (after - waitsBefore[k])) / mintSeconds];
  }));
  const endHead = Number(BigInt(await rpc.call("eth_blockNumber")));
  // Catch-up: how long after the last mint until the index holds the head.
  const catchUpStart = performance.now();
  let caughtUp = NaN;
  while (performance.now() - catchUpStart < 60_000) {
    const info = await getJson(`${api}/api/v1/chain`);
    if (info.index.blockNumber >= endHead) {
      caughtUp = performance.now() - catchUpStart;
      break;
    }
    await sleep(5);
  }
  running = false;
  await sampling;
  if (errors.length) throw new Error(`lag phase: ${errors[0]}`);
  if (process.env.BENCH_INDEX_LAG_DUMP) fs.writeFileSync(process.env.BENCH_INDEX_LAG_DUMP, samples.map((s) => `${s.lag} ${s.head} ${s.index} ${fmt(s.ms)}`).join("\n") + "\n");
  const during = samples; // every sample taken while minting or catching up
  const lagStats = stats(during.map((s) => s.lag));
  return {
    rate,
    seconds: mintSeconds,
    minted,
    mintsPerSecond: minted / mintSeconds,
    blocks: endHead - startHead,
    samples: during.length,
    p50: lagStats.p50,
    p99: lagStats.p99,
    max: lagStats.max,
    mean: lagStats.mean,
    chainRequestP50Ms: stats(during.map((s) => s.ms)).p50,
    catchUpMs: caughtUp,
    // How the index followed: "websocket" (the node's pushes) or "polling", per sample.
    pushedSamples: during.filter((s) => s.feed === "websocket").length,
    waitsMsPerSecond,
  };
}

function summary(state, backfillResult, readResults, lagResult) {
  const rows = [];
  const ok = (pass) => (pass ? "yes" : "NO");
  rows.push(["build (direct to chain)", `${fmtInt(state.tokens)} mints + ${fmtInt(state.transfers)} transfers in ${fmt(state.build.seconds)} s ` +
    `(${fmtInt(state.tokens / state.build.mintSeconds)} mints/s, ${state.build.mintsPerBlock} a block), ${fmtInt(state.blocks)} blocks` +
    (Number.isFinite(state.build.nodeRssMb) ? `; node ${fmt(state.build.nodeRssMb / 1024)} GB` : ""), "–", "–"]);
  rows.push(["backfill (fresh database)", `${fmtInt(state.events)} events in ${fmt(backfillResult.seconds)} s from API start = ${fmtInt(backfillResult.eventsPerSecond)} events/s ` +
    `(API answered after ${fmt(backfillResult.startupSeconds)} s)`, "≥ 5,000 events/s", ok(backfillResult.eventsPerSecond >= 5000)]);
  for (const r of Object.values(readResults)) {
    rows.push([r.label, `p50 ${fmt(r.api.p50, 2)} ms, p99 ${fmt(r.api.p99, 2)} ms (${r.api.count} seq.); ${fmtInt(r.api.perSecond)} req/s at ${r.api.concurrency}`, `p50 ≤ ${r.target} ms`, ok(r.api.p50 <= r.target)]);
    const ratio = r.scan.p50 / r.api.p50;
    rows.push([`  same by ${r.scanLabel}`, `p50 ${fmt(r.scan.p50, 1)} ms, p99 ${fmt(r.scan.p99, 1)} ms (${r.scan.count} seq.); ${ratio >= 1 ? `the API is ${fmt(ratio, ratio < 10 ? 1 : 0)}×` : `the log scan is ${fmt(1 / ratio, 1)}×`} faster at p50`, "–", r.mismatches.length ? "answers DIFFER" : `answers equal (${r.checked} checked)`]);
  }
  if (lagResult) {
    const ms = (blocks) => fmtInt((1000 * blocks) / lagResult.mintsPerSecond);
    rows.push([`lag while minting (automine, 1 mint a block${lagResult.rate ? `, paced at ${lagResult.rate}/s` : ""})`, `p50 ${fmtInt(lagResult.p50)}, p99 ${fmtInt(lagResult.p99)}, max ${fmtInt(lagResult.max)} blocks ` +
      `(≈ ${ms(lagResult.p50)} / ${ms(lagResult.p99)} / ${ms(lagResult.max)} ms of chain) over ${lagResult.samples} samples; ` +
      `${fmtInt(lagResult.minted)} mints in ${fmt(lagResult.seconds)} s = ${fmtInt(lagResult.mintsPerSecond)} blocks/s; caught up ${fmtInt(lagResult.catchUpMs)} ms after the last; ` +
      `following WebSocket pushes in ${fmtInt(lagResult.pushedSamples)} of ${fmtInt(lagResult.samples)} samples` +
      (lagResult.waitsMsPerSecond.api !== null
        ? `; threads waiting for a core: API ${fmtInt(lagResult.waitsMsPerSecond.api)} ms/s, node ${fmtInt(lagResult.waitsMsPerSecond.node ?? NaN)} ms/s`
        : ""),
      "≤ 1 block", ok(lagResult.max <= 1) + (lagResult.max > 1 && lagResult.p50 <= 1 ? " (p50 yes)" : "")]);
  }
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), ["metric", "measured", "target", "met"][c].length));
  const line = (r) => "| " + r.map((cell, c) => cell.padEnd(widths[c])).join(" | ") + " |";
  console.log("");
  console.log(`Index benchmark: ${fmtInt(state.tokens)} tokens, ${fmtInt(state.transfers)} transfers, ${fmtInt(state.holders.length)} holders (${new Date().toISOString()})`);
  console.log(line(["metric", "measured", "target", "met"]));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  rows.forEach((r) => console.log(line(r)));
  console.log("");
}

async function measure() {
  const api = requiredEnv("BENCH_INDEX_API_URL");
  const rpc = new Rpc(requiredEnv("BENCH_INDEX_RPC_URL"));
  const state = JSON.parse(fs.readFileSync(requiredEnv("BENCH_INDEX_STATE"), "utf8"));
  const deployment = JSON.parse(fs.readFileSync(requiredEnv("BENCH_INDEX_DEPLOYMENT"), "utf8"));
  const codec = new Codec(deployment, state.chainId);

  say(`backfill: waiting for the index to reach block ${state.head} (${fmtInt(state.events)} events)`);
  const backfillResult = await backfill(api, state);
  say(`backfill: ${fmt(backfillResult.seconds)} s from API start (${fmt(backfillResult.startupSeconds)} s until it answered), ${fmtInt(backfillResult.eventsPerSecond)} events/s`);

  say("reads");
  const readResults = await reads(api, rpc, state);

  say(`lag: minting for ${intEnv("BENCH_INDEX_LAG_SECONDS", 10)} s with automine on`);
  const lagResult = await lag(api, rpc, state, codec);
  if (lagResult) say(`lag: p50 ${lagResult.p50}, max ${lagResult.max} blocks; ${fmtInt(lagResult.mintsPerSecond)} mints/s`);

  summary(state, backfillResult, readResults, lagResult);
  const result = { tokens: state.tokens, transfers: state.transfers, events: state.events, build: state.build, backfill: backfillResult, reads: readResults, lag: lagResult };
  if (process.env.BENCH_INDEX_RESULT_FILE) fs.writeFileSync(process.env.BENCH_INDEX_RESULT_FILE, JSON.stringify(result, null, 2) + "\n");
  const differing = Object.entries(readResults).filter(([, r]) => r.mismatches.length);
  if (differing.length) {
    for (const [name, r] of differing) say(`ERROR: ${name}: the API's answer differs from the log scan for ${r.mismatches.slice(0, 5).join(", ")}`);
    process.exitCode = 1;
  }
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  if (command === "addresses") {
    console.log((arg || "").split(",").filter(Boolean).map((i) => hardhatWallet(Number(i)).address).join(","));
  } else if (command === "build") {
    await build();
  } else if (command === "measure") {
    await measure();
  } else {
    console.error("usage: bench-index.js addresses 0,17,4 | build | measure");
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main()
    .catch((error) => {
      say(`error: ${error.stack || error.message}`);
      process.exitCode = 1;
    })
    .finally(() => agent.destroy());
}

module.exports = { Codec, Rpc, hardhatWallet, randomWallet, agent };
