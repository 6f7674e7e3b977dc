using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Pillow's <c>Image.resize(size, BICUBIC)</c> for 8-bit grayscale, reproduced exactly: a separable
/// convolution (horizontal pass first, clipped to 8 bits between the passes) with the cubic kernel a = −0.5
/// stretched by the downscale factor (so downscaling averages every source pixel), coefficients normalised
/// and rounded to 22-bit fixed point. The reference hashes pixels resized this way.
/// </summary>
internal static class BicubicResampler
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 2.0;

    /// <summary>Resizes the <paramref name="region"/> of a plane of <paramref name="stride"/> bytes per row.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> plane, int stride, PixelRect region, int outWidth, int outHeight)
    {
        var (inWidth, inHeight) = (region.Width, region.Height);
        var (horizontalBounds, horizontalCoefficients, horizontalSize) = Coefficients(inWidth, outWidth);
        var (verticalBounds, verticalCoefficients, verticalSize) = Coefficients(inHeight, outHeight);

        // Horizontal pass over the rows the vertical pass reads, as Pillow does; skipped when the width stays.
        var firstRow = verticalBounds[0];
        var lastRow = verticalBounds[^2] + verticalBounds[^1];
        ReadOnlySpan<byte> temp;
        int tempStride, tempOffset, rowShift;
        if (inWidth != outWidth)
        {
            var rows = lastRow - firstRow;
            var horizontal = new byte[outWidth * rows];
            for (var y = 0; y < rows; y++)
            {
                var source = plane.Slice((region.Y + firstRow + y) * stride + region.X, inWidth);
                for (var x = 0; x < outWidth; x++)
                {
                    var min = horizontalBounds[2 * x];
                    var count = horizontalBounds[2 * x + 1];
                    var k = horizontalCoefficients.AsSpan(x * horizontalSize, count);
                    horizontal[y * outWidth + x] = Clip8((1 << (PrecisionBits - 1)) + Dot(source.Slice(min, count), k));
                }
            }
            if (inHeight == outHeight) return horizontal;
            temp = horizontal;
            tempStride = outWidth;
            tempOffset = 0;
            rowShift = firstRow;
        }
        else
        {
            temp = plane;
            tempStride = stride;
            tempOffset = region.Y * stride + region.X;
            rowShift = 0;
        }

        var result = new byte[outWidth * outHeight];
        for (var y = 0; y < outHeight; y++)
        {
            var min = verticalBounds[2 * y] - rowShift;
            var count = verticalBounds[2 * y + 1];
            var k = verticalCoefficients.AsSpan(y * verticalSize, count);
            for (var x = 0; x < outWidth; x++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (var i = 0; i < k.Length; i++) sum += temp[tempOffset + (min + i) * tempStride + x] * k[i];
                result[y * outWidth + x] = Clip8(sum);
            }
        }
        return result;
    }

    /// <summary>
    /// Σ pixels[i] × weights[i], eight at a time where AVX2 is there: the horizontal pass of a large image onto
    /// 32 columns weighs every pixel, about a hundred per output for a 1000-pixel row, and this is most of the cost
    /// of the Image-Code and of the variant codes. Integer sums, so the order does not change the result: any partial
    /// sum stays within 255 × the positive weights' total, well inside an int.
    /// </summary>
    private static int Dot(ReadOnlySpan<byte> pixels, ReadOnlySpan<int> weights)
    {
        var sum = 0;
        var i = 0;
        if (Avx2.IsSupported && pixels.Length >= 8)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= pixels.Length - 8; i += 8)
            {
                var eight = Vector128.CreateScalarUnsafe(MemoryMarshal.Read<ulong>(pixels[i..])).AsByte();
                acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(eight), Vector256.Create(weights.Slice(i, 8))));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < pixels.Length; i++) sum += pixels[i] * weights[i];
        return sum;
    }

    private static byte Clip8(int value) => value >= 1 << PrecisionBits << 8 ? (byte)255 : value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);

    private static double Cubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    // Pillow's precompute_coeffs + normalize_coeffs_8bpc: per output pixel the first source pixel, the count,
    // and `size` fixed-point weights.
    private static (int[] Bounds, int[] Coefficients, int Size) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support * filterScale;
        var size = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var coefficients = new int[outSize * size];
        var weights = new double[size];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var min = (int)(center - support + 0.5);
            if (min < 0) min = 0;
            var max = (int)(center + support + 0.5);
            if (max > inSize) max = inSize;
            max -= min;
            var total = 0.0;
            for (var x = 0; x < max; x++)
            {
                weights[x] = Cubic((x + min - center + 0.5) * ss);
                total += weights[x];
            }
            for (var x = 0; x < max; x++)
            {
                var w = total != 0.0 ? weights[x] / total : weights[x];
                coefficients[xx * size + x] = w < 0
                    ? (int)(-0.5 + w * (1 << PrecisionBits))
                    : (int)(0.5 + w * (1 << PrecisionBits));
            }
            bounds[2 * xx] = min;
            bounds[2 * xx + 1] = max;
        }
        return (bounds, coefficients, size);
    }
}
