// The browser fixtures (tests/browser/fixtures, Debian images and texts) in Node against the server's codes in
// expected.json (kept the server's truth by BrowserFixtureCodesTests.cs): every Data-Code, every text's Content-Code,
// and the PNGs' Image-Codes (decoded here by ./png.mjs, so the pipeline must agree to the bit). In Chromium, with
// the browser's own decoders, tests/browser/iscc.test.js compares all of them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dataCode, decodeText, textCode, normalizeImage, imageCode, imageFormat, MIN_TEXT_CHARACTERS } from "../../src/DigitalCollections.Api/wwwroot/js/iscc.js";
import { decodePng } from "./png.mjs";

const folder = new URL("../browser/fixtures/", import.meta.url);
const { files } = JSON.parse(readFileSync(new URL("expected.json", folder), "utf8"));
const read = (file) => new Uint8Array(readFileSync(new URL(file, folder)));

describe("browser fixtures in Node equal the server's codes", () => {
  it("there are fixtures of both kinds", () => {
    assert.ok(files.filter((f) => f.kind === "image").length >= 10);
    assert.ok(files.filter((f) => f.kind === "text").length >= 5);
  });

  for (const expected of files) {
    it(`${expected.file}: Data-Code`, () => {
      assert.equal(dataCode(read(expected.file)), expected.data);
    });
  }

  for (const expected of files.filter((f) => f.kind === "text")) {
    it(`${expected.file}: Text-Code`, () => {
      const { text } = decodeText(read(expected.file));
      const result = textCode(text);
      assert.equal(result.code, expected.content);
      assert.equal(result.characters, expected.characters);
      assert.equal(result.characters >= MIN_TEXT_CHARACTERS, expected.takesPart);
    });
  }

  for (const expected of files.filter((f) => f.kind === "image" && imageFormat(read(f.file)) === "png")) {
    it(`${expected.file}: Image-Code`, () => {
      const { width, height, rgba } = decodePng(read(expected.file));
      assert.deepEqual([width, height], [expected.width, expected.height]);
      assert.equal(imageCode(normalizeImage(rgba, width, height).pixels), expected.content);
    });
  }
});
