// Proof bundles in headless Chromium. First the browser module (wwwroot/js/proof/) alone, served by the test
// itself: the served bundle of tests/vectors/work-proof.json (and the edition tokens' edition-proof*.json) verifies, and every tampering of
// tests/js/proof-tamperings.mjs fails with the same checks as scripts/verify-proof.js gives in Node. Then the work
// page against the real API and a real Hardhat node: "Download proof" saves work-<id>-proof.json, and "Verify
// here" checks it against the block hash the page asks the node for, with no call to the API during the check.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { Harness, makePng, launchChromium, serveRepositoryFiles, ROOT } = require("./harness");
const verifier = require("../../scripts/verify-proof.js");

const ORIGIN = "http://files.test";
const MODULE = "/src/DigitalCollections.Api/wwwroot/js/proof/checks.js";
const SCENARIO = { timeout: 120000 };

const verdicts = (result) => result.checks.map((c) => `${c.name}: ${c.passed ? "pass" : "FAIL"}`);

describe("the proof module in Chromium", () => {
  let browser, page, tampering;

  before(async () => {
    tampering = await import(pathToFileURL(path.join(ROOT, "tests/js/proof-tamperings.mjs")).href);
    browser = await launchChromium();
    const context = await browser.newContext();
    await serveRepositoryFiles(context, ORIGIN);
    page = await context.newPage();
    page.problems = [];
    page.on("pageerror", (error) => page.problems.push(String(error)));
    await page.goto(`${ORIGIN}/`);
  }, { timeout: 60000 });

  after(async () => {
    await browser?.close();
  });

  const inBrowser = (bundle, expected) => page.evaluate(async ({ module, bundle, expected }) => {
    const { verifyBundle } = await import(module);
    const { checks, passed } = await verifyBundle(bundle, expected);
    return { checks: checks.map(({ name, passed }) => ({ name, passed })), passed };
  }, { module: MODULE, bundle, expected });

  it("verifies the served bundle, and fails each tampering by the same checks as verify-proof.js", { timeout: 60000 }, async () => {
    const expected = { blockHash: tampering.VECTOR.block.hash, chainId: "31337" };
    const good = await inBrowser(tampering.VECTOR, expected);
    assert.equal(good.passed, true, verdicts(good).join("; "));
    const cases = tampering.tamperings();
    for (const [what, change, mustFail] of cases) {
      const bundle = structuredClone(tampering.VECTOR);
      change(bundle);
      const [ours, node] = [await inBrowser(bundle, expected), await verifier.verifyBundle(structuredClone(bundle), expected)];
      assert.deepEqual(verdicts(ours), verdicts(node), what);
      for (const name of mustFail) assert.ok(ours.checks.some((c) => c.name === name && !c.passed), `${what}: ${name} fails`);
    }
    assert.ok(cases.length > 50);
    assert.deepEqual(page.problems, []);
  });

  it("verifies the edition tokens' bundles, and fails each of their tamperings by the same checks as verify-proof.js", { timeout: 60000 }, async () => {
    for (const [name, vector] of Object.entries(tampering.EDITION_VECTORS)) {
      const expected = { blockHash: vector.block.hash, chainId: "31337" };
      const good = await inBrowser(vector, expected);
      assert.equal(good.passed, true, `${name}: ${verdicts(good).join("; ")}`);
      for (const [what, change, mustFail] of tampering.editionTamperings(vector)) {
        const bundle = structuredClone(vector);
        change(bundle);
        const [ours, node] = [await inBrowser(bundle, expected), await verifier.verifyBundle(structuredClone(bundle), expected)];
        assert.deepEqual(verdicts(ours), verdicts(node), `${name}: ${what}`);
        for (const check of mustFail) assert.ok(ours.checks.some((c) => c.name === check && !c.passed), `${name}, ${what}: ${check} fails`);
      }
    }
    assert.deepEqual(page.problems, []);
  });
});

