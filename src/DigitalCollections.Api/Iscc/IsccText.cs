using System.Globalization;
using System.Text;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// ISCC text normalisation. <see cref="Collapse"/> is what the Text-Code and Meta-Code hash; <see cref="Clean"/>,
/// <see cref="RemoveNewlines"/> and <see cref="TrimUtf8"/> shape the name and description a Meta-Code shows.
/// The reference is Python: "whitespace" is <c>str.isspace</c>, lower-casing is <c>str.lower</c> (with the
/// final-sigma rule), and characters are code points, not UTF-16 units. Lone surrogates (which only a broken
/// client sends) are dropped first: the reference drops them too, as control characters.
/// </summary>
public static class IsccText
{
    private static readonly HashSet<int> Newlines = ['\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029];

    /// <summary>
    /// Normalises for similarity hashing (<c>text_collapse</c>): NFD, all whitespace removed, lower case,
    /// control characters, marks (diacritics) and punctuation removed, NFKC.
    /// </summary>
    public static string Collapse(string text)
    {
        var decomposed = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormD);
        var joined = new List<Rune>(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (!IsWhiteSpace(rune.Value)) joined.Add(rune);
        }
        var result = new StringBuilder(decomposed.Length);
        Span<char> utf16 = stackalloc char[2];
        for (var i = 0; i < joined.Count; i++)
        {
            // Python's str.lower: İ becomes i + U+0307 (a mark, dropped below), Σ ending a word becomes ς.
            var rune = joined[i].Value switch
            {
                0x130 => new Rune('i'),
                0x3A3 => new Rune(IsFinalSigma(joined, i) ? 0x3C2 : 0x3C3),
                _ => Rune.ToLowerInvariant(joined[i]),
            };
            var category = Rune.GetUnicodeCategory(rune);
            if (IsControl(category) || IsMark(category) || IsPunctuation(category)) continue;
            result.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }
        return result.ToString().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// Cleans text for display (<c>text_clean</c>): NFKC, control characters removed except newlines, every
    /// newline written as "\n" and at most two in a row, surrounding whitespace stripped.
    /// </summary>
    public static string Clean(string text)
    {
        var normalized = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(normalized.Length);
        var newlines = 0;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Newlines.Contains(rune.Value))
            {
                if (newlines < 2) result.Append('\n');
                newlines++;
                continue;
            }
            if (IsControl(Rune.GetUnicodeCategory(rune))) continue;
            newlines = 0;
            result.Append(rune.ToString());
        }
        return Strip(result.ToString());
    }

    /// <summary>Joins the whitespace-separated words with single spaces (<c>" ".join(text.split())</c>).</summary>
    public static string RemoveNewlines(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWhiteSpace(rune.Value))
            {
                if (word.Length > 0) words.Add(word.ToString());
                word.Clear();
            }
            else
            {
                word.Append(rune.ToString());
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return string.Join(' ', words);
    }

    /// <summary>Cuts the text to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character, then strips it.</summary>
    public static string TrimUtf8(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= maxBytes) return Strip(text);
        var end = maxBytes;
        // Back off to the start of the character the cut falls into, unless the cut is already on a boundary.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return Strip(Encoding.UTF8.GetString(bytes, 0, end));
    }

    /// <summary>Strips leading and trailing whitespace in Python's sense.</summary>
    public static string Strip(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsWhiteSpace(text[start])) start++;
        while (end > start && IsWhiteSpace(text[end - 1])) end--;
        return text[start..end];
    }

    /// <summary>Python's <c>str.isspace</c>: .NET's white space plus the four information separators U+001C–U+001F.</summary>
    public static bool IsWhiteSpace(int codePoint) =>
        codePoint is >= 0x1C and <= 0x1F || (codePoint <= 0xFFFF && char.IsWhiteSpace((char)codePoint));

    private static bool IsControl(UnicodeCategory c) => c is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static bool IsMark(UnicodeCategory c) =>
        c is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsPunctuation(UnicodeCategory c) => c is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    // Unicode's Final_Sigma: a cased letter (case-ignorables between) before, none after.
    private static bool IsFinalSigma(List<Rune> text, int i)
    {
        var j = i - 1;
        while (j >= 0 && IsCaseIgnorable(text[j])) j--;
        if (j < 0 || !IsCased(text[j])) return false;
        j = i + 1;
        while (j < text.Count && IsCaseIgnorable(text[j])) j++;
        return j == text.Count || !IsCased(text[j]);
    }

    private static bool IsCased(Rune r)
    {
        var c = Rune.GetUnicodeCategory(r);
        if (c is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter) return true;
        if (Rune.ToLowerInvariant(r) != r || Rune.ToUpperInvariant(r) != r) return true;
        // Other_Lowercase / Other_Uppercase: ordinals, modifier letters, Roman numerals, circled letters.
        return r.Value is 0xAA or 0xBA or (>= 0x2B0 and <= 0x2B8) or 0x2C0 or 0x2C1 or (>= 0x2E0 and <= 0x2E4) or 0x345
            or 0x37A or (>= 0x1D2C and <= 0x1D6A) or 0x1D78 or (>= 0x1D9B and <= 0x1DBF) or 0x2071 or 0x207F
            or (>= 0x2090 and <= 0x209C) or (>= 0x2160 and <= 0x217F) or (>= 0x24B6 and <= 0x24E9)
            or 0x2C7C or 0x2C7D or 0xA69C or 0xA69D or 0xA770 or 0xA7F8 or 0xA7F9 or (>= 0xAB5C and <= 0xAB5F)
            or (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189);
    }

    private static bool IsCaseIgnorable(Rune r)
    {
        var c = Rune.GetUnicodeCategory(r);
        if (c is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol) return true;
        // Word_Break MidLetter, MidNumLet and Single_Quote.
        return r.Value is 0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024
            or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }

    private static string WithoutLoneSurrogates(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) clean = false;
        }
        if (clean) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }
}
