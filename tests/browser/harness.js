// The browser tests' world: a real Hardhat node on a free port with the contract deployed by scripts/deploy.js,
// the real API (the built dll, run like scripts/start.sh runs it) on another free port, and headless Debian
// Chromium driven by playwright-core. Everything it starts is stopped by stop(), and killed if the process exits.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");

const ROOT = path.resolve(__dirname, "..", "..");
const OUTPUT = path.join(__dirname, "output");
const CONFIGURATION = process.env.CONFIGURATION || "Debug";
const API_DLL = path.join(ROOT, "src", "DigitalCollections.Api", "bin", CONFIGURATION, "net10.0", "DigitalCollections.Api.dll");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");
const CHROMIUM = process.env.DC_CHROMIUM || "/usr/bin/chromium";

const children = new Set();
const workDirs = new Set();
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});
// The node and the API run in their own process groups: a Ctrl-C or a kill of the tests must end them too.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    for (const child of children) killGroup(child, "SIGKILL");
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
  });
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the child and anything it started (detached: its own group)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function stopChild(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
  log(`${name} stopped`);
}

function log(message) {
  process.stderr.write(`[browser-tests] ${message}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a process in its own group, its output appended to a log file in the output folder. */
function start(name, command, args, options) {
  const logFile = path.join(OUTPUT, `${name}.log`);
  const out = fs.openSync(logFile, "w");
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  children.add(child);
  child.logFile = logFile;
  child.once("exit", (code, signal) => log(`${name} exited (${signal ?? code})`));
  return child;
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Polls until `probe` resolves true; fails with the log's last lines when the process dies or time runs out. */
async function waitFor(what, probe, { child, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what}: the process exited\n${tail(child.logFile)}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000}s\n${child ? tail(child.logFile) : ""}`);
}

/** This environment less the API's own settings (a shell's Storage__Provider must not reach the test API). */
function apiEnvironment() {
  const sections = ["Chain__", "Storage__", "Custody__", "Indexing__", "Idempotency__", "RateLimits__", "ASPNETCORE_", "Urls"];
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !sections.some((s) => key.startsWith(s))));
}

