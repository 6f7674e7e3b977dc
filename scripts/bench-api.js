#!/usr/bin/env node
// The API benchmark driver that scripts/bench.sh runs against its own Hardhat node and API.
//
//   node scripts/bench-api.js addresses 0,17,4        print the Hardhat accounts' addresses, comma-separated
//   node scripts/bench-api.js proxy PORT TARGET_URL   a JSON-RPC proxy that counts calls by method
//                                                      (GET /__counts answers the counts as JSON)
//   node scripts/bench-api.js run                     the benchmark (settings from the environment, below)
//
// `run` pre-signs everything before any timed phase, then measures:
//   1. API writes: BENCH_MINTS self-signed POST /api/v1/works (distinct random 1–4 KiB files, random creator
//      wallets, EIP-712 MintAuthorization from the domain at GET /api/v1/chain), BENCH_CONCURRENCY at a time,
//      after BENCH_WARMUP untimed ones;
//   2. the raw ceiling on the same node: the same number of mintWork transactions, pre-signed by as many
//      MINTER_ROLE accounts as the API has relayers (BENCH_RAW_ACCOUNTS), each account sending strictly in
//      nonce order, the accounts in parallel; the API process is paused meanwhile (BENCH_RAW_PAUSE_API=0: not);
//   2b. the batched raw ceiling: as many works again as pre-signed mintWorks transactions of BENCH_BATCH_SIZE
//      (32, the API's Chain__MaxBatchSize) from the same accounts, sent the same way (API paused too);
//   3. reads: BENCH_READS of GET /api/v1/verifications/{contentHash} and of GET /api/v1/works/{tokenId}, and a tenth
//      as many GET /api/v1/works/{tokenId}/proof one at a time (a collector's wait for one proof bundle), the same
//      bundles again (the API's cache), as many other tokens' bundles 8 in flight (sharing the node's eth_getProof),
//      and the node's eth_getProof of the same slots alone (the ratio of the bundle to the node's part);
// then checks totalWorks() on chain and prints a summary.
// Phases 1 and 2 alternate in BENCH_ROUNDS rounds (3), each a share of BENCH_MINTS: this machine's speed drifts
// by tens of percent within minutes (other tenants), so each round's API figure is compared with the raw
// figure measured right after it, and the ratio reported is the median of the rounds' ratios.
//
// Environment (bench.sh sets the first five):
//   BENCH_API_URL, BENCH_RPC_URL, BENCH_API_PID, BENCH_NODE_PID   what to drive and whose CPU/memory to read
//   BENCH_RAW_ACCOUNTS     comma-separated Hardhat account indexes for the raw senders (e.g. 4,5,6,7)
//   BENCH_PROXY_URL        the counting proxy, if any: JSON-RPC calls per mint are reported
//   BENCH_MINTS (2000), BENCH_CONCURRENCY (64), BENCH_WARMUP (1000), BENCH_READS (2000), BENCH_ROUNDS (3)
//   BENCH_BATCH_SIZE (32)  works per pre-signed mintWorks transaction of the batched raw ceiling
//   BENCH_CLIENT           http (default: pre-built multipart bodies over node:http, the lightest) or
//                          fetch (Node's fetch with FormData/Blob, built per request)
//   BENCH_RESULT_FILE      also write the results there as JSON
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { ethers } = require("ethers");
const { runQueueWaitSeconds } = require("./proc-stats");

const MNEMONIC = "test test test test test test test test test test test junk"; // Hardhat's public development mnemonic
const TYPES = require("./make-eip712-vectors").TYPES;
const ARTIFACT = path.join(__dirname, "..", "artifacts", "contracts", "DigitalCollection.sol", "DigitalCollection.json");
const RAW_GAS_LIMIT = 300000n;
const ROYALTY_BPS = 250;

