namespace DigitalCollections.Api.Iscc;

/// <summary>Hex multihash strings as ISCC writes its full hashes.</summary>
public static class Multihash
{
    /// <summary><c>1e20</c> (BLAKE3, 32 bytes) followed by the digest in lower-case hex.</summary>
    public static string Blake3(ReadOnlySpan<byte> digest) => "1e20" + Convert.ToHexStringLower(digest);

    /// <summary>The BLAKE3 multihash of <paramref name="data"/>.</summary>
    public static string OfBlake3(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        global::Blake3.Hasher.Hash(data, digest);
        return Blake3(digest);
    }
}
