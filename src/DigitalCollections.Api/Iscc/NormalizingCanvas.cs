using SkiaSharp;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Takes decoded RGBA rows (straight alpha) in stored order and builds what the reference normalises an
/// image into before resizing, as iscc-sdk does with Pillow: turned upright by the EXIF orientation,
/// transparency laid on white, converted to 8-bit gray (ITU-R 601 luma in Pillow's fixed point), and the
/// bounding box of all pixels that differ from the upright top-left pixel (the border trim). Memory: one
/// byte per pixel.
/// </summary>
internal sealed class NormalizingCanvas
{
    private readonly int _storedWidth;
    private readonly int _storedHeight;
    private readonly SKEncodedOrigin _origin;
    private readonly uint _reference;
    private readonly byte[] _gray;
    private int _minX = int.MaxValue, _minY = int.MaxValue, _maxX = -1, _maxY = -1;

    /// <param name="storedWidth">Width as stored (before orientation).</param>
    /// <param name="storedHeight">Height as stored.</param>
    /// <param name="origin">EXIF orientation.</param>
    /// <param name="referenceRgba">The stored pixel that becomes the upright top-left one (see <see cref="ReferencePixel"/>).</param>
    public NormalizingCanvas(int storedWidth, int storedHeight, SKEncodedOrigin origin, uint referenceRgba)
    {
        _storedWidth = storedWidth;
        _storedHeight = storedHeight;
        _origin = origin;
        _reference = OnWhite(referenceRgba);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        Width = swaps ? storedHeight : storedWidth;
        Height = swaps ? storedWidth : storedHeight;
        _gray = new byte[Width * Height];
    }

    /// <summary>Upright width.</summary>
    public int Width { get; }

    /// <summary>Upright height.</summary>
    public int Height { get; }

    /// <summary>The upright gray plane (<see cref="Width"/> bytes per row).</summary>
    public ReadOnlySpan<byte> Gray => _gray;

    /// <summary>The pixels that differ from the top-left one; the whole image when none do (as Pillow's crop of no box).</summary>
    public PixelRect ContentBox => _maxX < 0 ? new PixelRect(0, 0, Width, Height) : new PixelRect(_minX, _minY, _maxX - _minX + 1, _maxY - _minY + 1);

    /// <summary>The stored (column, row) of the pixel that is top-left once the image is upright.</summary>
    public static (int X, int Y) ReferencePixel(int storedWidth, int storedHeight, SKEncodedOrigin origin) => origin switch
    {
        SKEncodedOrigin.TopRight or SKEncodedOrigin.LeftBottom => (storedWidth - 1, 0),
        SKEncodedOrigin.BottomRight or SKEncodedOrigin.RightBottom => (storedWidth - 1, storedHeight - 1),
        SKEncodedOrigin.BottomLeft or SKEncodedOrigin.RightTop => (0, storedHeight - 1),
        _ => (0, 0),
    };

    /// <summary>Adds stored row <paramref name="y"/> (4 bytes per pixel: R, G, B, straight alpha).</summary>
    public void AddRow(int y, ReadOnlySpan<byte> rgba)
    {
        for (var x = 0; x < _storedWidth; x++)
        {
            var p = x * 4;
            var pixel = OnWhite((uint)(rgba[p] | rgba[p + 1] << 8 | rgba[p + 2] << 16 | rgba[p + 3] << 24));
            var (ux, uy) = Upright(x, y);
            var r = pixel & 0xFF;
            var g = (pixel >> 8) & 0xFF;
            var b = (pixel >> 16) & 0xFF;
            _gray[uy * Width + ux] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
            if (pixel != _reference)
            {
                if (ux < _minX) _minX = ux;
                if (ux > _maxX) _maxX = ux;
                if (uy < _minY) _minY = uy;
                if (uy > _maxY) _maxY = uy;
            }
        }
    }

    // Stored (x, y) to upright (x, y), as Pillow's exif_transpose turns the image.
    private (int X, int Y) Upright(int x, int y) => _origin switch
    {
        SKEncodedOrigin.TopRight => (_storedWidth - 1 - x, y),
        SKEncodedOrigin.BottomRight => (_storedWidth - 1 - x, _storedHeight - 1 - y),
        SKEncodedOrigin.BottomLeft => (x, _storedHeight - 1 - y),
        SKEncodedOrigin.LeftTop => (y, x),
        SKEncodedOrigin.RightTop => (_storedHeight - 1 - y, x),
        SKEncodedOrigin.RightBottom => (_storedHeight - 1 - y, _storedWidth - 1 - x),
        SKEncodedOrigin.LeftBottom => (y, _storedWidth - 1 - x),
        _ => (x, y),
    };

    // Pillow's paste onto white with the alpha as mask: DIV255(255·(255−a) + c·a) per channel. Returns RGB.
    private static uint OnWhite(uint rgba)
    {
        var a = rgba >> 24;
        if (a == 255) return rgba & 0xFFFFFF;
        uint result = 0;
        for (var shift = 0; shift < 24; shift += 8)
        {
            var c = (rgba >> shift) & 0xFF;
            var v = 255 * (255 - a) + c * a + 128;
            result |= (((v >> 8) + v) >> 8) << shift;
        }
        return result;
    }
}