function hardhatWallet(index) {
  return ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
}

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not '${raw}'`);
  return value;
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// HTTP: one keep-alive agent per target; bodies are Buffers built before timing.

function request(agent, url, options = {}, retried = false) {
  const { method = "GET", headers = {}, body = null } = options;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (e) => {
      // A kept-alive socket the server closed while idle (Hardhat's keep-alive timeout is 5 s): the request
      // never reached the server, so it is sent again once on a new socket (Node's documented pattern).
      if (!retried && req.reusedSocket && e.code === "ECONNRESET") resolve(request(agent, url, options, true));
      else reject(e);
    });
    if (body !== null) req.end(body);
    else req.end();
  });
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

async function getJson(agent, url) {
  const res = await request(agent, url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}

async function rpc(agent, url, method, params) {
  const res = await request(agent, url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const json = JSON.parse(res.body);
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}

// ---------------------------------------------------------------------------------------------------
// CPU and memory of the processes involved, from /proc (Linux).

const CLOCK_TICKS = intEnv("BENCH_CLK_TCK", 100);

function processCpuSeconds(pid) {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from #3 (state) on
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime (#14) + stime (#15)
  } catch {
    return null;
  }
}

function machineTicks() {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] || 0);
  return { total: cpu.reduce((a, b) => a + b, 0), idle };
}

function memoryOf(pid) {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m")) || [])[1] || NaN);
    return { hwmMiB: kib("VmHWM") / 1024, rssMiB: kib("VmRSS") / 1024 };
  } catch {
    return null;
  }
}

class CpuMeter {
  constructor(pids, proxyUrl, agent) {
    this.pids = pids;
    this.proxyUrl = proxyUrl;
    this.agent = agent;
  }

  async snapshot() {
    const own = process.cpuUsage();
    const snap = { at: performance.now(), driver: (own.user + own.system) / 1e6, machine: machineTicks(), rpc: null };
    for (const [name, pid] of Object.entries(this.pids)) snap[name] = processCpuSeconds(pid);
    snap.waits = Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, runQueueWaitSeconds(pid)]));
    snap.rpc = this.proxyUrl ? await getJson(this.agent, `${this.proxyUrl}/__counts`) : null;
    return snap;
  }

  /** Several intervals' usage as one: seconds and CPU added up, the machine's busy share weighted by time. */
  static sum(usages) {
    const seconds = usages.reduce((n, u) => n + u.seconds, 0);
    const cpu = {};
    for (const u of usages) for (const [k, v] of Object.entries(u.cpu)) cpu[k] = (cpu[k] || 0) + v;
    const waits = {};
    for (const u of usages) for (const [k, v] of Object.entries(u.waits)) waits[k] = (waits[k] || 0) + v;
    const busy = usages.every((u) => u.machineBusy !== null)
      ? usages.reduce((n, u) => n + u.machineBusy * u.seconds, 0) / Math.max(seconds, 1e-9)
      : null;
    let rpc = null;
    if (usages.every((u) => u.rpc)) {
      rpc = {};
      for (const u of usages) for (const [m, n] of Object.entries(u.rpc)) rpc[m] = (rpc[m] || 0) + n;
    }
    return { seconds, cpu, waits, machineBusy: busy, rpc };
  }

  /** CPU seconds per process between two snapshots, machine busy share, and JSON-RPC calls by method. */
  static diff(a, b) {
    const seconds = (b.at - a.at) / 1000;
    const cpu = {};
    for (const key of Object.keys(a)) {
      if (["at", "machine", "rpc", "waits"].includes(key) || a[key] === null || b[key] === null) continue;
      cpu[key] = b[key] - a[key];
    }
    const waits = {};
    for (const [key, wait] of Object.entries(a.waits)) if (wait !== null && b.waits[key] !== null) waits[key] = b.waits[key] - wait;
    const total = b.machine.total - a.machine.total;
    const busy = total > 0 ? 1 - (b.machine.idle - a.machine.idle) / total : null;
    let rpc = null;
    if (a.rpc && b.rpc) {
      rpc = {};
      for (const [method, count] of Object.entries(b.rpc)) {
        const delta = count - (a.rpc[method] || 0);
        if (delta > 0) rpc[method] = delta;
      }
    }
    return { seconds, cpu, waits, machineBusy: busy, rpc };
  }
}

// ---------------------------------------------------------------------------------------------------
// Load: `count` jobs, `concurrency` at a time; latencies in ms.

async function runLoad(count, concurrency, job) {
  const latencies = new Float64Array(count);
  const failures = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (true) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      let outcome;
      try {
        outcome = await job(i);
      } catch (e) {
        outcome = { ok: false, status: "error", body: String(e && e.message) };
      }
      latencies[i] = performance.now() - t0;
      if (!outcome.ok) failures.push({ i, status: outcome.status, body: outcome.body });
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds, latency: percentiles(latencies), latencies, failures };
}

/** Rounds of one phase as one run: counts, time and CPU added up, latencies pooled. */
function combineRuns(runs) {
  const count = runs.reduce((n, r) => n + r.count, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const latencies = Float64Array.from(runs.flatMap((r) => Array.from(r.latencies)));
  return {
    count,
    seconds,
    perSecond: count / seconds,
    latency: latencies.length ? percentiles(latencies) : null,
    failures: runs.flatMap((r) => r.failures),
    usage: CpuMeter.sum(runs.map((r) => r.usage)),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

// ---------------------------------------------------------------------------------------------------
// Work items: a distinct random file, a random creator, the creator's signed authorization.

function randomFile(i) {
  const size = 1024 + crypto.randomInt(3 * 1024 + 1); // 1–4 KiB
  const bytes = crypto.randomBytes(size);
  return { name: `bench-${i}.bin`, bytes, contentHash: "0x" + crypto.createHash("sha256").update(bytes).digest("hex") };
}

async function signedWork(i, domain, deadline) {
  const file = randomFile(i);
  const creator = new ethers.Wallet(ethers.hexlify(crypto.randomBytes(32)));
  const auth = { creator: creator.address, to: creator.address, contentHash: file.contentHash, royaltyBps: ROYALTY_BPS, deadline };
  const signature = await creator.signTypedData(domain, { MintAuthorization: TYPES.MintAuthorization }, auth);
  return { i, file, auth, signature };
}

const CRLF = "\r\n";

function multipartBody(work, boundary) {
  const field = (name, value) =>
    `--${boundary}${CRLF}Content-Disposition: form-data; name="${name}"${CRLF}${CRLF}${value}${CRLF}`;
  const head =
    `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${work.file.name}"${CRLF}` +
    `Content-Type: application/octet-stream${CRLF}${CRLF}`;
  const tail =
    CRLF +
    field("title", `Bench work ${work.i}`) +
    field("royaltyBps", String(work.auth.royaltyBps)) +
    field("creator", work.auth.creator) +
    field("deadline", String(work.auth.deadline)) +
    field("signature", work.signature) +
    `--${boundary}--${CRLF}`;
  return Buffer.concat([Buffer.from(head), work.file.bytes, Buffer.from(tail)]);
}

