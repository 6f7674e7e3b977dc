namespace DigitalCollections.Api.Iscc;

/// <summary>
/// ISCC MinHash over 32-bit features: for each of 64 permutations the minimum of
/// ((a·f + b) mod 2⁶⁴ mod (2⁶¹−1)) mod 2³², kept as features arrive so no feature list is held.
/// The 256-bit digest is the lowest 4 bits of the 64 minima, bit 0 of all 64 first.
/// </summary>
public sealed class MinHasher
{
    private const int Permutations = 64;
    private const ulong MersennePrime = (1UL << 61) - 1;

    private readonly uint[] _minima = new uint[Permutations];

    public MinHasher() => Array.Fill(_minima, uint.MaxValue);

    /// <summary>Number of features added.</summary>
    public long Count { get; private set; }

    public void Add(uint feature)
    {
        ReadOnlySpan<ulong> a = MinHashPermutations.A;
        ReadOnlySpan<ulong> b = MinHashPermutations.B;
        var minima = _minima.AsSpan(0, Permutations);
        for (var i = 0; i < minima.Length && i < a.Length && i < b.Length; i++)
        {
            // (a·f + b) wraps mod 2⁶⁴ as the reference's "& MAXI64"; mod 2⁶¹−1 by folding the top 3 bits.
            var x = unchecked(a[i] * feature + b[i]);
            x = (x & MersennePrime) + (x >> 61);
            if (x >= MersennePrime) x -= MersennePrime;
            var h = (uint)x;
            if (h < minima[i]) minima[i] = h;
        }
        Count++;
    }

    /// <summary>The 256-bit digest; needs at least one feature.</summary>
    public byte[] Digest256()
    {
        if (Count == 0) throw new InvalidOperationException("MinHash of no features");
        var digest = new byte[32];
        for (var bit = 0; bit < 4; bit++)
        {
            for (var i = 0; i < Permutations; i++)
            {
                var k = bit * Permutations + i;
                if (((_minima[i] >> bit) & 1) != 0) digest[k / 8] |= (byte)(0x80 >> (k % 8));
            }
        }
        return digest;
    }
}
