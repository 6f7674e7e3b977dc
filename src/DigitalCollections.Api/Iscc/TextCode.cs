using System.IO.Hashing;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Content-Code Text: the text collapsed (<see cref="IsccText.Collapse"/>), xxHash32 of every window of 13
/// characters as a feature, MinHash over the features.
/// </summary>
public static class TextCode
{
    public const int NgramSize = 13;

    public static TextCodeResult Generate(string text, int bits = 64)
    {
        var collapsed = IsccText.Collapse(text);
        var windows = new Utf8Windows(collapsed, NgramSize);
        var minHash = new MinHasher();
        for (var i = 0; i < windows.Count; i++) minHash.Add(XxHash32.HashToUInt32(windows[i]));
        var code = IsccUnit.FromDigest(MainType.Content, (int)ContentSubType.Text, bits, minHash.Digest256()).ToString();
        return new TextCodeResult(code, windows.CodePoints);
    }
}
