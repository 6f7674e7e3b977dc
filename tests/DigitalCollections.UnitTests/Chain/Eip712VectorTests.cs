using System.Numerics;
using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>
/// The C# EIP-712 code against tests/vectors/eip712-vectors.json, which ethers generates
/// (scripts/make-eip712-vectors.js): digests, signatures and recovery must agree byte for byte.
/// </summary>
public sealed class Eip712VectorTests
{
    private static readonly Lazy<JsonElement> Document = new(Load);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in Document.Value.GetProperty("vectors").EnumerateArray()) data.Add(v.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void The_vector_file_covers_both_authorisation_types_and_two_chains()
    {
        var vectors = Document.Value.GetProperty("vectors").EnumerateArray().Select(Vector.From).ToList();
        Assert.Contains(vectors, v => v.PrimaryType == nameof(MintAuthorization));
        Assert.Contains(vectors, v => v.PrimaryType == nameof(TransferAuthorization));
        Assert.True(vectors.Select(v => v.Domain.ChainId).Distinct().Count() >= 2, "expected vectors for more than one chain id");
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Digest_matches_ethers(string name)
    {
        var v = Vector.Named(name);
        Assert.Equal(v.Digest, Formats.ToHex(v.ComputeDigest()));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signature_matches_ethers_byte_for_byte(string name)
    {
        var v = Vector.Named(name);
        var signature = v.PrimaryType == nameof(MintAuthorization)
            ? AuthorizationSigning.Sign(v.Mint(), v.Domain, v.PrivateKey)
            : AuthorizationSigning.Sign(v.Transfer(), v.Domain, v.PrivateKey);
        Assert.Equal(v.Signature, signature.ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signature_recovers_to_the_signer(string name)
    {
        var v = Vector.Named(name);
        var recovered = AuthorizationSigning.RecoverSigner(Formats.FromHex(v.Digest), v.Signature);
        Assert.NotNull(recovered);
        Assert.Equal(v.SignerAddress, recovered, ignoreCase: true);
        // The key in the vector is the signer's key, as ChainKeys derives it.
        Assert.Equal(v.SignerAddress, ChainKeys.AddressOf(v.PrivateKey), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task Content_hash_is_the_sha256_of_the_content(string name)
    {
        var v = Vector.Named(name);
        if (v.ContentUtf8 is null) return; // transfer vectors carry no content
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(v.ContentUtf8));
        Assert.Equal(v.Message.GetProperty("contentHash").GetString()!.ToLowerInvariant(), await ContentStore.HashAsync(stream, default));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signature_does_not_recover_to_the_signer_for_a_changed_message(string name)
    {
        var v = Vector.Named(name);
        byte[] changed;
        if (v.PrimaryType == nameof(MintAuthorization))
        {
            var m = v.Mint();
            m.Deadline -= 1;
            changed = AuthorizationSigning.Digest(m, v.Domain);
        }
        else
        {
            var t = v.Transfer();
            t.Nonce += 1;
            changed = AuthorizationSigning.Digest(t, v.Domain);
        }
        Assert.NotEqual(v.Digest, Formats.ToHex(changed));
        var recovered = AuthorizationSigning.RecoverSigner(changed, v.Signature);
        Assert.False(Formats.SameAddress(recovered, v.SignerAddress), $"a signature over '{name}' recovered to its signer for a changed message");
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signature_does_not_recover_to_the_signer_on_another_chain_or_contract(string name)
    {
        var v = Vector.Named(name);
        foreach (var domain in new[]
                 {
                     v.Domain with { ChainId = v.Domain.ChainId + 1 },
                     v.Domain with { VerifyingContract = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
                     v.Domain with { Name = v.Domain.Name + "X" },
                     v.Domain with { Version = "2" },
                 })
        {
            var digest = v.PrimaryType == nameof(MintAuthorization)
                ? AuthorizationSigning.Digest(v.Mint(), domain)
                : AuthorizationSigning.Digest(v.Transfer(), domain);
            Assert.NotEqual(v.Digest, Formats.ToHex(digest));
            Assert.False(Formats.SameAddress(AuthorizationSigning.RecoverSigner(digest, v.Signature), v.SignerAddress),
                $"a signature over '{name}' recovered to its signer under {domain}");
        }
    }

    [Fact]
    public void A_mint_signature_does_not_authorise_a_transfer()
    {
        var mint = Document.Value.GetProperty("vectors").EnumerateArray().Select(Vector.From).First(v => v.PrimaryType == nameof(MintAuthorization));
        var transfer = new TransferAuthorizationAbi
        {
            From = mint.SignerAddress, To = mint.SignerAddress, TokenId = 1, Nonce = 0, Deadline = BigInteger.Parse(mint.Message.GetProperty("deadline").GetString()!),
        };
        var recovered = AuthorizationSigning.RecoverSigner(AuthorizationSigning.Digest(transfer, mint.Domain), mint.Signature);
        Assert.False(Formats.SameAddress(recovered, mint.SignerAddress));
    }

    public static TheoryData<string> MalformedSignatures() => new()
    {
        "",
        "0x",
        "not hex at all",
        "0x1234",
        // 64 and 66 bytes: not a 65-byte ECDSA signature
        "0x" + new string('1', 128),
        "0x" + new string('1', 132),
        // 65 bytes but no 0x prefix
        new string('1', 130),
        // 65 bytes with a non-hex digit
        "0x" + new string('1', 128) + "zz",
        // r = s = 0: no point to recover
        "0x" + new string('0', 128) + "1b",
        // r = 0
        "0x" + new string('0', 64) + new string('1', 64) + "1c",
    };

    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public void A_malformed_signature_recovers_null(string signature)
    {
        var v = Vector.From(Document.Value.GetProperty("vectors")[0]);
        Assert.Null(AuthorizationSigning.RecoverSigner(Formats.FromHex(v.Digest), signature));
    }

    /// <summary>
    /// 65 well-formed hex bytes whose v or r is out of range. Nethereum throws System.Exception
    /// ("Header byte out of range") or NullReferenceException for these; RecoverSigner must answer null,
    /// or SignatureVerifier would turn a client's bad signature into a 500 instead of a 403.
    /// </summary>
    [Theory]
    [InlineData("05")]                                           // v = 5
    [InlineData("1d")]                                           // v = 29 (NullReferenceException)
    [InlineData("25")]                                           // v = 37, an EIP-155 style v
    [InlineData("ff")]
    public void A_signature_with_an_out_of_range_v_recovers_null(string v)
    {
        var vector = Vector.From(Document.Value.GetProperty("vectors")[0]);
        Assert.Null(AuthorizationSigning.RecoverSigner(Formats.FromHex(vector.Digest), vector.Signature[..^2] + v));
    }

    [Fact]
    public void A_signature_with_r_out_of_range_recovers_null()
    {
        var vector = Vector.From(Document.Value.GetProperty("vectors")[0]);
        Assert.Null(AuthorizationSigning.RecoverSigner(Formats.FromHex(vector.Digest), "0x" + new string('f', 64) + vector.Signature[66..]));
    }

    [Theory]
    [InlineData("1b")]
    [InlineData("1c")]
    public void Flipping_v_between_27_and_28_does_not_recover_the_signer(string v)
    {
        var vector = Vector.From(Document.Value.GetProperty("vectors")[0]);
        var signature = vector.Signature[..^2] + v;
        if (signature == vector.Signature) return; // the unchanged signature is covered above
        Assert.False(Formats.SameAddress(AuthorizationSigning.RecoverSigner(Formats.FromHex(vector.Digest), signature), vector.SignerAddress));
    }

    [Fact]
    public void A_null_signature_recovers_null()
    {
        var v = Vector.From(Document.Value.GetProperty("vectors")[0]);
        Assert.Null(AuthorizationSigning.RecoverSigner(Formats.FromHex(v.Digest), null!));
    }

    private static JsonElement Load()
    {
        var path = RepositoryRoot.Combine("tests", "vectors", "eip712-vectors.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run 'node scripts/make-eip712-vectors.js' at the repository root.", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.Clone();
    }

    private sealed record Vector(
        string Name,
        string PrimaryType,
        SigningDomain Domain,
        JsonElement Message,
        string? ContentUtf8,
        byte[] PrivateKey,
        string SignerAddress,
        string Digest,
        string Signature)
    {
        public static Vector Named(string name) =>
            From(Document.Value.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name));

        public static Vector From(JsonElement v)
        {
            var d = v.GetProperty("domain");
            return new Vector(
                v.GetProperty("name").GetString()!,
                v.GetProperty("primaryType").GetString()!,
                new SigningDomain(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!,
                    d.GetProperty("chainId").GetInt64(), d.GetProperty("verifyingContract").GetString()!),
                v.GetProperty("message"),
                v.TryGetProperty("contentUtf8", out var c) ? c.GetString() : null,
                Formats.FromHex(v.GetProperty("signerPrivateKey").GetString()!),
                v.GetProperty("signerAddress").GetString()!,
                v.GetProperty("digest").GetString()!.ToLowerInvariant(),
                v.GetProperty("signature").GetString()!.ToLowerInvariant());
        }

        private string Text(string field) => Message.GetProperty(field).GetString()!;

        public MintAuthorizationAbi Mint() => new()
        {
            Creator = Text("creator"),
            To = Text("to"),
            ContentHash = Formats.FromHex(Text("contentHash")),
            RoyaltyBps = BigInteger.Parse(Text("royaltyBps")),
            Deadline = BigInteger.Parse(Text("deadline")),
        };

        public TransferAuthorizationAbi Transfer() => new()
        {
            From = Text("from"),
            To = Text("to"),
            TokenId = BigInteger.Parse(Text("tokenId")),
            Nonce = BigInteger.Parse(Text("nonce")),
            Deadline = BigInteger.Parse(Text("deadline")),
        };

        public byte[] ComputeDigest() => PrimaryType switch
        {
            nameof(MintAuthorization) => AuthorizationSigning.Digest(Mint(), Domain),
            nameof(TransferAuthorization) => AuthorizationSigning.Digest(Transfer(), Domain),
            _ => throw new InvalidOperationException($"Unknown primaryType {PrimaryType} in vector {Name}"),
        };
    }
}
