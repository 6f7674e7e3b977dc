// The work page of a work whose creator changed its title: "edited", the new title, and the edits after the
// registered title. Run by scripts/test-browser.sh (node --test); a screenshot lands in tests/browser/output/.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { Harness, makePng } = require("./harness");

describe("an edited work in Chromium", () => {
  let h;

  before(async () => {
    h = new Harness(); // assigned first: after() stops whatever start() got to before a failure
    await h.start();
  }, { timeout: 240000 });

  after(async () => {
    await h?.stop();
  });

  it("work: the page shows the latest title, 'edited', and the edits with who and which transaction", { timeout: 90000 }, async () => {
    const grace = await h.createAccount("Grace Hopper");
    const work = await h.registerWork(grace.apiKey, {
      bytes: makePng(7), fileName: "harbour.png", contentType: "image/png", title: "Harbour, first state", description: "Ink.",
    });
    const change = await h.post(`/api/v1/works/${work.tokenId}/metadata`, {
      json: { title: "Harbour, second state", description: "Ink and wash." }, apiKey: grace.apiKey,
    });
    assert.equal(change.version, 1);

    const page = await h.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`script error: ${error}`));
    await page.goto(`/works/${work.tokenId}`);
    await page.locator("#work-edited").waitFor();
    const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
    assert.match(await text(page.locator("#work-title")), /^Harbour, second state edited$/);
    assert.equal(await text(page.locator("#work-description")), "Ink and wash.");
    const edits = page.locator("#metadata-history li");
    assert.equal(await edits.count(), 2);
    assert.match(await text(edits.nth(0)), new RegExp(`^Version 1: Harbour, second state by ${grace.address}, .+ ${change.transactionHash}$`));
    assert.match(await text(edits.nth(1)), /^Registered: Harbour, first state/);
    await h.screenshot(page, "work-edited", { fullPage: true });
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
