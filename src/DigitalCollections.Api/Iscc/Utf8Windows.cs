using System.Text;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Sliding windows of <c>width</c> code points over a text, as UTF-8 byte ranges (the reference hashes each
/// window's UTF-8). A text shorter than the width is one window; an empty text is one empty window.
/// </summary>
internal readonly struct Utf8Windows
{
    private readonly byte[] _utf8;
    private readonly int[] _starts;
    private readonly int _width;

    public Utf8Windows(string text, int width)
    {
        _utf8 = Encoding.UTF8.GetBytes(text);
        var starts = new List<int>(_utf8.Length + 1);
        for (var i = 0; i < _utf8.Length; i++)
        {
            if ((_utf8[i] & 0xC0) != 0x80) starts.Add(i);
        }
        CodePoints = starts.Count;
        starts.Add(_utf8.Length);
        _starts = [.. starts];
        _width = width;
    }

    public int CodePoints { get; }

    public int Count => Math.Max(CodePoints - _width + 1, 1);

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var end = Math.Min(index + _width, CodePoints);
            return _utf8.AsSpan(_starts[index], _starts[end] - _starts[index]);
        }
    }
}
