using System.Numerics;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// The header in front of every ISCC body: main type, sub type, version and length, each a "varnibble"
/// (0–7 in 4 bits, 8–71 in 8, 72–583 in 12, 584–4679 in 16), zero-padded to a whole byte.
/// <see cref="LengthCode"/> is the encoded length: (bits / 32) - 1 for single units, the bit set of the
/// optional units for an ISCC-CODE (bit 2 Meta, bit 1 Semantic, bit 0 Content).
/// </summary>
public readonly record struct IsccHeader(MainType MainType, int SubType, int Version, int LengthCode)
{
    private const int MaxVarnibble = 4679;

    /// <summary>Number of body bits the header announces.</summary>
    public int BodyBits => MainType switch
    {
        MainType.Iscc when SubType == (int)ContentSubType.Wide => 256,
        MainType.Iscc => (BitOperations.PopCount((uint)LengthCode) + 2) * 64,
        MainType.Id => 64 + LengthCode * 8,
        _ => (LengthCode + 1) * 32,
    };

    /// <summary>Header of a single unit (not an ISCC-CODE) with a body of <paramref name="bits"/> bits.</summary>
    public static IsccHeader ForUnit(MainType mainType, int subType, int bits)
    {
        if (mainType is MainType.Iscc or MainType.Id)
            throw new ArgumentException($"{mainType} has its own length rule", nameof(mainType));
        if (bits < 32 || bits > 256 || bits % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "ISCC unit length must be a multiple of 32 from 32 to 256 bits");
        return new IsccHeader(mainType, subType, 0, bits / 32 - 1);
    }

    public byte[] ToBytes()
    {
        ulong acc = 0;
        var count = 0;
        foreach (var value in (ReadOnlySpan<int>)[(int)MainType, SubType, Version, LengthCode])
        {
            var (bits, width) = value switch
            {
                >= 0 and < 8 => ((ulong)value, 4),
                >= 8 and < 72 => ((0b10UL << 6) | (ulong)(value - 8), 8),
                >= 72 and < 584 => ((0b110UL << 9) | (ulong)(value - 72), 12),
                >= 584 and <= MaxVarnibble => ((0b1110UL << 12) | (ulong)(value - 584), 16),
                _ => throw new ArgumentOutOfRangeException(nameof(value), value, "header field out of range"),
            };
            acc = (acc << width) | bits;
            count += width;
        }
        if (count % 8 != 0)
        {
            acc <<= 4;
            count += 4;
        }
        var bytes = new byte[count / 8];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(acc >> (count - 8 * (i + 1)));
        return bytes;
    }

    /// <summary>Reads a header from the front of <paramref name="data"/>; false when the bits are no header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out IsccHeader header, out int headerBytes)
    {
        header = default;
        headerBytes = 0;
        var position = 0;
        Span<int> fields = stackalloc int[4];
        for (var f = 0; f < 4; f++)
        {
            if (!TryReadVarnibble(data, ref position, out fields[f])) return false;
        }
        if (position % 8 != 0)
        {
            if (ReadBits(data, position, 4) is not 0) return false;
            position += 4;
        }
        if (fields[0] > (int)MainType.Flake) return false;
        header = new IsccHeader((MainType)fields[0], fields[1], fields[2], fields[3]);
        headerBytes = position / 8;
        return true;
    }

    private static bool TryReadVarnibble(ReadOnlySpan<byte> data, ref int position, out int value)
    {
        value = 0;
        var available = data.Length * 8 - position;
        for (var prefix = 0; prefix < 4; prefix++)
        {
            var width = 4 * (prefix + 1);
            if (available < width) return false;
            if (ReadBits(data, position + prefix, 1) == 0)
            {
                var payload = width - prefix - 1;
                value = ReadBits(data, position + prefix + 1, payload) + prefix switch { 0 => 0, 1 => 8, 2 => 72, _ => 584 };
                position += width;
                return true;
            }
        }
        return false;
    }

    private static int ReadBits(ReadOnlySpan<byte> data, int position, int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            var bit = (data[(position + i) / 8] >> (7 - (position + i) % 8)) & 1;
            value = (value << 1) | bit;
        }
        return value;
    }
}
