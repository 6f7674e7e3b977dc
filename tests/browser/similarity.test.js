// The verify page's "resembles" answer in a real, headless Chromium against the real API and a real Hardhat node:
// a near-copy of a registered work (resized and re-encoded by the browser's own canvas) is named with the original,
// side by side, from the ISCC code the page computes itself; an unrelated file is plainly "no similar work".
// Run by scripts/test-browser.sh (node --test). Each scenario saves a screenshot in tests/browser/output/.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { Harness, makePng } = require("./harness");

const SCENARIO = { timeout: 90000 };

// A text long enough to take part in similarity (over 200 characters once collapsed).
const POEM = [
  "The harbour wakes before the town does. Gulls argue over the nets, the first ferry coughs into life,",
  "and the light comes up the water like a slow tide of brass. By seven the fish market is loud with prices,",
  "by eight the cafes have their chairs out, and by nine nobody remembers that the sea was ever grey.",
  "In the evening the colours run the other way: brass to copper, copper to slate, slate to the dark",
  "in which only the lighthouse keeps its own time, counting four and resting two, all night long.",
].join("\n");

describe("verify page: works that resemble a dropped file", () => {
  let h;
  let ada;
  let sunset, sunsetPng;
  let poem;

  before(async () => {
    h = new Harness(); // assigned first: after() stops whatever start() got to before a failure
    await h.start();
    ada = await h.createAccount("Ada Lovelace");
    sunsetPng = makePng(3);
    sunset = await h.registerWork(ada.apiKey, { bytes: sunsetPng, fileName: "sunset.png", contentType: "image/png", title: "Harbour sunset" });
    poem = await h.registerWork(ada.apiKey, { bytes: Buffer.from(POEM), fileName: "harbour.txt", contentType: "text/plain", title: "Harbour day" });
  }, { timeout: 240000 });

  after(async () => {
    await h?.stop();
  });

  /** A page that fails the scenario on a script error or a Content-Security-Policy violation. */
  async function open() {
    const page = await h.newPage();
    page.problems = [];
    page.writes = [];
    page.on("pageerror", (error) => page.problems.push(`script error: ${error}`));
    page.on("console", (message) => {
      if (/Content.Security.Policy/i.test(message.text())) page.problems.push(`CSP: ${message.text()}`);
    });
    page.on("request", (request) => {
      if (request.method() !== "GET") page.writes.push(`${request.method()} ${request.url()}`);
    });
    await page.goto("/");
    return page;
  }

  async function done(page) {
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.writes, [], "the file is compared in the browser: nothing is posted");
    await page.context().close();
  }

  const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

  /** The picture at half its size, re-encoded as JPEG by the browser's canvas: a near-copy, not the same bytes. */
  const halfSizeJpeg = async (page, png) => Buffer.from(await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(Math.round(bitmap.width / 2), Math.round(bitmap.height / 2));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const jpeg = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.8 });
    return [...new Uint8Array(await jpeg.arrayBuffer())];
  }, png.toString("base64")));

  /** Whether an <img> has loaded and has pixels (a broken image has naturalWidth 0). */
  const loaded = (img) => img.evaluate((node) => node.decode().then(() => node.naturalWidth > 0, () => false));

  it("a resized, re-encoded copy of a registered picture is not the file, but resembles the original, side by side", SCENARIO, async () => {
    const page = await open();
    const copy = await halfSizeJpeg(page, sunsetPng);
    await page.setInputFiles("#verify-file", { name: "sunset-small.jpg", mimeType: "image/jpeg", buffer: copy });

    await page.locator("#result [data-state=not-registered]").waitFor();
    const answer = page.locator("#result [data-state=similar]");
    await answer.waitFor();
    const summary = await text(answer.locator("[data-field=similar-summary]"));
    assert.match(summary, new RegExp(`^Not this exact file, but it closely resembles work #${sunset.tokenId} by ${ada.address} registered on .+\\.$`));
    assert.equal(await answer.locator("[data-field=similar-summary] time").getAttribute("datetime") !== null, true);

    const best = answer.locator(".similar-list > li").first();
    assert.equal(await best.getAttribute("data-token-id"), String(sunset.tokenId));
    assert.match(await text(best.locator("[data-field=distance]")), /^Image-Code: \d+ of 64 bits differ, \d+% similar$/);
    assert.equal(await best.getByRole("link", { name: `Open work #${sunset.tokenId} and its provenance` }).getAttribute("href"), `/works/${sunset.tokenId}`);

    const dropped = best.locator("[data-preview=dropped] img");
    const registered = best.locator("[data-preview=registered] img");
    assert.match(await dropped.getAttribute("src"), /^blob:/, "the dropped file is shown from memory");
    assert.equal(await registered.getAttribute("src"), `/api/v1/works/${sunset.tokenId}/content`);
    assert.equal(await loaded(dropped), true, "the dropped picture is shown");
    assert.equal(await loaded(registered), true, "the registered picture is shown");
    const [left, right] = [await dropped.boundingBox(), await registered.boundingBox()];
    assert.ok(left.x + left.width <= right.x && Math.abs(left.y - right.y) < 200, `side by side: ${JSON.stringify({ left, right })}`);

    await h.screenshot(page, "verify-similar", { fullPage: true });
    await done(page);
  });

  it("a text with a few words changed resembles the registered text, whose start is shown beside it", SCENARIO, async () => {
    const page = await open();
    const edited = POEM.replace("Gulls argue", "Seagulls quarrel").replace("slow tide", "lazy tide");
    await page.setInputFiles("#verify-file", { name: "harbour-edited.txt", mimeType: "text/plain", buffer: Buffer.from(edited) });

    const answer = page.locator("#result [data-state=similar]");
    await answer.waitFor();
    assert.match(await text(answer.locator("[data-field=similar-summary]")), new RegExp(`resembles work #${poem.tokenId} by ${ada.address}`));
    const best = answer.locator(".similar-list > li").first();
    assert.equal(await best.getAttribute("data-token-id"), String(poem.tokenId));
    assert.match(await text(best.locator("[data-field=distance]")), /^Text-Code: \d+ of 64 bits differ/);
    assert.match(await text(best.locator("[data-preview=dropped]")), /^The harbour wakes before the town does\. Seagulls quarrel/);
    await done(page);
  });

  it("an unrelated picture resembles no registered work, and the page says so", SCENARIO, async () => {
    const page = await open();
    // An even seed lights the picture from the left, an odd one from the top: a different work (see makePng).
    await page.setInputFiles("#verify-file", { name: "other.png", mimeType: "image/png", buffer: makePng(4) });

    await page.locator("#result [data-state=not-registered]").waitFor();
    const answer = page.locator("#result [data-state=no-similar]");
    await answer.waitFor();
    assert.match(await text(answer.locator(".verdict")), /^No similar work$/);
    assert.match(await text(answer), /No registered work resembles this file/);
    assert.match(await text(answer), /Compared by its image Content-Code, computed in your browser/);
    assert.equal(await page.locator("#result [data-state=similar]").count(), 0);
    await h.screenshot(page, "verify-no-similar");
    await done(page);
  });

  it("the exact registered file is not listed as resembling itself", SCENARIO, async () => {
    const page = await open();
    await page.setInputFiles("#verify-file", { name: "sunset.png", mimeType: "image/png", buffer: sunsetPng });

    await page.locator("#result [data-state=registered]").waitFor();
    const answer = page.locator("#result [data-state=no-similar]");
    await answer.waitFor();
    assert.match(await text(answer), /^No other registered work resembles this file\./);
    assert.equal(await page.locator(`#result .similar-list [data-token-id="${sunset.tokenId}"]`).count(), 0);
    await done(page);
  });

  it("an error from the similarity search is a readable notice, the exact answer stays", SCENARIO, async () => {
    const page = await open();
    await page.route("**/api/v1/verifications/similar?*", (route) => route.fulfill({
      status: 500,
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "urn:problem:internal", title: "The service failed.", status: 500, detail: "Try again later." }),
    }));
    await page.setInputFiles("#verify-file", { name: "sunset-small.jpg", mimeType: "image/jpeg", buffer: await halfSizeJpeg(page, sunsetPng) });

    const notice = page.locator("#result [data-state=similar-error]");
    await notice.waitFor();
    assert.equal(await notice.getAttribute("role"), "alert");
    assert.match(await text(notice), /Resemblance not checked.*could not be searched.*The service failed\. Try again later\./);
    assert.equal(await page.locator("#result [data-state=not-registered]").count(), 1);
    await done(page);
  });
});