function formData(work) {
  const form = new FormData();
  form.append("file", new Blob([work.file.bytes], { type: "application/octet-stream" }), work.file.name);
  form.append("title", `Bench work ${work.i}`);
  form.append("royaltyBps", String(work.auth.royaltyBps));
  form.append("creator", work.auth.creator);
  form.append("deadline", String(work.auth.deadline));
  form.append("signature", work.signature);
  return form;
}

// ---------------------------------------------------------------------------------------------------

async function run() {
  const apiUrl = requiredEnv("BENCH_API_URL").replace(/\/$/, "");
  const rpcUrl = requiredEnv("BENCH_RPC_URL");
  const proxyUrl = process.env.BENCH_PROXY_URL || null;
  const apiPid = intEnv("BENCH_API_PID", 0);
  const nodePid = intEnv("BENCH_NODE_PID", 0);
  const proxyPid = intEnv("BENCH_PROXY_PID", 0);
  const mints = intEnv("BENCH_MINTS", 2000);
  const concurrency = Math.max(1, intEnv("BENCH_CONCURRENCY", 64));
  // The API is measured warm: .NET's tiered JIT recompiles hot code for a few thousand calls after start
  // (measured here: about a fifth of the API's CPU in the JIT after 20 mints, under 2% after 1000).
  const warmup = intEnv("BENCH_WARMUP", 1000);
  const reads = intEnv("BENCH_READS", 2000);
  const rounds = Math.max(1, Math.min(intEnv("BENCH_ROUNDS", 3), mints));
  const client = (process.env.BENCH_CLIENT || "http").toLowerCase();
  if (!["http", "fetch"].includes(client)) throw new Error(`BENCH_CLIENT must be http or fetch, not '${client}'`);
  const rawIndexes = requiredEnv("BENCH_RAW_ACCOUNTS").split(",").map((s) => Number(s.trim()));
  const log = (msg) => console.error(`[bench-api] ${msg}`);

  const apiAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rpcAgent = new http.Agent({ keepAlive: true, maxSockets: Math.max(4, rawIndexes.length) });
  const pids = { node: nodePid, api: apiPid };
  if (proxyPid) pids.proxy = proxyPid;
  const meter = new CpuMeter(pids, proxyUrl, rpcAgent);

  const chain = await getJson(apiAgent, `${apiUrl}/api/v1/chain`);
  const domain = chain.eip712Domain;
  const contract = chain.contractAddress;
  const iface = new ethers.Interface(JSON.parse(fs.readFileSync(ARTIFACT, "utf8")).abi);
  const raws = rawIndexes.map(hardhatWallet);
  // An hour of validity, counted from the chain's clock: Hardhat's automine gives each block a timestamp at
  // least one second after the previous block's, so thousands of mints a minute run chain time far ahead of
  // the wall clock (and the contract checks deadlines against block.timestamp).
  const latest = await rpc(rpcAgent, rpcUrl, "eth_getBlockByNumber", ["latest", false]);
  const blocksToMine = 2 * (warmup + mints) + 100;
  const deadline = Math.max(Math.floor(Date.now() / 1000), Number(latest.timestamp)) + 3600 + blocksToMine;
  log(`API ${apiUrl} (${client} client), chain ${chain.chainId}, contract ${contract}; ${mints} mints + ${warmup} warm-up, ` +
    `concurrency ${concurrency}; raw senders: Hardhat accounts #${rawIndexes.join(", #")}`);

  // --- Everything is signed before timing. -----------------------------------------------------------
  const signStarted = performance.now();
  const apiWorks = [];
  for (let i = 0; i < warmup + mints; i++) {
    apiWorks.push(await signedWork(i, domain, deadline));
    if (i % 200 === 0) await yieldToEventLoop(); // let sockets notice closes while we sign
  }
  const rawWarmup = Math.min(warmup, mints);
  const batchSize = Math.max(1, intEnv("BENCH_BATCH_SIZE", 32));
  const batchWarmup = Math.min(rawWarmup, batchSize * raws.length * 2); // a few batches per sender
  const batchWorks = [];
  for (let i = 0; i < batchWarmup + mints; i++) {
    batchWorks.push(await signedWork(2_000_000 + i, domain, deadline));
    if (i % 200 === 0) await yieldToEventLoop();
  }
  const rawWorks = [];
  for (let i = 0; i < rawWarmup + mints; i++) {
    rawWorks.push(await signedWork(1_000_000 + i, domain, deadline));
    if (i % 200 === 0) await yieldToEventLoop();
  }

  const boundary = "----dcbench" + crypto.randomBytes(12).toString("hex");
  const bodies = client === "http" ? apiWorks.map((w) => multipartBody(w, boundary)) : null;

  // Raw: round-robin over the senders; each sender's transactions in nonce order. Singles and batches share
  // the senders, so they are signed in the order they are sent: warm-up singles, warm-up batches, then per
  // round that round's singles and batches. A batch goes to the senders round-robin as well.
  const quotedGasPrice = BigInt(await rpc(rpcAgent, rpcUrl, "eth_gasPrice", []));
  const gasPrice = quotedGasPrice + quotedGasPrice / 8n; // what the API's fee cache adds too
  const nonces = await Promise.all(raws.map(async (w) => BigInt(await rpc(rpcAgent, rpcUrl, "eth_getTransactionCount", [w.address, "pending"]))));
  async function signCall(s, data, gasLimit, id) {
    const raw = await raws[s].signTransaction({
      type: 0, chainId: BigInt(chain.chainId), nonce: Number(nonces[s]++), to: contract, data, gasLimit, gasPrice, value: 0n,
    });
    return Buffer.from(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_sendRawTransaction", params: [raw] }));
  }
  const queues = raws.map(() => ({ warmup: [], timed: [] }));
  const singles = raws.map(() => ({ warmup: [], timed: [] }));
  for (let k = 0; k < rawWorks.length; k++) singles[k % raws.length][k < rawWarmup ? "warmup" : "timed"].push({ k, work: rawWorks[k] });
  const roundSlice = (list, r) => list.slice(Math.floor((list.length * r) / rounds), Math.floor((list.length * (r + 1)) / rounds));
  async function signSingles(pick, which) {
    for (let s = 0; s < raws.length; s++) {
      for (const { k, work } of pick(singles[s])) {
        queues[s][which].push(await signCall(s, iface.encodeFunctionData("mintWork", [work.auth, work.signature]), RAW_GAS_LIMIT, k));
        if (k % 200 === 0) await yieldToEventLoop();
      }
    }
  }
  const batchQueues = raws.map(() => ({ warmup: [], timed: [] }));
  async function signBatches(works, which) {
    for (let k = 0, b = 0; k < works.length; k += batchSize, b++) {
      const items = works.slice(k, k + batchSize);
      const s = b % raws.length;
      const data = iface.encodeFunctionData("mintWorks", [items.map((w) => w.auth), items.map((w) => w.signature)]);
      // Well above the ~84,000 gas a work takes in a batch.
      batchQueues[s][which].push({ items: items.length, body: await signCall(s, data, RAW_GAS_LIMIT * BigInt(items.length), b) });
    }
  }
  await signSingles((x) => x.warmup, "warmup");
  await signBatches(batchWorks.slice(0, batchWarmup), "warmup");
  const batchRoundStart = [];
  for (let r = 0, from = batchWarmup; r < rounds; r++) {
    await signSingles((x) => roundSlice(x.timed, r), "timed");
    const count = Math.floor((mints * (r + 1)) / rounds) - Math.floor((mints * r) / rounds);
    batchRoundStart.push(batchQueues.map((q) => q.timed.length));
    await signBatches(batchWorks.slice(from, from + count), "timed");
    from += count;
  }
  batchRoundStart.push(batchQueues.map((q) => q.timed.length));
  log(`signed ${apiWorks.length} API authorizations and ${rawWorks.length} raw transactions in ${((performance.now() - signStarted) / 1000).toFixed(1)} s`);

  async function indexCaughtUp() {
    for (const until = performance.now() + 60_000; performance.now() < until; ) {
      const info = await getJson(apiAgent, `${apiUrl}/api/v1/chain`);
      if (info.index.lagBlocks === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // --- Jobs ---------------------------------------------------------------------------------------------
  const tokenOf = new Array(apiWorks.length);
  async function postWork(i) {
    let res;
    if (client === "http") {
      const body = bodies[i];
      res = await request(apiAgent, `${apiUrl}/api/v1/works`, {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": body.length },
        body,
      });
    } else {
      const r = await fetch(`${apiUrl}/api/v1/works`, { method: "POST", body: formData(apiWorks[i]) });
      res = { status: r.status, body: await r.text() };
    }
    if (res.status !== 201) return { ok: false, status: res.status, body: res.body };
    tokenOf[i] = JSON.parse(res.body).tokenId;
    return { ok: true };
  }

  async function sendRawQueue(bodies, failures) {
    for (const body of bodies) {
      const res = await request(rpcAgent, rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": body.length },
        body,
      });
      const json = JSON.parse(res.body);
      if (json.error) failures.push({ status: "rpc-error", body: JSON.stringify(json.error) });
    }
  }

  async function rawPhase(which) {
    const failures = [];
    const count = queues.reduce((n, q) => n + q[which].length, 0);
    const started = performance.now();
    await Promise.all(queues.map((q) => sendRawQueue(q[which], failures)));
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds, latencies: new Float64Array(0), failures };
  }

  async function batchPhase(pick) {
    const failures = [];
    const lists = batchQueues.map(pick);
    const count = lists.reduce((n, l) => n + l.reduce((m, x) => m + x.items, 0), 0);
    const started = performance.now();
    await Promise.all(lists.map((l) => sendRawQueue(l.map((x) => x.body), failures)));
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds, latencies: new Float64Array(0), failures };
  }

  // Other processes' load makes every figure below lower; say so (CPU per request is hardly affected).
  const idleBefore = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleAfter = machineTicks();
  const busyBefore = 1 - (idleAfter.idle - idleBefore.idle) / Math.max(1, idleAfter.total - idleBefore.total);
  if (busyBefore > 0.15)
    log(`WARNING: before the benchmark the machine is already ${(100 * busyBefore).toFixed(0)}% busy (other processes): ` +
      "throughput and latency will come out low; compare the CPU-per-request figures instead");

  // --- Warm-up (untimed) -----------------------------------------------------------------------------
  let warm = await runLoad(warmup, Math.min(concurrency, warmup || 1), postWork);
  if (warm.failures.length) fail("API warm-up", warm.failures);
  const rawWarm = await rawPhase("warmup");
  if (rawWarm.failures.length) fail("raw warm-up", rawWarm.failures);
  const batchWarm = await batchPhase((q) => q.warmup);
  if (batchWarm.failures.length) fail("batched raw warm-up", batchWarm.failures);
  log(`warm-up done: ${warmup} API mints, ${rawWarmup} raw mints`);

  // --- 1 and 2, in rounds: API writes, then the raw ceiling right after --------------------------------
  // The raw phase pauses the API (SIGSTOP), so the ceiling is the node's alone: otherwise the API's indexer,
  // following the raw mints block by block, would take CPU from the node on a small machine and lower the
  // ceiling the API is compared with. The API catches up after SIGCONT, before the next round.
  const pauseApi = apiPid && process.env.BENCH_RAW_PAUSE_API !== "0";
  const share = (total, r) => Math.floor((total * (r + 1)) / rounds) - Math.floor((total * r) / rounds);
  const apiRounds = [];
  const rawRounds = [];
  const batchRounds = [];
  let apiDone = 0;
  for (let r = 0; r < rounds; r++) {
    const count = share(mints, r);
    const offset = apiDone;
    let before = await meter.snapshot();
    const apiRound = await runLoad(count, concurrency, (i) => postWork(warmup + offset + i));
    apiRound.usage = CpuMeter.diff(before, await meter.snapshot());
    apiRounds.push(apiRound);
    apiDone += count;

    for (const q of queues) q.round = roundSlice(q.timed, r);
    before = await meter.snapshot();
    if (pauseApi) process.kill(apiPid, "SIGSTOP");
    let rawRound, batchRound, between;
    try {
      rawRound = await rawPhase("round");
      between = await meter.snapshot();
      batchRound = await batchPhase((q, s) => q.timed.slice(batchRoundStart[r][s], batchRoundStart[r + 1][s]));
    } finally {
      if (pauseApi) process.kill(apiPid, "SIGCONT");
    }
    rawRound.usage = CpuMeter.diff(before, between);
    batchRound.usage = CpuMeter.diff(between, await meter.snapshot());
    rawRounds.push(rawRound);
    batchRounds.push(batchRound);
    log(`round ${r + 1}/${rounds}: API ${apiRound.perSecond.toFixed(1)} works/s (${apiRound.failures.length} not 201), ` +
      `raw ${rawRound.perSecond.toFixed(1)} tx/s (${rawRound.failures.length} refused), ` +
      `raw batched ${batchRound.perSecond.toFixed(1)} works/s (${batchRound.failures.length} refused): ` +
      `${(apiRound.perSecond / rawRound.perSecond).toFixed(2)} of single, ${(apiRound.perSecond / batchRound.perSecond).toFixed(2)} of batched`);
    await indexCaughtUp(); // the next round (or the reads) starts with the index on the head
  }
  const apiWrite = combineRuns(apiRounds);
  const raw = combineRuns(rawRounds);
  raw.apiPaused = Boolean(pauseApi);
  const roundRatios = apiRounds.map((a, r) => a.perSecond / rawRounds[r].perSecond);
  const rawBatch = combineRuns(batchRounds);
  rawBatch.apiPaused = Boolean(pauseApi);
  const batchRatios = apiRounds.map((a, r) => a.perSecond / batchRounds[r].perSecond);

  // --- 3. Reads over the works the API minted --------------------------------------------------------
  const minted = apiWorks.map((w, i) => ({ tokenId: tokenOf[i], contentHash: w.file.contentHash })).filter((m) => m.tokenId);
  const readResults = {};
  if (reads > 0 && minted.length > 0) {
    const pick = Array.from({ length: reads }, () => minted[crypto.randomInt(minted.length)]);
    let before = await meter.snapshot();
    readResults.verifications = await runLoad(reads, concurrency, async (i) => {
      const res = await request(apiAgent, `${apiUrl}/api/v1/verifications/${pick[i].contentHash}`);
      if (res.status !== 200) return { ok: false, status: res.status, body: res.body };
      const v = JSON.parse(res.body);
      return v.registered && v.tokenId === pick[i].tokenId ? { ok: true } : { ok: false, status: 200, body: `wrong answer: ${res.body}` };
    });
    readResults.verifications.usage = CpuMeter.diff(before, await meter.snapshot());
    before = await meter.snapshot();
    readResults.works = await runLoad(reads, concurrency, async (i) => {
      const res = await request(apiAgent, `${apiUrl}/api/v1/works/${pick[i].tokenId}`);
      if (res.status !== 200) return { ok: false, status: res.status, body: res.body };
      const w = JSON.parse(res.body);
      return w.contentHash === pick[i].contentHash ? { ok: true } : { ok: false, status: 200, body: `wrong answer: ${res.body}` };
    });
    readResults.works.usage = CpuMeter.diff(before, await meter.snapshot());
    // One at a time: the figure is what a collector waits for one bundle (the node's eth_getProof included),
    // not a queue's length. A tenth of the reads: each asks the node for a proof.
    const proofReads = Math.max(1, Math.floor(reads / 10));
    const proven = [];
    const proofOf = (list, keep) => async (i) => {
      const res = await request(apiAgent, `${apiUrl}/api/v1/works/${list[i].tokenId}/proof`);
      if (res.status !== 200) return { ok: false, status: res.status, body: res.body };
      const b = JSON.parse(res.body);
      if (keep) proven[i] = { slots: b.storage.map((w) => w.slot), block: "0x" + b.block.number.toString(16) };
      return b.claims.contentHash === list[i].contentHash ? { ok: true } : { ok: false, status: 200, body: `wrong answer: ${res.body.slice(0, 300)}` };
    };
    before = await meter.snapshot();
    readResults.proofs = await runLoad(proofReads, 1, proofOf(pick, true));
    readResults.proofs.usage = CpuMeter.diff(before, await meter.snapshot());
    // The same bundles again at the same block: served from the API's cache of built bundles.
    before = await meter.snapshot();
    readResults.proofsAgain = await runLoad(proofReads, 1, proofOf(pick, false));
    readResults.proofsAgain.usage = CpuMeter.diff(before, await meter.snapshot());
    // Other tokens, 8 in flight: concurrent bundles at one block share the node's eth_getProof.
    const others = Array.from({ length: proofReads }, () => minted[crypto.randomInt(minted.length)]);
    before = await meter.snapshot();
    readResults.proofsConcurrent = await runLoad(proofReads, 8, proofOf(others, false));
    readResults.proofsConcurrent.usage = CpuMeter.diff(before, await meter.snapshot());
    // The node alone: eth_getProof of the same slots at the same block, straight from this client, one at a time.
    before = await meter.snapshot();
    readResults.nodeProofs = await runLoad(proven.filter(Boolean).length, 1, async (i) => {
      const p = proven.filter(Boolean)[i];
      await rpc(rpcAgent, rpcUrl, "eth_getProof", [contract, p.slots, p.block]);
      return { ok: true };
    });
    readResults.nodeProofs.usage = CpuMeter.diff(before, await meter.snapshot());
  }

  // --- On-chain check and memory ---------------------------------------------------------------------
  const totalWorks = Number(iface.decodeFunctionResult("totalWorks",
    await rpc(rpcAgent, rpcUrl, "eth_call", [{ to: contract, data: iface.encodeFunctionData("totalWorks", []) }, "latest"]))[0]);
  const expectedWorks = warmup + mints + rawWarmup + mints + batchWarmup + mints;
  const memory = memoryOf(apiPid);

  const results = {
    settings: { mints, rounds, concurrency, warmup, rawWarmup, batchWarmup, batchSize, reads, client, relayers: raws.length, rawAccounts: rawIndexes },
    apiWrite,
    raw,
    rawBatch,
    ratio: median(roundRatios),
    batchRatio: median(batchRatios),
    rounds: apiRounds.map((a, r) => ({ api: a.perSecond, raw: rawRounds[r].perSecond, ratio: roundRatios[r],
      rawBatch: batchRounds[r].perSecond, batchRatio: batchRatios[r] })),
    reads: readResults,
    chain: { totalWorks, expectedWorks },
    apiMemory: memory,
  };
  if (process.env.BENCH_RESULT_FILE) fs.writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(results, null, 2) + "\n");
  printSummary(results);
  apiAgent.destroy();
  rpcAgent.destroy();

  const ok = apiWrite.failures.length === 0 && raw.failures.length === 0 && rawBatch.failures.length === 0 && totalWorks === expectedWorks &&
    Object.values(readResults).every((r) => r.failures.length === 0);
  if (!ok) process.exitCode = 1;
}

