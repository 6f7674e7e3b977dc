// The verify page's ISCC module (wwwroot/js/iscc.js) in headless Chromium, with the browser's own image and text
// decoding, against the server: the fixtures' codes in tests/browser/fixtures/expected.json (the C# code's, see
// BrowserFixtureCodesTests.cs) and Pillow's pixels in tests/vectors/iscc-image-normalize.json. Text- and Data-Codes
// must be equal; Image-Codes may differ by a few bits where Chromium's decoders differ from SkiaSharp's and
// Pillow's (and the server decodes large JPEGs at a reduced scale). The measured differences are printed and
// written to tests/browser/output/iscc-differences.json. Needs no API or node: the files are served to the page
// by the test itself.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { launchChromium, serveRepositoryFiles, OUTPUT, ROOT } = require("./harness");

const ORIGIN = "http://files.test";
const MODULE = "/src/DigitalCollections.Api/wwwroot/js/iscc.js";
const FIXTURES = "/tests/browser/fixtures/";
// The most bits a browser Image-Code may differ from the server's (64-bit codes). The default similarity threshold
// for images is 12 bits (SimilarityOptions.MaxDistanceImage), so this leaves most of it to the copy's changes.
const MAX_IMAGE_BITS = 4;

const expected = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/browser/fixtures/expected.json"), "utf8")).files;
const vectors = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/vectors/iscc-image-normalize.json"), "utf8")).cases;
const contentTypes = { ".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp", ".txt": "text/plain", ".md": "text/markdown" };

describe("ISCC codes in Chromium", () => {
  let browser, page, iscc;
  const measured = { fixtures: [], vectors: [] };

  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext();
    await serveRepositoryFiles(context, ORIGIN);
    page = await context.newPage();
    page.problems = [];
    page.on("pageerror", (error) => page.problems.push(String(error)));
    await page.goto(`${ORIGIN}/`);
    iscc = await import(pathToFileURL(path.join(ROOT, "src/DigitalCollections.Api/wwwroot/js/iscc.js"))); // for distances, in Node
  }, { timeout: 60000 });

  after(async () => {
    await browser?.close();
    if (measured.fixtures.length) report(measured);
  });

  /** fileCodes(file) in the page, on a fixture fetched as the page would get a dropped file. */
  const browserCodes = (file, type) => page.evaluate(async ({ module, url, name, type }) => {
    const { fileCodes } = await import(module);
    const blob = await (await fetch(url)).blob();
    return fileCodes(new File([blob], name, { type }));
  }, { module: MODULE, url: FIXTURES + file, name: file, type });

  for (const want of expected) {
    it(`${want.file} (${want.kind}): the browser's codes are the server's${want.kind === "image" ? ` within ${MAX_IMAGE_BITS} bits` : ""}`, { timeout: 30000 }, async () => {
      const got = await browserCodes(want.file, contentTypes[path.extname(want.file)]);
      assert.equal(got.kind, want.kind);
      assert.equal(got.data, want.data, "Data-Code");
      assert.equal(got.takesPart, want.takesPart);
      assert.equal(got.contentReason, want.contentReason);
      if (want.kind === "text") {
        assert.equal(got.content, want.content, "Text-Code");
        assert.equal(got.characters, want.characters);
        return;
      }
      const bits = iscc.distance(got.content, want.content);
      measured.fixtures.push({ file: want.file, size: `${want.width}×${want.height}`, server: want.content, browser: got.content, bits });
      assert.ok(bits <= MAX_IMAGE_BITS, `${want.file}: browser ${got.content}, server ${want.content}: ${bits} bits apart`);
    });
  }

  it("Pillow's normalisation vectors decoded by Chromium: PNG pixels exactly, every format's code within a few bits", { timeout: 60000 }, async () => {
    const results = await page.evaluate(async ({ module, cases }) => {
      const { decodeImage, imageCode } = await import(module);
      const out = [];
      for (const c of cases) {
        const bytes = Uint8Array.from(atob(c.image), (ch) => ch.charCodeAt(0));
        const pillow = Uint8Array.from(c.pixels.match(/../g), (h) => parseInt(h, 16));
        const decoded = await decodeImage(new Blob([bytes]));
        if (!decoded.pixels) {
          out.push({ name: c.name, reason: decoded.reason });
          continue;
        }
        let maxPixel = 0;
        for (let i = 0; i < pillow.length; i++) maxPixel = Math.max(maxPixel, Math.abs(pillow[i] - decoded.pixels[i]));
        out.push({ name: c.name, pillow: imageCode(pillow), browser: imageCode(decoded.pixels), maxPixel });
      }
      return out;
    }, { module: MODULE, cases: vectors });
    assert.equal(results.length, vectors.length);
    for (const r of results) {
      assert.equal(r.reason, undefined, `${r.name}: ${r.reason}`);
      r.bits = iscc.distance(r.pillow, r.browser);
      measured.vectors.push(r);
      if (r.name.startsWith("png-")) assert.equal(r.maxPixel, 0, `${r.name}: Chromium's PNG pixels give Pillow's 32×32 exactly`);
      assert.ok(r.bits <= MAX_IMAGE_BITS, `${r.name}: ${r.bits} bits from Pillow's code`);
    }
  });

  it("bad images give no Image-Code and a reason, and still a Data-Code", { timeout: 30000 }, async () => {
    const results = await page.evaluate(async (module) => {
      const { fileCodes } = await import(module);
      const png = await (await fetch("/tests/browser/fixtures/pixels-l.png")).arrayBuffer();
      const canvas = new OffscreenCanvas(5, 300);
      canvas.getContext("2d").fillRect(0, 0, 5, 300);
      const thin = await canvas.convertToBlob({ type: "image/png" });
      return {
        truncated: await fileCodes(new File([png.slice(0, 400)], "cut.png", { type: "image/png" })),
        thin: await fileCodes(new File([thin], "thin.png", { type: "image/png" })),
        binary: await fileCodes(new File([new Uint8Array([0, 1, 2, 0xff, 0xfe])], "x.bin")),
      };
    }, MODULE);
    assert.equal(results.truncated.kind, "image");
    assert.equal(results.truncated.content, null);
    assert.match(results.truncated.contentReason, /truncated or corrupt|not a readable/);
    assert.match(results.truncated.data, /^ISCC:GAA/);
    assert.match(results.thin.contentReason, /5 × 300 pixels, smaller than 8 on a side/);
    assert.equal(results.binary.kind, null);
    assert.match(results.binary.contentReason, /not UTF-8/);
    assert.deepEqual(page.problems, []);
  });
});

