// scripts/verify-proof.js as a collector runs it: a verdict line per check, the decoded facts, and the exit code
// (0 all hold, 1 a check failed, 2 bad usage or an unreadable bundle, with a message and no stack trace).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const VECTOR_FILE = path.join(ROOT, "tests", "vectors", "work-proof.json");
const VECTOR = JSON.parse(fs.readFileSync(VECTOR_FILE, "utf8"));
const HASH = VECTOR.block.hash;

const run = (...args) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "verify-proof.js"), ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const verdict = (out, name) => out.split("\n").find((l) => new RegExp(`^(pass|FAIL)  ${name} `).test(l))?.slice(0, 4);

describe("verify-proof.js", () => {
  let dir;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-proof-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 for the served bundle and prints every check and the decoded facts", () => {
    const r = run(VECTOR_FILE, "--block-hash", HASH, "--chain-id", "31337", "--contract", VECTOR.contract);
    assert.equal(r.code, 0, r.out + r.err);
    for (const name of ["header hash", "account proof", "token storage proof", "registration slot derivation", "chain id", "contract", "creator"]) {
      assert.equal(verdict(r.out, name), "pass", name);
    }
    assert.match(r.out, new RegExp(`owner +${VECTOR.claims.owner}`));
    assert.match(r.out, new RegExp(`creator +${VECTOR.claims.creator}`));
    assert.match(r.out, new RegExp(`content hash +${VECTOR.claims.contentHash}`));
    assert.match(r.out, new RegExp(`registered at +${VECTOR.claims.registeredAt} \\(${new Date(VECTOR.claims.registeredAt * 1000).toISOString()}\\)`));
    assert.match(r.out, /^VERIFIED: all \d+ checks hold$/m);
  });

  it("exits 0 for an edition token's bundle and prints its number, size and rules", () => {
    const file = path.join(ROOT, "tests", "vectors", "edition-proof-frozen.json");
    const bundle = JSON.parse(fs.readFileSync(file, "utf8"));
    const r = run(file, "--block-hash", bundle.block.hash, "--chain-id", "31337", "--contract", bundle.contract);
    assert.equal(r.code, 0, r.out + r.err);
    for (const name of ["group storage proof", "editionToken storage proof", "first token", "minted", "owner", "hold", "frozen"]) {
      assert.equal(verdict(r.out, name), "pass", name);
    }
    const e = bundle.claims.edition;
    assert.match(r.out, new RegExp(`^Edition token #${bundle.tokenId}: No\\. ${e.number} of ${e.size}, hold ${e.holdSeconds} s, transferable, frozen \\(reason ${e.freezeReason}\\)$`, "m"));
    assert.match(r.out, new RegExp(`owner +${bundle.claims.owner}`));
    assert.match(r.out, /^VERIFIED: all \d+ checks hold$/m);
  });

  it("exits 1 naming the check for a tampered bundle, another chain id or another contract", () => {
    const tampered = structuredClone(VECTOR);
    tampered.claims.owner = VECTOR.claims.creator;
    const file = path.join(dir, "tampered.json");
    fs.writeFileSync(file, JSON.stringify(tampered));
    const r = run(file, "--block-hash", HASH, "--chain-id", "1", "--contract", "0x" + "22".repeat(20));
    assert.equal(r.code, 1);
    for (const name of ["owner", "chain id", "contract"]) assert.equal(verdict(r.out, name), "FAIL", name);
    assert.equal(verdict(r.out, "header hash"), "pass");
    assert.match(r.out, /^NOT VERIFIED: 3 of \d+ checks failed \(chain id, contract, owner\)$/m);
  });

  it("compares --file's SHA-256 with the content hash: another file fails by name", () => {
    const file = path.join(dir, "work.png");
    fs.writeFileSync(file, "not the registered bytes");
    const r = run(VECTOR_FILE, "--block-hash", HASH, "--file", file);
    assert.equal(r.code, 1);
    assert.equal(verdict(r.out, "file"), "FAIL");
    assert.match(r.out, /NOT VERIFIED: 1 of \d+ checks failed \(file\)/);
  });

  for (const [what, args, message] of [
    ["no block hash", [VECTOR_FILE], /--block-hash is required/],
    ["a short block hash", [VECTOR_FILE, "--block-hash", "0x1234"], /--block-hash must be 0x and 64 hex digits/],
    ["an unknown option", [VECTOR_FILE, "--block-hash", HASH, "--fast"], /unknown option --fast/],
    ["a missing bundle", [path.join(os.tmpdir(), "no-such-bundle.json"), "--block-hash", HASH], /cannot read the bundle .*ENOENT/],
    ["a bad chain id", [VECTOR_FILE, "--block-hash", HASH, "--chain-id", "x"], /--chain-id must be a whole number/],
    ["a missing file", [VECTOR_FILE, "--block-hash", HASH, "--file", "/nonexistent/work.png"], /cannot read the file/],
  ]) {
    it(`exits 2 for ${what}, with a message and no stack trace`, () => {
      const r = run(...args);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /^\s+at /m);
    });
  }

  it("exits 2 for a file that is not JSON or not a bundle", () => {
    const notJson = path.join(dir, "not.json");
    fs.writeFileSync(notJson, "{ nope");
    const notBundle = path.join(dir, "other.json");
    fs.writeFileSync(notBundle, JSON.stringify({ tokenId: 1 }));
    for (const [file, message] of [[notJson, /cannot read the bundle/], [notBundle, /not a proof bundle/]]) {
      const r = run(file, "--block-hash", HASH);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /^\s+at /m);
    }
  });
});
