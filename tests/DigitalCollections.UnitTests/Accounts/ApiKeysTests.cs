using System.Text.RegularExpressions;
using DigitalCollections.Api.Accounts;

namespace DigitalCollections.UnitTests.Accounts;

public sealed class ApiKeysTests
{
    [Fact]
    public void A_created_key_parses_back_and_matches_its_hash()
    {
        var (apiKey, keyId, hash) = ApiKeys.Create();

        Assert.True(ApiKeys.TryParse(apiKey, out var parsedId, out var secret));
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeys.Matches(secret, hash));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void The_key_has_the_documented_shape_and_stores_no_secret()
    {
        var (apiKey, keyId, hash) = ApiKeys.Create();
        Assert.Matches(new Regex("^dck_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$"), apiKey);
        Assert.Equal(apiKey[4..20], keyId);
        ApiKeys.TryParse(apiKey, out _, out var secret);
        Assert.DoesNotContain(secret, Convert.ToBase64String(hash));
        Assert.DoesNotContain(secret, Convert.ToHexString(hash), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Keys_are_unique()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeys.Create()).ToList();
        Assert.Equal(50, keys.Select(k => k.ApiKey).Distinct().Count());
        Assert.Equal(50, keys.Select(k => k.KeyId).Distinct().Count());
    }

    [Fact]
    public void A_wrong_secret_does_not_match()
    {
        var (apiKey, _, hash) = ApiKeys.Create();
        ApiKeys.TryParse(apiKey, out _, out var secret);
        var wrong = (secret[0] == 'A' ? 'B' : 'A') + secret[1..];

        Assert.False(ApiKeys.Matches(wrong, hash));
        Assert.False(ApiKeys.Matches(secret + "x", hash));
        Assert.False(ApiKeys.Matches(secret.ToUpperInvariant() == secret ? secret.ToLowerInvariant() : secret.ToUpperInvariant(), hash));
        Assert.False(ApiKeys.Matches("", hash));
    }

    [Fact]
    public void Another_keys_secret_does_not_match()
    {
        var a = ApiKeys.Create();
        var b = ApiKeys.Create();
        ApiKeys.TryParse(b.ApiKey, out _, out var secretB);
        Assert.False(ApiKeys.Matches(secretB, a.SecretHash));
    }

    [Fact]
    public void Matches_does_not_throw_for_a_stored_hash_of_another_length()
    {
        Assert.False(ApiKeys.Matches("secret", []));
        Assert.False(ApiKeys.Matches("secret", new byte[16]));
    }

    public static TheoryData<string?> MalformedKeys() => new()
    {
        null,
        "",
        "dck_",
        "dck_0123456789abcdef",                                              // no secret
        "dck_0123456789abcdef_",                                             // empty secret
        "dck_0123456789abcdef_short",                                        // secret under 32 characters
        "dck_0123456789abcdef_" + new string('s', 31),
        "dck_0123456789abcde_" + new string('s', 43),                         // 15-character key id
        "dck_0123456789abcdef0_" + new string('s', 43),                       // 17-character key id
        "DCK_0123456789abcdef_" + new string('s', 43),                        // prefix is case-sensitive
        "xyz_0123456789abcdef_" + new string('s', 43),
        "Bearer dck_0123456789abcdef_" + new string('s', 43),
        "0123456789abcdef_" + new string('s', 43),
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void Malformed_keys_are_rejected(string? apiKey)
    {
        Assert.False(ApiKeys.TryParse(apiKey, out var keyId, out var secret));
        Assert.Equal("", keyId);
        Assert.Equal("", secret);
    }

    [Fact]
    public void A_secret_may_contain_underscores()
    {
        var key = "dck_0123456789abcdef_" + new string('s', 20) + "_" + new string('t', 22);
        Assert.True(ApiKeys.TryParse(key, out var keyId, out var secret));
        Assert.Equal("0123456789abcdef", keyId);
        Assert.Equal(new string('s', 20) + "_" + new string('t', 22), secret);
    }
}
