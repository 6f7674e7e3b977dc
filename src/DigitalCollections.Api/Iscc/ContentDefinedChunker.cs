using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// The ISCC content-defined chunker (FastCDC-style gear hash, normalised with a strict mask before the
/// centre size and a loose one after). For the 1024-byte average the Data-Code uses: chunks of 256 to
/// 8192 bytes, centre 640, masks 2¹¹−1 and 2⁹−1.
/// </summary>
public sealed class ContentDefinedChunker
{
    public ContentDefinedChunker(int averageSize)
    {
        if (averageSize < 64) throw new ArgumentOutOfRangeException(nameof(averageSize), averageSize, "average chunk size below 64 bytes");
        MinSize = averageSize / 4;
        MaxSize = averageSize * 8;
        CenterSize = averageSize - (MinSize + (MinSize + 1) / 2);
        var bits = (int)Math.Round(Math.Log2(averageSize), MidpointRounding.ToEven);
        StrictMask = (1u << (bits + 1)) - 1;
        LooseMask = (1u << (bits - 1)) - 1;
    }

    /// <summary>The chunker of the Data-Code (average 1024 bytes).</summary>
    public static ContentDefinedChunker DataCode { get; } = new(1024);

    public int MinSize { get; }

    public int MaxSize { get; }

    public int CenterSize { get; }

    public uint StrictMask { get; }

    public uint LooseMask { get; }

    /// <summary>
    /// Length of the chunk at the start of <paramref name="buffer"/>. It is final when the buffer holds at
    /// least <see cref="MaxSize"/> bytes or is the end of the data; a shorter buffer that is not the end may
    /// be cut elsewhere once more data arrives.
    /// </summary>
    public int NextCut(ReadOnlySpan<byte> buffer)
    {
        var size = buffer.Length;
        if (size <= MinSize) return size;
        ref var data = ref MemoryMarshal.GetReference(buffer);
        ref var gear = ref MemoryMarshal.GetArrayDataReference(CdcGear.Table);
        uint pattern = 0;
        var i = MinSize;
        var barrier = Math.Min(CenterSize, size);
        var mask = StrictMask;
        for (; i < barrier; i++)
        {
            pattern = (pattern >> 1) + Unsafe.Add(ref gear, Unsafe.Add(ref data, i));
            if ((pattern & mask) == 0) return i + 1;
        }
        barrier = Math.Min(MaxSize, size);
        mask = LooseMask;
        for (; i < barrier; i++)
        {
            pattern = (pattern >> 1) + Unsafe.Add(ref gear, Unsafe.Add(ref data, i));
            if ((pattern & mask) == 0) return i + 1;
        }
        return i;
    }
}
