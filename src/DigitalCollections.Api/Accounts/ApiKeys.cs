using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Accounts;

/// <summary>
/// API keys look like <c>dck_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id finds the account; only the
/// secret's SHA-256 is stored, and it is compared in constant time. Admin keys (Admin/) have the same form
/// behind <see cref="AdminPrefix"/>.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "dck_";

    /// <summary>Admin keys' prefix: the form alone tells an admin key from a custodial account's.</summary>
    public const string AdminPrefix = "dca_";

    public static (string ApiKey, string KeyId, byte[] SecretHash) Create() => Create(Prefix);

    public static (string ApiKey, string KeyId, byte[] SecretHash) Create(string prefix)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    public static bool TryParse(string? apiKey, out string keyId, out string secret) => TryParse(apiKey, Prefix, out keyId, out secret);

    public static bool TryParse(string? apiKey, string prefix, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (apiKey is null || !apiKey.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var parts = apiKey[prefix.Length..].Split('_', 2);
        if (parts.Length != 2 || parts[0].Length != 16 || parts[1].Length < 32) return false;
        (keyId, secret) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>Whether the token has an admin key's prefix (well-formed or not).</summary>
    public static bool LooksLikeAdminKey(string? apiKey) => apiKey?.StartsWith(AdminPrefix, StringComparison.Ordinal) == true;

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
