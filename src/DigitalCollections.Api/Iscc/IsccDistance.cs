using System.Buffers.Binary;
using System.Numerics;

namespace DigitalCollections.Api.Iscc;

/// <summary>Hamming distance between code bodies: the number of differing bits.</summary>
public static class IsccDistance
{
    /// <summary>Distance between two bodies of the same length.</summary>
    public static int Hamming(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"bodies of unequal length: {a.Length} and {b.Length} bytes");
        var distance = 0;
        var i = 0;
        for (; i + 8 <= a.Length; i += 8)
            distance += BitOperations.PopCount(BinaryPrimitives.ReadUInt64BigEndian(a[i..]) ^ BinaryPrimitives.ReadUInt64BigEndian(b[i..]));
        for (; i < a.Length; i++) distance += BitOperations.PopCount((uint)(a[i] ^ b[i]));
        return distance;
    }

    /// <summary>Distance between two 64-bit bodies held as integers (the form an in-memory index keeps).</summary>
    public static int Hamming(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>
    /// Distance between two units of the same kind (main type, sub type, version) over the bits both have:
    /// a shorter code is the prefix of the longer one, so a 64-bit code compares with a 256-bit one.
    /// Null when the kinds differ, which makes the distance meaningless.
    /// </summary>
    public static int? Between(IsccUnit a, IsccUnit b)
    {
        if (a.MainType != b.MainType || a.SubType != b.SubType || a.Version != b.Version || a.MainType == MainType.Iscc) return null;
        var bytes = Math.Min(a.Body.Length, b.Body.Length);
        return Hamming(a.Body[..bytes], b.Body[..bytes]);
    }
}
