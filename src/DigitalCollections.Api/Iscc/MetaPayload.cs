using System.Text;
using System.Text.Json;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Extended metadata for a Meta-Code: the bytes that are hashed and the Data-URL that carries them.
/// </summary>
public sealed record MetaPayload(byte[] Bytes, string DataUrl)
{
    /// <summary>A JSON object, canonicalized (RFC 8785); JSON-LD (a top-level <c>@context</c>) is typed as such.</summary>
    public static MetaPayload FromJson(JsonElement json)
    {
        var bytes = JsonCanonicalizer.Canonicalize(json);
        var mediaType = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("@context", out _)
            ? "application/ld+json"
            : "application/json";
        return new MetaPayload(bytes, $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}");
    }

    /// <summary>A Data-URL as given (<c>data:[media type][;base64],data</c>); its decoded data is hashed.</summary>
    public static MetaPayload FromDataUrl(string dataUrl)
    {
        if (!dataUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) throw new FormatException("a Data-URL starts with \"data:\"");
        var comma = dataUrl.IndexOf(',');
        if (comma < 0) throw new FormatException("a Data-URL has a ',' before its data");
        var header = dataUrl[5..comma];
        var data = dataUrl[(comma + 1)..];
        var bytes = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase) ? Convert.FromBase64String(data) : PercentDecode(data);
        return new MetaPayload(bytes, dataUrl);
    }

    private static byte[] PercentDecode(string text)
    {
        var result = new List<byte>(text.Length);
        var utf8 = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '%' && i + 2 < utf8.Length && Uri.IsHexDigit((char)utf8[i + 1]) && Uri.IsHexDigit((char)utf8[i + 2]))
            {
                result.Add((byte)((Uri.FromHex((char)utf8[i + 1]) << 4) | Uri.FromHex((char)utf8[i + 2])));
                i += 2;
            }
            else
            {
                result.Add(utf8[i]);
            }
        }
        return [.. result];
    }
}
