namespace DigitalCollections.Api.Iscc;

/// <summary>
/// SimHash over equally long digests: a result bit is set when at least half of the digests have it set.
/// </summary>
public sealed class SimHasher(int digestBytes)
{
    private readonly int[] _counts = new int[digestBytes * 8];
    private int _digests;

    public void Add(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != digestBytes) throw new ArgumentException($"digest of {digest.Length} bytes, expected {digestBytes}", nameof(digest));
        for (var i = 0; i < _counts.Length; i++) _counts[i] += (digest[i >> 3] >> (7 - (i & 7))) & 1;
        _digests++;
    }

    public byte[] Digest()
    {
        if (_digests == 0) throw new InvalidOperationException("SimHash of no digests");
        var result = new byte[digestBytes];
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] * 2 >= _digests) result[i >> 3] |= (byte)(0x80 >> (i & 7));
        }
        return result;
    }
}
