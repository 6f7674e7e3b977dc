using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Metadata;

/// <summary>
/// The metadataHash a creator signs for a change of title and description (docs/design.md, "Metadata changes"):
/// SHA-256 of the UTF-8 bytes of the canonical JSON <c>{"description":…,"title":…}</c>: keys in that (sorted)
/// order, no whitespace, strings escaped as RFC 8785 (JCS) and JavaScript's JSON.stringify escape them, a missing
/// description as <c>null</c>. Written out rather than serialised, so that any client can recompute it byte for
/// byte; strings by the ISCC metadata's RFC 8785 writer (<see cref="Iscc.JsonCanonicalizer"/>).
/// </summary>
public static class MetadataHash
{
    /// <summary>The canonical JSON of a change (title trimmed as registration trims it).</summary>
    public static string CanonicalJson(string title, string? description)
    {
        var json = new StringBuilder("{\"description\":");
        if (description is null) json.Append("null");
        else Iscc.JsonCanonicalizer.WriteString(description, json);
        json.Append(",\"title\":");
        Iscc.JsonCanonicalizer.WriteString(title, json);
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
}