function fail(what, failures) {
  console.error(`[bench-api] ${what}: ${failures.length} failed; first answers:`);
  for (const f of failures.slice(0, 5)) console.error(`  ${f.status}: ${String(f.body).slice(0, 800)}`);
  process.exit(1);
}

function printSummary(r) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  const cores = require("node:os").cpus().length;
  const usage = (u, count) => {
    const parts = Object.entries(u.cpu).map(([k, v]) => `${k} ${((1000 * v) / count).toFixed(2)} ms (${((100 * v) / u.seconds).toFixed(0)}%)`);
    let rest = "";
    if (u.machineBusy !== null) {
      const ours = Object.values(u.cpu).reduce((a, b) => a + b, 0);
      const others = Math.max(0, u.machineBusy * cores * u.seconds - ours);
      rest = `; other processes ${((100 * others) / u.seconds).toFixed(0)}% (machine ${(100 * u.machineBusy).toFixed(0)}% of ${cores} cores)`;
    }
    // Threads that were ready to run but found both cores taken: the node's pipeline stalls on these.
    const waits = Object.entries(u.waits || {}).filter(([k]) => k !== "driver")
      .map(([k, v]) => `${k} ${((1000 * v) / u.seconds).toFixed(0)} ms/s`);
    if (waits.length) rest += `; waiting for a core: ${waits.join(", ")}`;
    return `CPU per request: ${parts.join(", ")}${rest}`;
  };
  const rpcLine = (u, perCount) => {
    if (!u.rpc) return null;
    const total = Object.values(u.rpc).reduce((a, b) => a + b, 0);
    const methods = Object.entries(u.rpc).sort((a, b) => b[1] - a[1])
      .map(([m, n]) => `${m} ${(n / perCount).toFixed(2)}`).join(", ");
    return `JSON-RPC calls per request (via proxy): ${(total / perCount).toFixed(2)} = ${methods}`;
  };
  const failures = (f) => {
    if (f.length === 0) return [];
    const byStatus = {};
    for (const x of f) byStatus[x.status] = (byStatus[x.status] || 0) + 1;
    return [`    FAILED: ${f.length} (${Object.entries(byStatus).map(([s, n]) => `${s}: ${n}`).join(", ")}); first answers:`,
      ...f.slice(0, 3).map((x) => `      ${x.status}: ${String(x.body).slice(0, 600)}`)];
  };
  const s = r.settings;
  const lines = [
    "",
    `API benchmark (${s.mints} mints in ${s.rounds} rounds, concurrency ${s.concurrency}, ${s.relayers} relayers, ${s.client} client, ${s.warmup} warm-up)`,
    `  API writes  POST /api/v1/works     ${r.apiWrite.perSecond.toFixed(1)} works/s   p50 ${ms(r.apiWrite.latency.p50)}  p95 ${ms(r.apiWrite.latency.p95)}  p99 ${ms(r.apiWrite.latency.p99)}   non-201: ${r.apiWrite.failures.length}`,
    ...failures(r.apiWrite.failures),
    `    ${usage(r.apiWrite.usage, s.mints)}`,
    rpcLine(r.apiWrite.usage, s.mints) && `    ${rpcLine(r.apiWrite.usage, s.mints)}`,
    `  raw ceiling eth_sendRawTransaction ${r.raw.perSecond.toFixed(1)} tx/s      (${s.relayers} senders, Hardhat accounts #${s.rawAccounts.join(", #")}, each in nonce order${r.raw.apiPaused ? "; API paused" : ""})   refused: ${r.raw.failures.length}`,
    ...failures(r.raw.failures),
    `    ${usage(r.raw.usage, r.raw.count)}`,
    `  raw batched mintWorks x${s.batchSize}         ${r.rawBatch.perSecond.toFixed(1)} works/s   (the same senders, pre-signed batches of ${s.batchSize}${r.rawBatch.apiPaused ? "; API paused" : ""})   refused: ${r.rawBatch.failures.length}`,
    ...failures(r.rawBatch.failures),
    `    ${usage(r.rawBatch.usage, r.rawBatch.count)}`,
    `  side by side: API ${r.apiWrite.perSecond.toFixed(1)} works/s | raw single mintWork ${r.raw.perSecond.toFixed(1)} works/s | ` +
      `raw mintWorks x${s.batchSize} ${r.rawBatch.perSecond.toFixed(1)} works/s`,
    `  ratio API / raw single             ${r.ratio.toFixed(2)}   (target >= 1.50: ${r.ratio >= 1.5 ? "met" : "NOT met"}); ` +
      `median of ${r.rounds.length} rounds, each API phase against the raw phases right after it: ` +
      r.rounds.map((x) => `${x.api.toFixed(0)}/${x.raw.toFixed(0)} = ${x.ratio.toFixed(2)}`).join(", ") +
      `; all rounds together ${(r.apiWrite.perSecond / r.raw.perSecond).toFixed(2)}`,
    `  ratio API / raw batched            ${r.batchRatio.toFixed(2)}   (target >= 0.80: ${r.batchRatio >= 0.8 ? "met" : "NOT met"}); ` +
      r.rounds.map((x) => `${x.api.toFixed(0)}/${x.rawBatch.toFixed(0)} = ${x.batchRatio.toFixed(2)}`).join(", ") +
      `; all rounds together ${(r.apiWrite.perSecond / r.rawBatch.perSecond).toFixed(2)}`,
  ];
  for (const [name, route] of [["verifications", "GET /api/v1/verifications/{contentHash}"], ["works", "GET /api/v1/works/{tokenId}"],
    ["proofs", "GET /api/v1/works/{tokenId}/proof (1 in flight)"], ["proofsAgain", "  the same bundles again (cached)"],
    ["proofsConcurrent", "  other tokens, 8 in flight"], ["nodeProofs", "  the node's eth_getProof alone"]]) {
    const x = r.reads[name];
    if (!x) continue;
    lines.push(`  reads ${route.padEnd(40)} ${x.perSecond.toFixed(1)} req/s   p50 ${ms(x.latency.p50)}  p99 ${ms(x.latency.p99)}   non-200: ${x.failures.length}`);
    lines.push(...failures(x.failures));
    lines.push(`    ${usage(x.usage, x.count)}`);
    const line = rpcLine(x.usage, x.count);
    if (line) lines.push(`    ${line}`);
  }
  if (r.reads.proofs && r.reads.proofsAgain && r.reads.nodeProofs) {
    const [cold, cached, node] = [r.reads.proofs.latency.p50, r.reads.proofsAgain.latency.p50, r.reads.nodeProofs.latency.p50];
    lines.push(`  proof bundle p50 (target <= 20 ms): first request at a block ${ms(cold)} (${cold <= 20 ? "met" : "NOT met"}; ` +
      `${(cold / node).toFixed(2)} x the node's eth_getProof alone, ${ms(node)}), again at that block ${ms(cached)} (${cached <= 20 ? "met" : "NOT met"})` +
      (r.reads.proofsConcurrent ? `; 8 in flight ${(r.reads.proofsConcurrent.perSecond / r.reads.proofs.perSecond).toFixed(1)} x the bundles/s of 1` : ""));
  }
  lines.push(
    `  on chain    totalWorks() = ${r.chain.totalWorks}, expected ${r.chain.expectedWorks} (${s.warmup}+${s.rawWarmup}+${s.batchWarmup} warm-up + ${s.mints} API + ${s.mints} raw + ${s.mints} raw batched): ${r.chain.totalWorks === r.chain.expectedWorks ? "ok" : "MISMATCH"}`,
    `  API memory  peak ${r.apiMemory ? r.apiMemory.hwmMiB.toFixed(0) : "?"} MiB (VmHWM), now ${r.apiMemory ? r.apiMemory.rssMiB.toFixed(0) : "?"} MiB (VmRSS)`,
    "",
  );
  console.log(lines.filter((l) => l).join("\n"));
}

