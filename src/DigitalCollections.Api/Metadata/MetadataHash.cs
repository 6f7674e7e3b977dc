using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Metadata;

/// <summary>
/// The metadataHash a creator signs for a change of title and description (docs/design.md, "Metadata changes"):
/// SHA-256 of the UTF-8 bytes of the canonical JSON <c>{"description":…,"title":…}</c>: keys in that (sorted)
/// order, no whitespace, strings escaped as RFC 8785 (JCS) and JavaScript's JSON.stringify escape them, a missing
/// description as <c>null</c>. Written by hand so that any client can recompute it byte for byte.
/// </summary>
public static class MetadataHash
{
    /// <summary>The canonical JSON of a change (title trimmed as registration trims it).</summary>
    public static string CanonicalJson(string title, string? description)
    {
        var json = new StringBuilder("{\"description\":");
        if (description is null) json.Append("null");
        else AppendString(json, description);
        json.Append(",\"title\":");
        AppendString(json, title);
        return json.Append('}').ToString();
    }

    /// <summary>0x hex of the 32-byte SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public static string Of(string title, string? description) =>
        Chain.Formats.ToHex(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson(title, description))));

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>False for text with a lone surrogate, which has no UTF-8 bytes (JSON.stringify would escape it, UTF-8 cannot carry it).</summary>
    public static bool IsWellFormed(string? text)
    {
        if (text is null) return true;
        try { StrictUtf8.GetByteCount(text); return true; }
        catch (EncoderFallbackException) { return false; }
    }

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }
}