async function rpc(url, method, params = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

function run(name, command, args, options) {
  return new Promise((resolve, reject) => {
    const child = start(name, command, args, options);
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 120000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${code})\n${tail(child.logFile)}`));
    });
  });
}

/** Headless Debian Chromium (playwright-core). */
async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/test-browser.sh does)`);
  log(`Chromium ${CHROMIUM}`);
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--disable-dev-shm-usage"] });
}

const CONTENT_TYPES = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css" };

/**
 * Serves the repository's files read-only to a browser context at `origin` (e.g. http://files.test), with no
 * server: for tests of a page's modules that need no API. `/` is a blank page to import modules into.
 */
async function serveRepositoryFiles(context, origin) {
  await context.route(`${origin}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === "/") return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>ISCC in the browser</title>" });
    const file = path.join(ROOT, decodeURIComponent(pathname));
    if (!file.startsWith(ROOT + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", body: fs.readFileSync(file) });
  });
}

class Harness {
  constructor() {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "dc-browser-"));
    this.deploymentFile = path.join(this.work, "deployment.json");
    workDirs.add(this.work);
  }

  async start() {
    fs.mkdirSync(OUTPUT, { recursive: true });
    if (!fs.existsSync(API_DLL)) throw new Error(`${API_DLL} is missing: build first (scripts/test-browser.sh does)`);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/test-browser.sh does)`);
    const [rpcPort, apiPort] = [await freePort(), await freePort()];
    this.rpcUrl = `http://127.0.0.1:${rpcPort}`;
    this.apiUrl = `http://127.0.0.1:${apiPort}`;

    log(`Hardhat node at ${this.rpcUrl}`);
    this.node = start("hardhat-node", HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(rpcPort)], { cwd: ROOT });
    await waitFor("the Hardhat node", async () => Boolean(await rpc(this.rpcUrl, "eth_chainId")), { child: this.node, timeoutMs: 60000 });

    log("deploying the contract");
    await run("deploy", HARDHAT, ["run", "scripts/deploy.js", "--network", "localhost"], {
      cwd: ROOT,
      env: { ...process.env, DC_RPC_URL: this.rpcUrl, DC_DEPLOYMENT_FILE: this.deploymentFile, DC_BASE_URI: `${this.apiUrl}/api/v1/metadata/` },
    });

    log(`API at ${this.apiUrl}`);
    // Like scripts/start.sh: `dotnet <dll>` from the repository root, so the pages come from the build output.
    this.api = start("api", "dotnet", [API_DLL, "--urls", this.apiUrl], {
      cwd: ROOT,
      env: {
        ...apiEnvironment(),
        ASPNETCORE_ENVIRONMENT: "Production",
        Chain__RpcUrl: this.rpcUrl,
        Chain__DeploymentFile: this.deploymentFile,
        Chain__RpcTimeoutSeconds: "5",
        Storage__DataDirectory: path.join(this.work, "data"),
        // The suite creates accounts and works faster than a person: the limiter stays on, out of reach.
        RateLimits__Accounts__PermitsPerMinute: "100000",
        RateLimits__Writes__PermitsPerMinute: "100000",
        RateLimits__Writes__AddressPermitsPerMinute: "100000",
        RateLimits__Reads__PermitsPerMinute: "100000",
      },
    });
    await waitFor("the API", async () => (await fetch(`${this.apiUrl}/health/ready`)).status === 200, { child: this.api, timeoutMs: 120000 });

    this.browser = await launchChromium();
    return this;
  }

  /** A fresh browser context (its own storage) at desktop size unless told otherwise. */
  async newPage({ width = 1000, height = 760, ...options } = {}) {
    const context = await this.browser.newContext({
      baseURL: this.apiUrl,
      viewport: { width, height },
      locale: "en-GB",
      timezoneId: "UTC",
      reducedMotion: "reduce",
      ...options,
    });
    context.setDefaultTimeout(20000);
    const page = await context.newPage();
    page.consoleErrors = [];
    page.on("console", (message) => {
      if (message.type() === "error") page.consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => page.consoleErrors.push(String(error)));
    return page;
  }

  async screenshot(page, name, options = {}) {
    const file = path.join(OUTPUT, `${name}.png`);
    await page.screenshot({ path: file, ...options });
    return file;
  }

  /** Stops the chain: the API stays up and must say so. */
  async stopChain() {
    await stopChild(this.node, "Hardhat node");
    this.node = null;
  }

  async stop() {
    await this.browser?.close().catch(() => {});
    await stopChild(this.api, "API");
    await stopChild(this.node, "Hardhat node");
    fs.rmSync(this.work, { recursive: true, force: true });
    workDirs.delete(this.work);
  }

  // -------------------------------------------------------------------------------------------------------
  // The REST API directly, to set up what a scenario needs

  async post(pathname, { json, form, apiKey }) {
    const headers = { Accept: "application/json" };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    let body = form;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    }
    const response = await fetch(this.apiUrl + pathname, { method: "POST", headers, body });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`POST ${pathname}: ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  createAccount(name) {
    return this.post("/api/v1/accounts", { json: { name } });
  }

  registerWork(apiKey, { bytes, fileName, contentType, title, description, royaltyBps = 0, editionSize, holdSeconds }) {
    const form = new FormData();
    form.append("file", new Blob([bytes], { type: contentType }), fileName);
    form.append("title", title);
    if (description) form.append("description", description);
    form.append("royaltyBps", String(royaltyBps));
    if (editionSize !== undefined) form.append("editionSize", String(editionSize));
    if (holdSeconds !== undefined) form.append("holdSeconds", String(holdSeconds));
    return this.post("/api/v1/works", { form, apiKey });
  }

  // -------------------------------------------------------------------------------------------------------
  // The chain directly: what the operator does on the contract

  /** Calls the contract as Hardhat's account #0 (the deployer, holding OPERATOR_ROLE; the node keeps it unlocked), mined. */
  async sendAsOperator(signature, ...words) {
    const { keccak_256 } = await import("@noble/hashes/sha3.js"); // ESM-only
    const selector = Buffer.from(keccak_256(Buffer.from(signature, "utf8"))).subarray(0, 4).toString("hex");
    const data = "0x" + selector + words.map((w) => BigInt(w).toString(16).padStart(64, "0")).join("");
    const { contractAddress } = JSON.parse(fs.readFileSync(this.deploymentFile, "utf8"));
    const [operator] = await rpc(this.rpcUrl, "eth_accounts");
    const hash = await rpc(this.rpcUrl, "eth_sendTransaction", [{ from: operator, to: contractAddress, data }]);
    const receipt = await rpc(this.rpcUrl, "eth_getTransactionReceipt", [hash]);
    if (receipt?.status !== "0x1") throw new Error(`${signature} as the operator failed: ${JSON.stringify(receipt)}`);
    return Number(receipt.blockNumber);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Test files: a PNG made here (no image library), unique per seed

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width×height RGB PNG: a sunset-like gradient with a sun whose place depends on the seed. */
function makePng(seed, width = 480, height = 320) {
  const sunX = 80 + ((seed * 97) % (width - 160));
  const sunY = height * 0.55;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    row[0] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      // Odd seeds light from the top, even ones from the left: pictures of different seeds are different works
      // to the similarity check, not near-copies of each other.
      const t = seed % 2 ? y / height : x / width;
      let r = 40 + 200 * t, g = 60 + 90 * t, b = 140 - 60 * t;
      const d = Math.hypot(x - sunX, y - sunY);
      if (d < 48) [r, g, b] = [255, 214 - d, 90];
      if (y > height * 0.72) [r, g, b] = [20 + 30 * t, 40 + 20 * t, 70 + (x % 7) * 3 + (seed % 5)];
      row[1 + x * 3] = Math.min(255, r);
      row[2 + x * 3] = Math.min(255, g);
      row[3 + x * 3] = Math.min(255, b);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  // a tEXt chunk with the seed and the time keeps every run's bytes unique
  const text = Buffer.from(`Comment\0test image ${seed} ${process.hrtime.bigint()}`, "latin1");
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("tEXt", text),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

module.exports = { Harness, makePng, launchChromium, serveRepositoryFiles, OUTPUT, ROOT };