// ---------------------------------------------------------------------------------------------------
// A counting JSON-RPC proxy (for the per-mint call counts; costs some CPU itself).

function proxy(port, target) {
  const counts = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/__counts") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(counts));
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      try {
        const json = JSON.parse(body.toString("utf8"));
        for (const call of Array.isArray(json) ? json : [json]) counts[call.method] = (counts[call.method] || 0) + 1;
      } catch {
        counts["(unparsed)"] = (counts["(unparsed)"] || 0) + 1;
      }
      const upstream = http.request(target, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } }, (up) => {
        res.writeHead(up.statusCode, { "content-type": up.headers["content-type"] || "application/json" });
        up.pipe(res);
      });
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(port, "127.0.0.1", () => console.error(`[bench-api] counting JSON-RPC proxy on 127.0.0.1:${port} -> ${target}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "addresses") {
  console.log(args[0].split(",").map((i) => hardhatWallet(Number(i.trim())).address).join(","));
} else if (mode === "proxy") {
  proxy(Number(args[0]), args[1]);
} else if (mode === "run") {
  run().catch((e) => {
    console.error(`[bench-api] ${e.stack || e}`);
    process.exit(1);
  });
} else {
  console.error("usage: bench-api.js run | addresses I,J,… | proxy PORT TARGET_URL");
  process.exit(2);
}
