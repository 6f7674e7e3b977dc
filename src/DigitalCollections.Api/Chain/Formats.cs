using System.Text.RegularExpressions;

namespace DigitalCollections.Api.Chain;

/// <summary>Text formats of chain values as the API accepts them.</summary>
public static partial class Formats
{
    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")] private static partial Regex AddressPattern();
    [GeneratedRegex("^0x[0-9a-fA-F]{64}$")] private static partial Regex Bytes32Pattern();
    [GeneratedRegex("^(0x)?[0-9a-fA-F]{64}$")] private static partial Regex PrivateKeyPattern();
    [GeneratedRegex("^0x([0-9a-fA-F]{2})+$")] private static partial Regex HexBytesPattern();

    public const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    public static bool IsAddress(string? value) => value is not null && AddressPattern().IsMatch(value);

    public static bool IsContentHash(string? value) => value is not null && Bytes32Pattern().IsMatch(value);

    public static bool IsPrivateKey(string? value) => value is not null && PrivateKeyPattern().IsMatch(value);

    public static bool IsHexBytes(string? value) => value is not null && HexBytesPattern().IsMatch(value);

    public static bool IsZeroAddress(string? value) =>
        string.Equals(value, ZeroAddress, StringComparison.OrdinalIgnoreCase);

    public static bool SameAddress(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower-case 0x form used for storage and comparison; responses use checksummed addresses.</summary>
    public static string NormalizeHash(string hash) => hash.ToLowerInvariant();

    public static string ToHex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
}
