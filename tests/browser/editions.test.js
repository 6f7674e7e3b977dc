// Editions in a real, headless Chromium against the real API and a real Hardhat node: the work page of an edition
// token says "No. N of M" and its circulation rule (held until a date, frozen by the operator, with the freeze in the
// timeline), and the verify page lists the edition's tokens and owners for a file, a page at a time.
// Run by scripts/test-browser.sh (node --test). Each scenario saves a screenshot in tests/browser/output/.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { Harness, makePng } = require("./harness");

const SCENARIO = { timeout: 90000 };
const ONE_DAY = 24 * 3600;

describe("editions in Chromium", () => {
  let h;
  let maker; // a custodial account made over REST
  let edition; // its edition of 60 with a one-day hold
  let png;

  before(async () => {
    h = new Harness(); // assigned first: after() stops whatever start() got to before a failure
    await h.start();
    maker = await h.createAccount("Edition maker");
    png = makePng(11);
    edition = await h.registerWork(maker.apiKey, {
      bytes: png, fileName: "harbour.png", contentType: "image/png", title: "Harbour at dawn", editionSize: 60, holdSeconds: ONE_DAY,
    });
  }, { timeout: 240000 });

  after(async () => {
    await h?.stop();
  });

  async function open() {
    const page = await h.newPage();
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

  it("work: an edition token shows 'No. 37 of 60', the work's title and preview, and until when it is held", SCENARIO, async () => {
    assert.equal(edition.editionSize, 60);
    const no37 = edition.tokens.first + 36;
    const page = await open();
    await page.goto(`/works/${no37}`);

    await page.locator("#work-title", { hasText: "Harbour at dawn" }).waitFor();
    assert.equal(await text(page.locator("[data-field=edition]")), "No. 37 of 60");
    const circulation = page.locator("[data-field=circulation]");
    assert.match(await text(circulation), /^can be passed on from \d{1,2} [A-Z][a-z]+ \d{4}$/);
    const until = new Date(await circulation.locator("time").getAttribute("datetime"));
    const hours = (until - Date.now()) / 3600000;
    assert.ok(hours > 23 && hours < 25, `held for about a day: until ${until.toISOString()}`);
    // Every token of the edition shows the work's file.
    await page.locator("img.content").waitFor();
    assert.ok(await page.locator("img.content").evaluate((img) => img.complete && img.naturalWidth > 0), "the edition token's preview loaded");
    assert.equal(await page.locator(".timeline li").count(), 1);

    await h.screenshot(page, "edition-work", { fullPage: true });
    await done(page);
  });

  it("work: a token the operator froze says so, and its timeline shows the freeze after the mint", SCENARIO, async () => {
    const no38 = edition.tokens.first + 37;
    const frozenAt = await h.sendAsOperator("freeze(uint256,uint32)", no38, 4);
    const page = await open();
    // The index reads the freeze from its event: reload until the timeline has it.
    const steps = page.locator(".timeline li");
    for (let attempt = 0; ; attempt++) {
      await page.goto(`/works/${no38}`);
      await steps.first().waitFor();
      if ((await steps.count()) === 2 || attempt === 40) break;
      await page.waitForTimeout(250);
    }
    assert.equal(await text(page.locator("[data-field=edition]")), "No. 38 of 60");
    assert.equal(await text(page.locator("[data-field=circulation]")),
      "Frozen by the operator (reason 4); it cannot be passed on until it is unfrozen.");
    assert.deepEqual(await steps.evaluateAll((items) => items.map((li) => li.dataset.kind)), ["mint", "frozen"]);
    assert.match(await text(steps.nth(1)), /^Frozen by the operator \(reason 4\)/);
    assert.equal(await text(steps.nth(1).locator("[data-field=block]")), String(frozenAt));

    await h.screenshot(page, "edition-frozen", { fullPage: true });
    await done(page);
  });

  it("verify: the file of an edition shows the edition, its tokens' numbers and owners, and pages to the rest", SCENARIO, async () => {
    const page = await open();
    await page.goto("/");
    await page.setInputFiles("#verify-file", { name: "harbour.png", mimeType: "image/png", buffer: png });

    const result = page.locator("#result [data-state=registered]");
    await result.waitFor();
    const section = result.locator("[data-field=edition]");
    assert.equal(await text(section.locator("h3")), "An edition of 60");
    assert.match(await text(section.locator("[data-field=minted]")), /^60 of 60 minted\./);
    const rows = section.locator("tbody tr");
    assert.equal(await rows.count(), 50);
    assert.equal(await text(rows.nth(36).locator("td").first()), "No. 37 of 60");
    assert.equal(await rows.nth(36).getByRole("link", { name: `#${edition.tokens.first + 36}` }).getAttribute("href"),
      `/works/${edition.tokens.first + 36}`);
    assert.equal(await text(rows.nth(36).locator("[data-field=tokenOwner]")), maker.address);

    await section.getByRole("button", { name: "Show more tokens" }).click();
    await rows.nth(59).waitFor();
    assert.equal(await rows.count(), 60);
    assert.equal(await text(rows.nth(59).locator("td").first()), "No. 60 of 60");
    assert.equal(await section.getByRole("button", { name: "Show more tokens" }).count(), 0, "no more pages after the last");

    await h.screenshot(page, "edition-verify", { fullPage: true });
    await done(page);
  });
});
