namespace DigitalCollections.Api.Iscc;

/// <summary>RFC 4648 base32 (upper-case alphabet) without padding, as ISCC writes its codes.</summary>
public static class IsccBase32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, n = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[n++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) chars[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, n);
    }

    /// <summary>
    /// Decodes case-insensitively; trailing '=' padding is accepted. Returns null for a character outside the
    /// alphabet or a length no byte string encodes to (1, 3 or 6 characters left over after full groups of 8).
    /// </summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd('=');
        var rest = text.Length % 8;
        if (rest is 1 or 3 or 6) return null;
        var result = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, n = 0;
        foreach (var c in text)
        {
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0) return null;
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                result[n++] = (byte)(buffer >> bits);
            }
        }
        return result;
    }
}
