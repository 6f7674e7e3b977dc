// The facts of an edition token's proof bundle (format digitalcollections-edition-proof/1), decoded from its proven
// words as contracts/DigitalCollection.storage.json's editionProof.facts states them (the contract's _ownership and
// _editionStartOf): the edition's first token from the token's group word, the token's existence, owner and arrival
// from its own word or else the edition's first owner and the group's mint time, number and size, the work's content
// hash, creator and registration, and its rules (hold, transferable, frozen). Used by scripts/verify-proof.js.
"use strict";

/** The first token of the edition whose range may hold tokenId, from its group's cover and heads (0n: none). */
function firstTokenOf(tokenId, cover, heads) {
  const position = tokenId & 63n;
  const below = heads & ((2n << position) - 1n);
  return below === 0n ? cover : (tokenId & ~63n) | BigInt(below.toString(2).length - 1);
}

/** Runs the edition checks through `check` (name, () => [passed, detail]) and fills `facts`. */
async function editionFacts({ check, field, words, entries, bundle, facts, tokenKey, checksum, sameHex, contentHashOf, UsageError }) {
  const claims = bundle.claims;
  const claimed = claims.edition ?? {};
  const tokenId = BigInt(bundle.tokenId);
  let first;
  const derive = () => {
    if (first === undefined) first = firstTokenOf(tokenId, field("group", "cover"), field("group", "heads"));
    return first;
  };
  const moved = () => {
    if (words.editionToken === undefined) throw new UsageError("the editionToken word is not proven");
    return words.editionToken !== 0n;
  };
  const keyOf = (name, expectedKey, what) =>
    check(`${name} key`, () => {
      const want = expectedKey();
      return [sameHex(entries[name]?.mappingKey, want), `mappingKey ${entries[name]?.mappingKey} vs ${what} ${want}`];
    });
  await keyOf("editionToken", () => tokenKey(tokenId), "token id");
  await keyOf("group", () => tokenKey(tokenId >> 6n), "token id >> 6");
  for (const name of ["edition", "editionFacts", "contentHash"]) await keyOf(name, () => tokenKey(derive()), "first token");
  await keyOf("registration", () => claims.contentHash, "content hash");
  await keyOf("freeze", () => tokenKey(tokenId), "token id");

  const same = (a, b) => String(a) === String(b);
  const fact = (name, key, compute, want, eq = same) =>
    check(name, () => {
      facts[key] = compute();
      return [eq(facts[key], want), `${facts[key]} vs claimed ${want}`];
    });
  await check("edition token", () => [!moved() || field("editionToken", "editionFlag") === 1n,
    moved() ? `its word's editionFlag is ${field("editionToken", "editionFlag")}` : "no word of its own: the edition's"]);
  await fact("first token", "firstTokenId", () => Number(derive()), claimed.firstTokenId, (a, b) => a !== 0 && same(a, b));
  await check("minted", () => {
    const offset = tokenId - derive();
    const minted = field("edition", "minted");
    const holds = derive() !== 0n && offset >= 0n && (moved() || offset < minted);
    return [holds, moved() ? `token ${tokenId} has its own word` : `number ${offset + 1n} of ${minted} minted`];
  });
  await fact("number", "number", () => Number(tokenId - derive() + 1n), claimed.number);
  await fact("size", "size", () => Number(field("editionFacts", "size")), claimed.size, (a, b) => same(a, b) && facts.number <= a);
  await fact("owner word", "ownerWord", () => (moved() ? "editionToken" : "edition"), claimed.ownerWord);
  await fact("owner", "owner", () => checksum(moved() ? field("editionToken", "owner") : field("edition", "firstOwner")), claims.owner, sameHex);
  await fact("arrived at", "arrivedAt", () => Number(moved() ? field("editionToken", "arrivedAt") : field("group", "mintedAt")), claimed.arrivedAt);
  await fact("transfer nonce", "transferNonce", () => Number(field("editionToken", "transferNonce")), claims.transferNonce);
  await fact("registered at", "registeredAt", () => Number(field("editionFacts", "registeredAt")), claims.registeredAt);
  await fact("royalty", "royaltyBps", () => Number(field("editionFacts", "royaltyBps")), claims.royaltyBps);
  await fact("content hash", "contentHash", () => contentHashOf(field("contentHash", "contentHash")), claims.contentHash, sameHex);
  await fact("registration token", "registrationToken", () => String(field("registration", "tokenId")), String(claimed.firstTokenId),
    (a, b) => same(a, b) && first !== undefined && same(a, first));
  await fact("creator", "creator", () => checksum(field("registration", "creator")), claims.creator, sameHex);
  await fact("hold", "holdSeconds", () => Number(field("edition", "holdSeconds")), claimed.holdSeconds);
  await fact("transferable", "transferable", () => field("edition", "locked") === 0n, claimed.transferable);
  await check("frozen", () => {
    facts.frozen = field("freeze", "frozen") === 1n;
    facts.freezeReason = Number(field("freeze", "reasonCode"));
    return [facts.frozen === claimed.frozen && facts.freezeReason === claimed.freezeReason,
      `${facts.frozen} (reason ${facts.freezeReason}) vs claimed ${claimed.frozen} (reason ${claimed.freezeReason})`];
  });
}

module.exports = { editionFacts, firstTokenOf };
