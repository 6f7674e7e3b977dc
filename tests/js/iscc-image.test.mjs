// The browser's image pipeline (normalizeImage: on white, gray, border trim, Pillow's bicubic resize) against
// Pillow: tests/vectors/iscc-image-normalize.json holds images with the 32 × 32 pixels iscc-sdk makes of them.
// Node decodes only PNG (./png.mjs); the JPEG, GIF and WebP cases are decoded by Chromium in tests/browser/iscc.test.js.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { normalizeImage, imageCode, resizeBicubic } from "../../src/DigitalCollections.Api/wwwroot/js/iscc.js";
import { decodePng } from "./png.mjs";

const { cases } = JSON.parse(readFileSync(new URL("../vectors/iscc-image-normalize.json", import.meta.url), "utf8"));
const pngs = cases.filter((c) => Buffer.from(c.image, "base64").subarray(1, 4).toString("latin1") === "PNG");

const hex = (bytes) => Buffer.from(bytes).toString("hex").toUpperCase();

/** Upright RGBA of `width` × `height` with every pixel from `colour(x, y)`. */
function image(width, height, colour) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(colour(x, y), (y * width + x) * 4);
  return rgba;
}

describe("image normalisation in JavaScript equals Pillow's", () => {
  it("the vectors hold the PNG cases this test decodes", () => {
    assert.deepEqual(pngs.map((c) => c.name).sort(), ["png-32-high", "png-32-wide", "png-alpha", "png-border", "png-palette", "png-rgb"]);
  });

  for (const c of pngs) {
    it(`${c.name}: ${c.note}`, () => {
      const { width, height, rgba } = decodePng(Buffer.from(c.image, "base64"));
      const result = normalizeImage(rgba, width, height);
      assert.equal(result.reason, null);
      assert.equal(hex(result.pixels), c.pixels.toUpperCase());
    });
  }

  it("a plain border is trimmed: the same picture with and without one gives the same code", () => {
    const picture = (x, y) => [(x * 7) & 255, (y * 5) & 255, ((x + y) * 3) & 255, 255];
    const bare = normalizeImage(image(64, 48, picture), 64, 48);
    const framed = normalizeImage(image(84, 68, (x, y) => (x < 10 || y < 10 || x >= 74 || y >= 58 ? [250, 250, 250, 255] : picture(x - 10, y - 10))), 84, 68);
    assert.equal(hex(framed.pixels), hex(bare.pixels));
    assert.match(imageCode(bare.pixels), /^ISCC:EE/);
  });

  it("too small, too small after the trim, and flat images give no pixels, with the server's reasons", () => {
    assert.match(normalizeImage(image(7, 100, () => [0, 0, 0, 255]), 7, 100).reason, /7 × 100 pixels, smaller than 8 on a side/);
    const dot = normalizeImage(image(100, 100, (x, y) => (x > 50 && x < 55 && y > 50 && y < 90 ? [0, 0, 0, 255] : [255, 255, 255, 255])), 100, 100);
    assert.match(dot.reason, /4 × 39 pixels.*after its plain border is trimmed/);
    const faint = normalizeImage(image(50, 50, (x) => [100 + (x % 3), 100, 100, 255]), 50, 50);
    assert.match(faint.reason, /one flat colour/);
  });

  it("fully transparent pixels are white, as Pillow lays the image on white", () => {
    const picture = (x, y) => [(x * 9) & 255, (y * 4) & 255, 90, 255];
    const onWhite = normalizeImage(image(60, 60, (x, y) => (x < 20 ? [255, 255, 255, 255] : picture(x, y))), 60, 60);
    const transparent = normalizeImage(image(60, 60, (x, y) => (x < 20 ? [12, 200, 7, 0] : picture(x, y))), 60, 60);
    assert.equal(hex(transparent.pixels), hex(onWhite.pixels));
  });

  it("the resize keeps a plane of the target size as it is and averages a uniform one to its value", () => {
    const plane = Uint8Array.from({ length: 32 * 32 }, (_, i) => (i * 37) & 255);
    assert.equal(hex(resizeBicubic(plane, 32, { x: 0, y: 0, width: 32, height: 32 }, 32, 32)), hex(plane));
    const grey = new Uint8Array(300 * 200).fill(77);
    assert.ok(resizeBicubic(grey, 300, { x: 0, y: 0, width: 300, height: 200 }, 32, 32).every((v) => v === 77));
  });
});
