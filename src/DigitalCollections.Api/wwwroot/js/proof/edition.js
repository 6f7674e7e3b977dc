// The facts of an edition token's bundle (format digitalcollections-edition-proof/1), decoded from its proven words as
// contracts/DigitalCollection.storage.json's editionProof.facts states them: the edition's first token from the
// token's group word (the highest edition start at or below the token's position, else the group's cover), whether the
// token is minted, its owner and arrival (its own word once it has one, else the edition's first owner and the group's
// mint time), number and size, the work's content hash, creator and registration, and the rules (hold, transferable,
// frozen). The same checks, by the same names, as scripts/verify-proof-edition.js (a separate implementation).
import { BundleError, minimalBytes, pad32, sameHex, toHex } from "./hex.js";

const key32 = (n) => toHex(pad32(minimalBytes(n)));

/** The highest set bit of a positive bigint. */
function highestBit(n) {
  let bit = -1;
  for (let v = n; v > 0n; v >>= 1n) bit++;
  return BigInt(bit);
}

/** Adds the edition checks through `check(name, () => [passed, detail])`, filling `facts`. */
export function editionChecks({ check, field, words, entries, bundle, facts, checksumAddress }) {
  const claims = bundle.claims;
  const claimed = claims.edition ?? {};
  const tokenId = BigInt(bundle.tokenId);
  const firstToken = () => {
    const position = tokenId % 64n;
    const heads = field("group", "heads") & ((1n << (position + 1n)) - 1n);
    return heads === 0n ? field("group", "cover") : tokenId - position + highestBit(heads);
  };
  const hasOwnWord = () => {
    if (!("editionToken" in words)) throw new BundleError("the editionToken word is not proven");
    return words.editionToken !== 0n;
  };
  const keyCheck = (name, want, what) =>
    check(`${name} key`, () => {
      const expectedKey = want();
      return [sameHex(entries[name]?.mappingKey, expectedKey), `mappingKey ${entries[name]?.mappingKey} vs ${what} ${expectedKey}`];
    });
  keyCheck("editionToken", () => key32(tokenId), "token id");
  keyCheck("group", () => key32(tokenId / 64n), "token id >> 6");
  for (const name of ["edition", "editionFacts", "contentHash"]) keyCheck(name, () => key32(firstToken()), "first token");
  keyCheck("registration", () => claims.contentHash, "content hash");
  keyCheck("freeze", () => key32(tokenId), "token id");

  const eq = (a, b) => String(a) === String(b);
  const fact = (name, factName, decode, want, same = eq) =>
    check(name, () => {
      facts[factName] = decode();
      return [same(facts[factName], want), `${facts[factName]} vs claimed ${want}`];
    });
  check("edition token", () => [!hasOwnWord() || field("editionToken", "editionFlag") === 1n,
    hasOwnWord() ? `its word's editionFlag is ${field("editionToken", "editionFlag")}` : "no word of its own: the edition's"]);
  fact("first token", "firstTokenId", () => Number(firstToken()), claimed.firstTokenId, (a, b) => a !== 0 && eq(a, b));
  check("minted", () => {
    const first = firstToken();
    const minted = field("edition", "minted");
    const ok = first !== 0n && tokenId >= first && (hasOwnWord() || tokenId - first < minted);
    return [ok, hasOwnWord() ? `token ${tokenId} has its own word` : `number ${tokenId - first + 1n} of ${minted} minted`];
  });
  fact("number", "number", () => Number(tokenId - firstToken() + 1n), claimed.number);
  fact("size", "size", () => Number(field("editionFacts", "size")), claimed.size, (a, b) => eq(a, b) && facts.number <= a);
  fact("owner word", "ownerWord", () => (hasOwnWord() ? "editionToken" : "edition"), claimed.ownerWord);
  fact("owner", "owner", () => checksumAddress(hasOwnWord() ? field("editionToken", "owner") : field("edition", "firstOwner")), claims.owner, sameHex);
  fact("arrived at", "arrivedAt", () => Number(hasOwnWord() ? field("editionToken", "arrivedAt") : field("group", "mintedAt")), claimed.arrivedAt);
  fact("transfer nonce", "transferNonce", () => Number(field("editionToken", "transferNonce")), claims.transferNonce);
  fact("registered at", "registeredAt", () => Number(field("editionFacts", "registeredAt")), claims.registeredAt);
  fact("royalty", "royaltyBps", () => Number(field("editionFacts", "royaltyBps")), claims.royaltyBps);
  fact("content hash", "contentHash", () => key32(field("contentHash", "contentHash")), claims.contentHash, sameHex);
  fact("registration token", "registrationToken", () => String(field("registration", "tokenId")), String(claimed.firstTokenId),
    (a, b) => eq(a, b) && eq(a, firstToken()));
  fact("creator", "creator", () => checksumAddress(field("registration", "creator")), claims.creator, sameHex);
  fact("hold", "holdSeconds", () => Number(field("edition", "holdSeconds")), claimed.holdSeconds);
  fact("transferable", "transferable", () => field("edition", "locked") === 0n, claimed.transferable);
  check("frozen", () => {
    facts.frozen = field("freeze", "frozen") === 1n;
    facts.freezeReason = Number(field("freeze", "reasonCode"));
    return [facts.frozen === claimed.frozen && facts.freezeReason === claimed.freezeReason,
      `${facts.frozen} (reason ${facts.freezeReason}) vs claimed ${claimed.frozen} (reason ${claimed.freezeReason})`];
  });
}
