using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>
/// Nethereum's checker on the served edition bundles of tests/vectors (no chain): every check holds, and a changed
/// byte of any edition word's proof node or value fails that word's storage proof, as in the JavaScript verifiers
/// (tests/js/proof-tamperings.mjs), also for a word proven empty.
/// </summary>
public sealed class EditionVectorCheckerTests
{
    public static TheoryData<string> Vectors => new() { "edition-proof", "edition-proof-moved", "edition-proof-frozen" };

    private static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "vectors", $"{name}.json")))!;

    private static List<(string Check, bool Passed)> Check(JsonNode bundle) =>
        ProofBundleChecker.Check(JsonDocument.Parse(bundle.ToJsonString()).RootElement, bundle["block"]!["hash"]!.GetValue<string>());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_check_holds_and_each_tampered_word_fails_its_storage_proof(string name)
    {
        var vector = Load(name);
        var checks = Check(vector);
        Assert.True(checks.All(c => c.Passed), string.Join(", ", checks.Where(c => !c.Passed).Select(c => c.Check)) + " failed");
        Assert.Contains(checks, c => c.Check == "frozen");

        var words = vector["storage"]!.AsArray();
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w]!["name"]!.GetValue<string>();
            var nodes = words[w]!["proof"]!.AsArray();
            for (var n = 0; n < nodes.Count; n++)
            {
                foreach (var at in new[] { 0, (nodes[n]!.GetValue<string>().Length - 2) / 2 - 1 })
                {
                    var copy = Load(name);
                    var node = copy["storage"]![w]!["proof"]![n]!;
                    copy["storage"]![w]!["proof"]![n] = FlipByte(node.GetValue<string>(), at);
                    Assert.False(Check(copy).First(c => c.Check == $"{word} storage proof").Passed, $"{word} proof node {n} byte {at}");
                }
            }
            var changed = Load(name);
            var value = changed["storage"]![w]!["value"]!.GetValue<string>();
            changed["storage"]![w]!["value"] = "0x" + (System.Numerics.BigInteger.Parse("0" + value[2..], System.Globalization.NumberStyles.HexNumber) + 1).ToString("x");
            Assert.False(Check(changed).First(c => c.Check == $"{word} storage proof").Passed, $"{word} value");
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Each_claimed_edition_fact_changed_fails_its_check(string name)
    {
        foreach (var (claim, check) in new[] { ("firstTokenId", "first token"), ("number", "number"), ("size", "size"), ("arrivedAt", "arrived at"),
            ("holdSeconds", "hold"), ("freezeReason", "frozen") })
        {
            var copy = Load(name);
            copy["claims"]!["edition"]![claim] = copy["claims"]!["edition"]![claim]!.GetValue<long>() + 1;
            Assert.False(Check(copy).First(c => c.Check == check).Passed, claim);
        }
        var flipped = Load(name);
        flipped["claims"]!["edition"]!["transferable"] = !flipped["claims"]!["edition"]!["transferable"]!.GetValue<bool>();
        Assert.False(Check(flipped).First(c => c.Check == "transferable").Passed);
    }

    [Fact]
    public void A_proof_of_an_empty_word_cut_short_fails()
    {
        foreach (var word in new[] { "editionToken", "freeze" })
        {
            var copy = Load("edition-proof");
            var slot = copy["storage"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == word)!;
            var nodes = slot["proof"]!.AsArray();
            nodes.RemoveAt(nodes.Count - 1);
            Assert.False(Check(copy).First(c => c.Check == $"{word} storage proof").Passed, word);
        }
    }

    private static string FlipByte(string hex, int index)
    {
        var at = 2 + 2 * index;
        return hex[..at] + (Convert.ToByte(hex.Substring(at, 2), 16) ^ 1).ToString("x2") + hex[(at + 2)..];
    }
}
