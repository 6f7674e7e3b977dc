using System.Numerics;
using System.Text.Json;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>
/// The facts of an edition token's bundle, decoded from its proven words with Nethereum's numbers, as
/// contracts/DigitalCollection.storage.json's editionProof.facts states them: the third implementation beside
/// scripts/verify-proof-edition.js and wwwroot/js/proof/edition.js, checked by the same names.
/// </summary>
internal static class EditionBundleChecker
{
    public static void Check(JsonElement bundle, IReadOnlyDictionary<string, BigInteger> words, List<(string, bool)> results)
    {
        var claims = bundle.GetProperty("claims");
        var claimed = claims.GetProperty("edition");
        var tokenId = bundle.GetProperty("tokenId").GetInt64();
        var storage = bundle.GetProperty("storage").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("mappingKey").GetString()!);
        var token = words["editionToken"];
        var group = words["group"];
        var edition = words["edition"];
        var facts = words["editionFacts"];
        var registration = words["registration"];
        var freeze = words["freeze"];

        var heads = Bits(group, 96, 64) & ((BigInteger.One << ((int)(tokenId & 63) + 1)) - 1);
        var first = heads.IsZero ? (long)Bits(group, 0, 96) : (tokenId & ~63L) | (long)(heads.GetBitLength() - 1);
        var moved = !token.IsZero;

        bool KeyIs(string name, BigInteger key) => storage.TryGetValue(name, out var k) && k.Equals(ProofBundleChecker.Key(key), StringComparison.OrdinalIgnoreCase);
        results.Add(("editionToken key", KeyIs("editionToken", tokenId)));
        results.Add(("group key", KeyIs("group", tokenId >> 6)));
        foreach (var name in new[] { "edition", "editionFacts", "contentHash" }) results.Add(($"{name} key", KeyIs(name, first)));
        results.Add(("registration key", storage.TryGetValue("registration", out var rk) && rk.Equals(claims.GetProperty("contentHash").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("freeze key", KeyIs("freeze", tokenId)));

        results.Add(("edition token", !moved || Bits(token, 215, 1) == 1));
        results.Add(("first token", first != 0 && first == claimed.GetProperty("firstTokenId").GetInt64()));
        results.Add(("minted", first != 0 && tokenId >= first && (moved || tokenId - first < (long)Bits(edition, 160, 32))));
        results.Add(("number", tokenId - first + 1 == claimed.GetProperty("number").GetInt64()));
        results.Add(("size", (long)Bits(facts, 0, 32) == claimed.GetProperty("size").GetInt64() && tokenId - first + 1 <= (long)Bits(facts, 0, 32)));
        results.Add(("owner word", (moved ? "editionToken" : "edition") == claimed.GetProperty("ownerWord").GetString()));
        results.Add(("owner", ProofBundleChecker.Address(moved ? Bits(token, 0, 160) : Bits(edition, 0, 160))
            .Equals(claims.GetProperty("owner").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("arrived at", (long)(moved ? Bits(token, 160, 40) : Bits(group, 160, 40)) == claimed.GetProperty("arrivedAt").GetInt64()));
        results.Add(("transfer nonce", (long)Bits(token, 216, 40) == claims.GetProperty("transferNonce").GetInt64()));
        results.Add(("registered at", (long)Bits(facts, 48, 40) == claims.GetProperty("registeredAt").GetInt64()));
        results.Add(("royalty", (int)Bits(facts, 32, 16) == claims.GetProperty("royaltyBps").GetInt32()));
        results.Add(("content hash", ProofBundleChecker.Key(words["contentHash"]).Equals(claims.GetProperty("contentHash").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("registration token", (long)Bits(registration, 0, 96) == first));
        results.Add(("creator", ProofBundleChecker.Address(Bits(registration, 96, 160)).Equals(claims.GetProperty("creator").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("hold", (long)Bits(edition, 192, 40) == claimed.GetProperty("holdSeconds").GetInt64()));
        results.Add(("transferable", Bits(edition, 232, 1).IsZero == claimed.GetProperty("transferable").GetBoolean()));
        results.Add(("frozen", (Bits(freeze, 32, 1) == 1) == claimed.GetProperty("frozen").GetBoolean() &&
            (long)Bits(freeze, 0, 32) == claimed.GetProperty("freezeReason").GetInt64()));
    }

    private static BigInteger Bits(BigInteger word, int offset, int count) => (word >> offset) & ((BigInteger.One << count) - 1);
}