function report({ fixtures, vectors }) {
  const stats = (rows) => {
    const bits = rows.map((r) => r.bits);
    return { max: Math.max(...bits), mean: +(bits.reduce((a, b) => a + b, 0) / bits.length).toFixed(2), exact: bits.filter((b) => b === 0).length, of: bits.length };
  };
  const summary = { fixtures: stats(fixtures), vectors: vectors.length ? stats(vectors) : null, perFile: fixtures, perVector: vectors };
  fs.mkdirSync(OUTPUT, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT, "iscc-differences.json"), JSON.stringify(summary, null, 2) + "\n");
  process.stderr.write("[browser-tests] Image-Code bits between the browser and the server (64-bit codes):\n");
  for (const r of fixtures) process.stderr.write(`  ${r.file.padEnd(24)} ${r.size.padEnd(10)} ${r.bits}\n`);
  process.stderr.write(`  fixtures: max ${summary.fixtures.max}, mean ${summary.fixtures.mean}, ${summary.fixtures.exact} of ${summary.fixtures.of} exact\n`);
  if (summary.vectors) {
    process.stderr.write("  Pillow vectors (browser pixels vs Pillow's): ");
    process.stderr.write(vectors.map((r) => `${r.name} ${r.bits} bits (pixels ±${r.maxPixel})`).join(", ") + "\n");
    process.stderr.write(`  vectors: max ${summary.vectors.max}, mean ${summary.vectors.mean}, ${summary.vectors.exact} of ${summary.vectors.of} exact\n`);
  }
}
