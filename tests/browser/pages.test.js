// The collector and creator pages in a real, headless Chromium against the real API and a real Hardhat node.
// Run by scripts/test-browser.sh (node --test). Each scenario saves a screenshot in tests/browser/output/.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { Harness, makePng } = require("./harness");

const BOB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // Hardhat's account #1: an address with no custodial key here
const ZERO = "0x0000000000000000000000000000000000000000";
const SCENARIO = { timeout: 90000 };

describe("web pages in Chromium", () => {
  let h;
  let ada; // a custodial account made over REST
  let sunset; // its work, an image, registered over REST
  let sunsetPng;

  before(async () => {
    h = new Harness(); // assigned first: after() stops whatever start() got to before a failure
    await h.start();
    ada = await h.createAccount("Ada Lovelace");
    sunsetPng = makePng(1);
    sunset = await h.registerWork(ada.apiKey, {
      bytes: sunsetPng, fileName: "sunset.png", contentType: "image/png",
      title: "Sunset over the harbour", description: "Oil study in evening light.\nPainted from the east pier.", royaltyBps: 250,
    });
  }, { timeout: 240000 });

  after(async () => {
    await h?.stop();
  });

  /** A page that fails the scenario on a script error or a Content-Security-Policy violation. */
  async function open(options) {
    const page = await h.newPage(options);
    page.problems = [];
    page.on("pageerror", (error) => page.problems.push(`script error: ${error}`));
    page.on("console", (message) => {
      if (/Content.Security.Policy/i.test(message.text())) page.problems.push(`CSP: ${message.text()}`);
    });
    return page;
  }

  async function done(page) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }

  const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

  it("verify: a registered file shows its creator, owner, registration time and transaction, and is not uploaded", SCENARIO, async () => {
    const page = await open();
    const posts = [];
    page.on("request", (request) => {
      if (request.method() !== "GET") posts.push(`${request.method()} ${request.url()}`);
    });
    await page.goto("/");
    await page.setInputFiles("#verify-file", { name: "sunset.png", mimeType: "image/png", buffer: sunsetPng });

    const result = page.locator("#result [data-state=registered]");
    await result.waitFor();
    assert.match(await text(result.locator(".verdict")), /Registered original/);
    assert.equal(await text(result.locator("[data-field=creator]")), ada.address);
    assert.equal(await text(result.locator("[data-field=owner]")), ada.address);
    assert.equal(await text(result.locator("[data-field=transactionHash]")), sunset.transactionHash);
    assert.equal(await result.locator("[data-field=registeredAt] time").getAttribute("datetime") !== null, true);
    await result.locator("[data-field=title]", { hasText: "Sunset over the harbour" }).waitFor();
    assert.equal(await result.getByRole("link", { name: "Open the work and its provenance" }).getAttribute("href"), `/works/${sunset.tokenId}`);
    assert.deepEqual(posts, [], "the file is hashed in the browser: nothing is posted");

    await h.screenshot(page, "verify-registered");
    await done(page);
  });

  it("verify: an unregistered file is plainly not registered", SCENARIO, async () => {
    const page = await open();
    const bytes = crypto.randomBytes(4096);
    await page.goto("/");
    await page.setInputFiles("#verify-file", { name: "copy-of-sunset.png", mimeType: "image/png", buffer: bytes });

    const result = page.locator("#result [data-state=not-registered]");
    await result.waitFor();
    assert.match(await text(result), /Not registered/);
    assert.match(await text(result), /is not registered on this chain/);
    assert.match(await text(result), new RegExp("0x" + crypto.createHash("sha256").update(bytes).digest("hex")));

    await h.screenshot(page, "verify-unregistered");
    await done(page);
  });

  it("create: a work uploaded through the form shows upload progress, is confirmed, and its page opens", SCENARIO, async () => {
    const page = await open();
    // Record what the progress panel shows, across the navigation to the work page (sessionStorage survives it).
    await page.context().addInitScript(() => {
      const seen = JSON.parse(sessionStorage.getItem("test.progress") ?? "[]");
      const record = () => {
        const label = document.querySelector("#register-progress .status");
        const bar = document.querySelector("#register-progress progress");
        if (!label) return;
        const entry = `${label.textContent}|${bar?.getAttribute("value")}`;
        if (seen[seen.length - 1] !== entry) {
          seen.push(entry);
          sessionStorage.setItem("test.progress", JSON.stringify(seen));
        }
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.goto("/create");

    await page.getByText("No account yet? Create one").click();
    await page.getByLabel("Your name").fill("Grace Hopper");
    await page.getByRole("button", { name: "Create an account" }).click();
    const created = page.locator("[data-state=account-created]");
    await created.waitFor();
    const apiKey = await text(page.locator("#new-api-key"));
    assert.match(apiKey, /^dck_/);
    assert.match(await text(created), /shown only once/);
    assert.equal(await page.locator("#api-key").inputValue(), apiKey);
    const address = await text(created.locator("a.mono"));

    await page.setInputFiles("#work-file", { name: "harbour.png", mimeType: "image/png", buffer: makePng(2) });
    await page.getByLabel("Title").fill("Harbour at dawn");
    await page.getByLabel("Description").fill("Watercolour, first light.");
    await page.getByLabel("Royalty, in percent").fill("2.5");
    await page.getByRole("button", { name: "Register the work" }).click();

    await page.waitForURL(/\/works\/\d+$/);
    await page.locator("#work-title", { hasText: "Harbour at dawn" }).waitFor();
    assert.equal(await text(page.locator("[data-field=creator]")), address);
    assert.equal(await text(page.locator("[data-field=owner]")), address);
    assert.match(await text(page.locator("[data-field=royalty]")), /2\.5%/);
    assert.equal(await page.locator(".timeline li").count(), 1);

    const progress = JSON.parse(await page.evaluate(() => sessionStorage.getItem("test.progress") ?? "[]"));
    assert.ok(progress.some((e) => /^Uploading… \d+%/.test(e)), `upload progress was shown: ${progress.join(" / ")}`);
    assert.ok(progress.some((e) => e.endsWith("|100")), `the bar reached 100%: ${progress.join(" / ")}`);
    assert.ok(progress.some((e) => /^Registered as work #\d+/.test(e)), `the confirmation was shown: ${progress.join(" / ")}`);

    await h.screenshot(page, "create-confirmed", { fullPage: true });
    await done(page);
  });

  it("work: after a transfer through the form, the timeline shows the mint and the transfer, oldest first", SCENARIO, async () => {
    const page = await open();
    await page.goto(`/create?tokenId=${sunset.tokenId}#transfer`);
    await page.locator("#api-key").fill(ada.apiKey);
    assert.equal(await page.locator("#transfer-token").inputValue(), String(sunset.tokenId), "the work page's link fills in the token");
    await page.getByLabel("New owner's address").fill(BOB);
    await page.getByRole("button", { name: "Transfer", exact: true }).click();

    await page.waitForURL(new RegExp(`/works/${sunset.tokenId}$`));
    const steps = page.locator(".timeline li");
    await steps.nth(1).waitFor();
    assert.equal(await steps.count(), 2);
    assert.equal(await steps.nth(0).getAttribute("data-kind"), "mint");
    assert.equal(await steps.nth(1).getAttribute("data-kind"), "transfer");
    assert.match(await text(steps.nth(0)), new RegExp(`minted to ${ada.address}`));
    assert.match(await text(steps.nth(1)), new RegExp(`from ${ada.address} to ${BOB}`));
    const blocks = await steps.locator("[data-field=block]").allTextContents();
    assert.ok(Number(blocks[0]) < Number(blocks[1]), `oldest first: blocks ${blocks}`);
    assert.match(await text(steps.nth(1)), /Transaction 0x[0-9a-f]{64}/);
    assert.equal(await text(page.locator("[data-field=owner]")), BOB);
    assert.equal(await text(page.locator("[data-field=creator]")), ada.address);
    assert.match(await text(page.locator("[data-field=contentHash]")), new RegExp(sunset.contentHash));
    // The preview is the stored image itself.
    await page.locator("img.content").waitFor();
    assert.ok(await page.locator("img.content").evaluate((img) => img.complete && img.naturalWidth > 0), "the image preview loaded");
    assert.equal(await page.locator("img.content").getAttribute("alt"), "Preview of Sunset over the harbour");

    await h.screenshot(page, "work-timeline", { fullPage: true });
    await done(page);
  });

  it("forms: a bad input shows its error next to the field (checked in the page and by the API)", SCENARIO, async () => {
    const page = await open();
    await page.goto("/create");

    // No API key: said next to the key field.
    await page.setInputFiles("#work-file", { name: "again.png", mimeType: "image/png", buffer: sunsetPng });
    await page.getByLabel("Title").fill("A second sunset");
    await page.getByRole("button", { name: "Register the work" }).click();
    await page.locator("#api-key-error", { hasText: "Enter your API key" }).waitFor();

    // A royalty above 10%: next to the royalty field, which is marked invalid and focused.
    await page.locator("#api-key").fill(ada.apiKey);
    await page.getByLabel("Royalty, in percent").fill("12");
    await page.getByRole("button", { name: "Register the work" }).click();
    await page.locator("#work-royalty-error", { hasText: "between 0 and 10%" }).waitFor();
    assert.equal(await page.locator("#work-royalty").getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "work-royalty");
    assert.match(await page.locator("#work-royalty").getAttribute("aria-describedby"), /work-royalty-error/);

    // The API's answers: the same bytes again (409, field "file") next to the file, with a link to the work.
    await page.getByLabel("Royalty, in percent").fill("1");
    await page.getByRole("button", { name: "Register the work" }).click();
    const fileError = page.locator("#work-file-error", { hasText: "already registered" });
    await fileError.waitFor();
    assert.equal(await fileError.getByRole("link").getAttribute("href"), `/works/${sunset.tokenId}`);
    assert.equal(await page.locator("#work-royalty-error").isHidden(), true, "old errors are cleared");

    // A transfer to the zero address: the API's validation problem (errors.to) next to the address.
    await page.getByLabel("Token id").fill(String(sunset.tokenId));
    await page.getByLabel("New owner's address").fill(ZERO);
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    await page.locator("#transfer-to-error", { hasText: "zero address" }).waitFor();
    await h.screenshot(page, "bad-input-create", { fullPage: true });

    // A search that is neither id, hash nor address.
    await page.goto("/");
    await page.getByLabel("Token id, content hash or address").fill("not a hash");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#search-q-error", { hasText: "not a token id" }).waitFor();
    await h.screenshot(page, "bad-input-search");
    await done(page);
  });

  it("address: works created by and owned by an address; unknown and malformed ids are not found", SCENARIO, async () => {
    const page = await open();
    await page.goto(`/accounts/${ada.address}`);
    const created = page.locator("#created li");
    await created.first().waitFor();
    assert.match(await text(page.locator("#created")), /Sunset over the harbour/);
    await page.locator("#owned [data-state=empty]").waitFor(); // she transferred it to Bob
    assert.equal(await page.locator(`#created a[href="/works/${sunset.tokenId}"]`).count(), 1);
    await h.screenshot(page, "address-creator");

    await page.goto(`/accounts/${BOB}`);
    await page.locator(`#owned a[href="/works/${sunset.tokenId}"]`).waitFor();
    await page.locator("#created [data-state=empty]").waitFor();

    await page.goto("/works/424242");
    await page.locator("[data-state=not-found]", { hasText: "There is no work #424242" }).waitFor();
    await h.screenshot(page, "work-not-found");
    await page.goto("/accounts/0x1234");
    await page.locator("[data-state=invalid]").waitFor();
    await done(page);
  });

  it("unconfirmed: facts newer than the confirmation depth are marked on every page that shows them", SCENARIO, async () => {
    // Hardhat confirms at once (depth 0): the API's answers are taken as they are and marked unconfirmed here.
    const page = await open();
    const unconfirm = (mutate) => async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      mutate(body);
      await route.fulfill({ response, json: body });
    };
    await page.route(`**/api/v1/works/${sunset.tokenId}/provenance`, unconfirm((p) => (p.events[p.events.length - 1].confirmed = false)));
    await page.route("**/api/v1/verifications/*", unconfirm((v) => (v.confirmed = false)));
    await page.route("**/api/v1/accounts/*/works?*", unconfirm((l) => l.items.forEach((w) => (w.confirmed = false))));

    await page.goto(`/works/${sunset.tokenId}`);
    const last = page.locator(".timeline li").last();
    await last.waitFor();
    assert.equal(await last.getAttribute("class"), "unconfirmed");
    assert.match(await text(last), /Not yet confirmed/);
    assert.doesNotMatch(await text(page.locator(".timeline li").first()), /Not yet confirmed/);
    await h.screenshot(page, "unconfirmed-work", { fullPage: true });

    await page.goto("/");
    await page.setInputFiles("#verify-file", { name: "sunset.png", mimeType: "image/png", buffer: sunsetPng });
    await page.locator("#result [data-state=registered] .verdict", { hasText: "Not yet confirmed" }).waitFor();

    await page.goto(`/accounts/${ada.address}`);
    await page.locator("#created li", { hasText: "Not yet confirmed" }).first().waitFor();
    await done(page);
  });

  it("phone: every page fits a phone-sized screen without sideways scrolling", SCENARIO, async () => {
    const page = await open({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    for (const path of ["/", `/works/${sunset.tokenId}`, "/create", `/accounts/${ada.address}`]) {
      await page.goto(path);
      await page.locator("main").waitFor();
      await page.waitForLoadState("networkidle");
      const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
      assert.ok(widths.content <= widths.screen, `${path}: ${widths.content}px wide on a ${widths.screen}px screen`);
    }
    await page.goto(`/works/${sunset.tokenId}`);
    await page.locator(".timeline li").first().waitFor();
    await h.screenshot(page, "phone-work", { fullPage: true });
    await done(page);
  });

  it("keyboard and screen reader: labelled controls, landmarks, a skip link", SCENARIO, async () => {
    const page = await open();
    for (const path of ["/", `/works/${sunset.tokenId}`, "/create", `/accounts/${ada.address}`]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll("input, textarea, select, button")].filter((c) => {
          const named = (c.labels && c.labels.length > 0) || c.getAttribute("aria-label") || c.getAttribute("aria-labelledby")
            || (c.tagName === "BUTTON" && c.textContent.trim());
          return !named;
        }).map((c) => c.outerHTML));
      assert.deepEqual(unlabelled, [], `${path}: controls without a label`);
      assert.equal(await page.locator("main").count(), 1, `${path}: one main landmark`);
      assert.equal(await page.locator("h1").count(), 1, `${path}: one h1`);
      assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 1);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content", `${path}: first Tab`);
    }
    // The verify page works from the keyboard: type a hash, press Enter.
    await page.goto("/");
    await page.getByLabel("Token id, content hash or address").focus();
    await page.keyboard.type(sunset.contentHash);
    await page.keyboard.press("Enter");
    await page.locator("#result [data-state=registered]").waitFor();
    await done(page);
  });

  it("chain stopped: the pages show the unready banner", SCENARIO, async () => {
    await h.stopChain();
    const page = await open();
    await page.goto("/");
    const banner = page.locator("#chain-banner");
    await banner.waitFor({ state: "visible" });
    assert.equal(await banner.getAttribute("role"), "alert");
    assert.match(await text(banner), /blockchain is not available/);
    assert.match(await text(banner), /unreachable/);
    await h.screenshot(page, "chain-stopped-verify");

    await page.goto(`/works/${sunset.tokenId}`);
    await banner.waitFor({ state: "visible" });
    await page.locator("[data-state=unavailable]").waitFor();
    await h.screenshot(page, "chain-stopped-work");
    await done(page);
  });
});
