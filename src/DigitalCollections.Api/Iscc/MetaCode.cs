using System.Text;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Meta-Code: a SimHash of the name's 3-character windows (BLAKE3 each), interleaved in 32-bit pieces with
/// the SimHash of the description's windows (or of 4-byte windows of extended metadata) when there is one.
/// Name and description are cleaned (<see cref="IsccText.Clean"/>); the name becomes one line of at most
/// 128 UTF-8 bytes, the description at most 4096.
/// </summary>
public static class MetaCode
{
    public const int NameMaxBytes = 128;
    public const int DescriptionMaxBytes = 4096;
    private const int TextNgram = 3;
    private const int BytesNgram = 4;

    /// <exception cref="ArgumentException">The name is empty after normalisation.</exception>
    public static MetaCodeResult Generate(string? name, string? description = null, MetaPayload? meta = null, int bits = 64)
    {
        name = IsccText.TrimUtf8(IsccText.RemoveNewlines(IsccText.Clean(name ?? "")), NameMaxBytes);
        if (name.Length == 0) throw new ArgumentException("a Meta-Code needs a name that is not empty after normalisation", nameof(name));
        description = IsccText.TrimUtf8(IsccText.Clean(description ?? ""), DescriptionMaxBytes);

        byte[] digest;
        string metahash;
        if (meta is not null)
        {
            digest = SoftHash(name, meta.Bytes.Length == 0 ? null : ExtraBytes(meta.Bytes));
            metahash = Multihash.OfBlake3(meta.Bytes);
        }
        else
        {
            digest = SoftHash(name, description.Length == 0 ? null : TextSimHash(IsccText.Collapse(description)));
            metahash = Multihash.OfBlake3(Encoding.UTF8.GetBytes(IsccText.Strip(name + " " + description)));
        }
        var code = IsccUnit.FromDigest(MainType.Meta, 0, bits, digest).ToString();
        return new MetaCodeResult(code, name, description.Length == 0 ? null : description, meta?.DataUrl, metahash);
    }

    private static byte[] SoftHash(string name, byte[]? extraSimHash)
    {
        var nameSimHash = TextSimHash(IsccText.Collapse(name));
        if (extraSimHash is null) return nameSimHash;
        // First halves of both, interleaved in 4-byte pieces: name, extra, name, extra …
        var digest = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            nameSimHash.AsSpan(i * 4, 4).CopyTo(digest.AsSpan(i * 8));
            extraSimHash.AsSpan(i * 4, 4).CopyTo(digest.AsSpan(i * 8 + 4));
        }
        return digest;
    }

    private static byte[] TextSimHash(string collapsed)
    {
        var windows = new Utf8Windows(collapsed, TextNgram);
        var simHash = new SimHasher(32);
        Span<byte> digest = stackalloc byte[32];
        for (var i = 0; i < windows.Count; i++)
        {
            Blake3.Hasher.Hash(windows[i], digest);
            simHash.Add(digest);
        }
        return simHash.Digest();
    }

    private static byte[] ExtraBytes(ReadOnlySpan<byte> data)
    {
        var simHash = new SimHasher(32);
        Span<byte> digest = stackalloc byte[32];
        var count = Math.Max(data.Length - BytesNgram + 1, 1);
        for (var i = 0; i < count; i++)
        {
            Blake3.Hasher.Hash(data.Slice(i, Math.Min(BytesNgram, data.Length - i)), digest);
            simHash.Add(digest);
        }
        return simHash.Digest();
    }
}
