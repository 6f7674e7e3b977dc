using System.Diagnostics.CodeAnalysis;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// One decoded ISCC: a header and its body (the similarity-preserving or cryptographic digest). Written as
/// <c>ISCC:</c> + base32(header + body). Two units are equal when header and body are.
/// </summary>
public sealed class IsccUnit : IEquatable<IsccUnit>
{
    private const string Scheme = "ISCC:";

    private readonly byte[] _body;

    public IsccUnit(IsccHeader header, ReadOnlySpan<byte> body)
    {
        if (body.Length * 8 != header.BodyBits)
            throw new ArgumentException($"body has {body.Length * 8} bits, the header announces {header.BodyBits}", nameof(body));
        Header = header;
        _body = body.ToArray();
    }

    public IsccHeader Header { get; }

    public MainType MainType => Header.MainType;

    public int SubType => Header.SubType;

    public int Version => Header.Version;

    public int BodyBits => _body.Length * 8;

    public ReadOnlySpan<byte> Body => _body;

    /// <summary>The base32 text without the <c>ISCC:</c> scheme.</summary>
    public string Code => IsccBase32.Encode([.. Header.ToBytes(), .. _body]);

    /// <summary>A unit of <paramref name="bits"/> bits from the front of a longer digest.</summary>
    public static IsccUnit FromDigest(MainType mainType, int subType, int bits, ReadOnlySpan<byte> digest)
    {
        var header = IsccHeader.ForUnit(mainType, subType, bits);
        if (digest.Length * 8 < bits)
            throw new ArgumentException($"digest has {digest.Length * 8} bits, {bits} asked for", nameof(digest));
        return new IsccUnit(header, digest[..(bits / 8)]);
    }

    /// <summary>
    /// Reads one code as a client may write it: with or without the <c>ISCC:</c> scheme (any case), dashes
    /// allowed, base32 in either case. The text must hold exactly one header and the body it announces.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IsccUnit? unit, [NotNullWhen(false)] out string? error)
    {
        unit = null;
        if (!TryDecodeText(text, out var bytes, out error)) return false;
        if (!IsccHeader.TryRead(bytes, out var header, out var headerBytes))
        {
            error = "the code does not start with a valid ISCC header";
            return false;
        }
        var bodyBytes = bytes.Length - headerBytes;
        if (bodyBytes * 8 != header.BodyBits)
        {
            error = $"the header announces {header.BodyBits} body bits, the code has {bodyBytes * 8}";
            return false;
        }
        unit = new IsccUnit(header, bytes.AsSpan(headerBytes));
        return true;
    }

    public static IsccUnit Parse(string text) =>
        TryParse(text, out var unit, out var error) ? unit : throw new FormatException($"not an ISCC: {error}");

    /// <summary>Strips scheme, whitespace and dashes and decodes the base32; false with a reason when it is none.</summary>
    internal static bool TryDecodeText(string? text, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = null;
        error = null;
        var cleaned = (text ?? "").Trim();
        if (cleaned.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) cleaned = cleaned[Scheme.Length..].Trim();
        cleaned = cleaned.Replace("-", "", StringComparison.Ordinal);
        if (cleaned.Length == 0)
        {
            error = "the code is empty";
            return false;
        }
        bytes = IsccBase32.TryDecode(cleaned);
        if (bytes is not null) return true;
        error = "the code is not base32 (RFC 4648 alphabet A–Z, 2–7)";
        return false;
    }

    public override string ToString() => Scheme + Code;

    public bool Equals(IsccUnit? other) => other is not null && Header == other.Header && _body.AsSpan().SequenceEqual(other._body);

    public override bool Equals(object? obj) => Equals(obj as IsccUnit);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Header);
        hash.AddBytes(_body);
        return hash.ToHashCode();
    }
}
