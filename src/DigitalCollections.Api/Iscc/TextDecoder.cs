using System.Text;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Reads a file as text for the Text-Code: UTF-8 only (plain text, Markdown), a byte order mark dropped.
/// Anything else gives null with a reason: bytes that are not UTF-8, or NUL characters, which no text file
/// holds and binary files do. Markdown is hashed as written: its markup is a small part of the text and
/// removing it would need a Markdown parser that every implementation agrees on.
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static TextDecodeResult Decode(ReadOnlySpan<byte> bytes)
    {
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        bytes = bytes[bom..];
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? $" at byte offset {e.Index + bom}" : "";
            return new TextDecodeResult(null, $"the file is not UTF-8 text (invalid byte sequence{at})");
        }
        if (text.Contains('\0')) return new TextDecodeResult(null, "the file holds NUL characters, so it is binary rather than text");
        return new TextDecodeResult(text, null);
    }
}
