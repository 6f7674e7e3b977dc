namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Content-Code Image from the 32×32 grayscale pixels of a normalised image (<see cref="ImagePixelDecoder"/>
/// makes them from a file): a 2-D DCT, then four 8×8 blocks of low frequencies (at offsets (0,0), (1,0),
/// (0,1), (1,1)), one bit per coefficient: above the block's median or not.
/// </summary>
public static class ImageCode
{
    public const int Side = 32;
    public const int PixelCount = Side * Side;

    public static string Generate(ReadOnlySpan<byte> pixels, int bits = 64) =>
        IsccUnit.FromDigest(MainType.Content, (int)ContentSubType.Image, bits, Hash(pixels, bits)).ToString();

    /// <summary>The first <paramref name="bits"/> (64 to 256, a multiple of 64) bits of the image hash.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> pixels, int bits = 256)
    {
        if (pixels.Length != PixelCount) throw new ArgumentException($"expected {PixelCount} pixels (32×32), got {pixels.Length}", nameof(pixels));
        if (bits < 64 || bits > 256 || bits % 64 != 0) throw new ArgumentOutOfRangeException(nameof(bits), bits, "64, 128, 192 or 256 bits");

        var rows = new double[Side][];
        Span<double> line = stackalloc double[Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++) line[x] = pixels[y * Side + x];
            rows[y] = Dct.Transform(line);
        }
        var matrix = new double[Side, Side]; // [row, column]
        for (var x = 0; x < Side; x++)
        {
            for (var y = 0; y < Side; y++) line[y] = rows[y][x];
            var column = Dct.Transform(line);
            for (var y = 0; y < Side; y++) matrix[y, x] = column[y];
        }

        var digest = new byte[bits / 8];
        Span<double> block = stackalloc double[64];
        Span<double> sorted = stackalloc double[64];
        ReadOnlySpan<(int X, int Y)> offsets = [(0, 0), (1, 0), (0, 1), (1, 1)];
        var bit = 0;
        foreach (var (ox, oy) in offsets)
        {
            if (bit >= bits) break;
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 8; x++) block[y * 8 + x] = matrix[oy + y, ox + x];
            }
            block.CopyTo(sorted);
            sorted.Sort();
            var median = (sorted[31] + sorted[32]) / 2;
            foreach (var value in block)
            {
                if (value > median) digest[bit / 8] |= (byte)(0x80 >> (bit % 8));
                bit++;
            }
        }
        return digest;
    }
}
