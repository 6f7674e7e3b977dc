using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Metadata;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>
/// The API's metadata change (Metadata/MetadataHash, Chain/MetadataChangeEncoding) against
/// tests/vectors/eip712-metadata-vectors.json, which ethers generates (scripts/make-eip712-metadata-vectors.js):
/// canonical JSON, metadataHash, digest, signature, recovery and call data must agree byte for byte.
/// </summary>
public sealed class MetadataChangeVectorTests
{
    private static readonly Lazy<JsonElement> Document = new(Load);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in Document.Value.GetProperty("vectors").EnumerateArray()) data.Add(v.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void The_type_string_is_the_contracts()
    {
        Assert.Equal(MetadataChangeEncoding.MetadataChangeType, Document.Value.GetProperty("type").GetString());
        Assert.Equal(Document.Value.GetProperty("typeHash").GetString(),
            Formats.ToHex(AuthorizationEncoding.Keccak(System.Text.Encoding.UTF8.GetBytes(MetadataChangeEncoding.MetadataChangeType))));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Canonical_json_and_metadata_hash_match(string name)
    {
        var v = Named(name);
        var title = v.GetProperty("title").GetString()!;
        var description = v.GetProperty("metadataDescription").GetString();
        Assert.Equal(v.GetProperty("canonicalJson").GetString(), MetadataHash.CanonicalJson(title.Trim(), description));
        Assert.Equal(v.GetProperty("message").GetProperty("metadataHash").GetString(), MetadataHash.Of(title.Trim(), description));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Digest_signature_recovery_and_call_data_match_ethers(string name)
    {
        var v = Named(name);
        var (message, domain) = (Message(v), Domain(v));
        var digest = MetadataChangeEncoding.Digest(message, domain);
        Assert.Equal(v.GetProperty("digest").GetString(), Formats.ToHex(digest));
        var key = Formats.FromHex(v.GetProperty("signerPrivateKey").GetString()!);
        var signature = Formats.ToHex(Secp256k1.SignDigest(key, digest));
        Assert.Equal(v.GetProperty("signature").GetString(), signature.ToLowerInvariant());
        Assert.Equal(v.GetProperty("signerAddress").GetString(), AuthorizationSigning.RecoverSigner(digest, signature), ignoreCase: true);
        Assert.Equal(v.GetProperty("callData").GetString(), MetadataChangeEncoding.AnnounceCallData(message, signature).ToLowerInvariant());
    }

    [Fact]
    public void The_same_message_on_another_chain_has_another_digest()
    {
        var a = Named("token1-nonce0");
        var b = Named("token1-nonce0-chain-1");
        Assert.Equal(Message(a), Message(b));
        Assert.NotEqual(Formats.ToHex(MetadataChangeEncoding.Digest(Message(a), Domain(a))), Formats.ToHex(MetadataChangeEncoding.Digest(Message(b), Domain(b))));
    }

    private static MetadataChangeMessage Message(JsonElement v)
    {
        var m = v.GetProperty("message");
        return new MetadataChangeMessage(long.Parse(m.GetProperty("tokenId").GetString()!), m.GetProperty("metadataHash").GetString()!,
            long.Parse(m.GetProperty("nonce").GetString()!), long.Parse(m.GetProperty("deadline").GetString()!));
    }

    private static SigningDomain Domain(JsonElement v)
    {
        var d = v.GetProperty("domain");
        return new SigningDomain(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!,
            d.GetProperty("chainId").GetInt64(), d.GetProperty("verifyingContract").GetString()!);
    }

    private static JsonElement Named(string name) =>
        Document.Value.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static JsonElement Load()
    {
        var path = RepositoryRoot.Combine("tests", "vectors", "eip712-metadata-vectors.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run 'node scripts/make-eip712-metadata-vectors.js' at the repository root.", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.Clone();
    }
}