describe("the work page's proof in Chromium", () => {
  let h, work;

  let edition;

  before(async () => {
    h = new Harness();
    await h.start();
    const ada = await h.createAccount("Ada Lovelace");
    work = await h.registerWork(ada.apiKey, { bytes: makePng(11), fileName: "pier.png", contentType: "image/png", title: "The east pier", royaltyBps: 250 });
    edition = await h.registerWork(ada.apiKey, { bytes: makePng(12), fileName: "tide.png", contentType: "image/png", title: "Tide tables",
      editionSize: 3, holdSeconds: 3600 });
  }, { timeout: 240000 });

  after(async () => {
    await h?.stop();
  });

  const rpc = async (method, params) => {
    const response = await fetch(h.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    return (await response.json()).result;
  };

  it("downloads the proof and verifies it in the page against the block hash from the collector's node", SCENARIO, async () => {
    const page = await h.newPage({ acceptDownloads: true });
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (m) => /Content.Security.Policy/i.test(m.text()) && problems.push(m.text()));
    await page.goto(`/works/${work.tokenId}`);
    await page.locator("#work-title", { hasText: "The east pier" }).waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download proof" }).click()]);
    assert.equal(download.suggestedFilename(), `work-${work.tokenId}-proof.json`);
    const saved = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.equal(saved.tokenId, Number(work.tokenId));
    const block = await rpc("eth_getBlockByNumber", ["0x" + saved.block.number.toString(16), false]);
    assert.equal((await verifier.verifyBundle(saved, { blockHash: block.hash })).passed, true, "the saved file verifies with verify-proof.js");
    await page.locator("#proof-block", { hasText: `block ${saved.block.number}` }).waitFor();

    // From here on the page may talk to the collector's node only.
    const apiCalls = [];
    page.on("request", (r) => r.url().startsWith(h.apiUrl + "/api/") && apiCalls.push(r.url()));
    await page.getByLabel("Your node's RPC URL (optional)").fill(h.rpcUrl);
    await page.getByRole("button", { name: "Verify here" }).click();
    const result = page.locator("#proof-result [data-state=verified]");
    await result.waitFor();
    assert.match(await result.locator(".verdict").textContent(), /Verified: all \d+ checks hold/);
    assert.equal(await result.locator("li[data-passed=false]").count(), 0);
    for (const name of ["header hash", "account proof", "token storage proof", "chain id", "owner", "creator"]) {
      assert.equal(await result.locator(`li[data-check="${name}"]`).getAttribute("data-passed"), "true", name);
    }
    assert.equal((await result.locator("[data-field=proofOwner]").textContent()).trim(), saved.claims.owner);
    assert.equal((await result.locator("[data-field=proofContentHash]").textContent()).trim(), saved.claims.contentHash);
    assert.match(await result.textContent(), new RegExp(block.hash));
    await h.screenshot(page, "work-proof-verified", { fullPage: true });

    // A pasted hash of another block, and a contract the collector knows to be another, fail by name.
    await page.getByLabel("Block hash").fill((await rpc("eth_getBlockByNumber", ["0x1", false])).hash);
    await page.getByLabel("Contract address (optional)").fill("0x" + "12".repeat(20));
    await page.getByRole("button", { name: "Verify here" }).click();
    const failed = page.locator("#proof-result [data-state=not-verified]");
    await failed.waitFor();
    assert.equal(await failed.locator('li[data-check="header hash"]').getAttribute("data-passed"), "false");
    assert.equal(await failed.locator('li[data-check="contract"]').getAttribute("data-passed"), "false");
    assert.equal(await failed.locator('li[data-check="account proof"]').getAttribute("data-passed"), "true");

    // A malformed hash is refused next to its field.
    await page.getByLabel("Block hash").fill("0x1234");
    await page.getByRole("button", { name: "Verify here" }).click();
    await page.locator("[data-error-for=blockHash]", { hasText: "64 hex digits" }).waitFor();

    assert.deepEqual(apiCalls, [], "no call to the API during the checks");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("verifies an edition token's proof in the page and shows its number and rules", SCENARIO, async () => {
    const no2 = Number(edition.tokens.first) + 1;
    const page = await h.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(`/works/${no2}`);
    await page.locator("#work-title", { hasText: "Tide tables" }).waitFor();
    await page.locator("#proof-block").waitFor();
    await page.getByLabel("Your node's RPC URL (optional)").fill(h.rpcUrl);
    await page.getByRole("button", { name: "Verify here" }).click();
    const result = page.locator("#proof-result [data-state=verified]");
    await result.waitFor();
    assert.equal(await result.locator("li[data-passed=false]").count(), 0);
    for (const name of ["group storage proof", "editionToken storage proof", "first token", "minted", "owner", "hold"]) {
      assert.equal(await result.locator(`li[data-check="${name}"]`).getAttribute("data-passed"), "true", name);
    }
    assert.equal((await result.locator("[data-field=proofEdition]").textContent()).trim(), "No. 2 of 3");
    assert.equal((await result.locator("[data-field=proofRules]").textContent()).trim(), "held 3600 s after each arrival, transferable, not frozen");
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
