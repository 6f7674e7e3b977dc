// The browser's ISCC module (wwwroot/js/iscc.js) against the ISCC reference's conformance vectors
// (tests/vectors/iscc-data.json, read as data, as the C# IsccConformanceTests do): Text-, Image- and Data-Code,
// and the header and base32 form of every code the vectors hold.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { textCode, imageCode, dataCode, parseUnit, base32Encode } from "../../src/DigitalCollections.Api/wwwroot/js/iscc.js";
import { headerBytes } from "../../src/DigitalCollections.Api/wwwroot/js/iscc/codec.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors/iscc-data.json", import.meta.url), "utf8"));
const cases = (fn) => Object.entries(vectors[fn]);
const stream = (input) => {
  assert.ok(input.startsWith("stream:"), input);
  return new Uint8Array(Buffer.from(input.slice("stream:".length), "hex"));
};

describe("ISCC conformance vectors in JavaScript", () => {
  for (const [name, { inputs, outputs }] of cases("gen_text_code_v0")) {
    it(`Text-Code ${name}`, () => {
      const result = textCode(inputs[0], inputs[1]);
      assert.equal(result.code, outputs.iscc);
      assert.equal(result.characters, outputs.characters);
    });
  }

  for (const [name, { inputs, outputs }] of cases("gen_image_code_v0")) {
    it(`Image-Code ${name}`, () => {
      assert.equal(imageCode(Uint8Array.from(inputs[0]), inputs[1]), outputs.iscc);
    });
  }

  for (const [name, { inputs, outputs }] of cases("gen_data_code_v0")) {
    it(`Data-Code ${name}`, () => {
      assert.equal(dataCode(stream(inputs[0]), inputs[1]), outputs.iscc);
    });
  }

  it("every code in the vectors reads into header and body and writes back to the same text", () => {
    const codes = new Set();
    for (const fn of Object.keys(vectors)) {
      for (const { inputs, outputs } of Object.values(vectors[fn])) {
        if (typeof outputs.iscc === "string") codes.add(outputs.iscc);
        if (fn === "gen_iscc_code_v0") for (const unit of inputs[0]) codes.add(unit);
      }
    }
    assert.ok(codes.size > 40, `${codes.size} codes`);
    const mainTypes = new Set();
    for (const code of codes) {
      const unit = parseUnit(code);
      mainTypes.add(unit.mainType);
      const header = headerBytes(unit.mainType, unit.subType, unit.version, unit.lengthCode);
      const again = "ISCC:" + base32Encode(Uint8Array.from([...header, ...unit.body]));
      assert.equal(again, code.startsWith("ISCC:") ? code : "ISCC:" + code);
    }
    // Meta, Semantic-free Content, Data, Instance and the composite ISCC-CODE all occur.
    for (const type of [0, 2, 3, 4, 5]) assert.ok(mainTypes.has(type), `main type ${type}`);
  });
});
