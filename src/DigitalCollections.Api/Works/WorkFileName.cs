using System.Globalization;
using System.Text;

namespace DigitalCollections.Api.Works;

/// <summary>
/// The name an uploaded file is kept and offered for download under: its last path segment (a browser on
/// Windows may send "C:\Users\…\name"), without control characters, bidi controls and other invisible format
/// characters (U+202E turns "photo\u202Egpj.exe" into what looks like "photoexe.jpg"), line separators and
/// broken surrogates; trimmed. Null when nothing is left.
/// </summary>
public static class WorkFileName
{
    public static string? Clean(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(last.Length);
        for (var i = 0; i < last.Length; i++)
        {
            var c = last[i];
            if (char.IsHighSurrogate(c) && i + 1 < last.Length && char.IsLowSurrogate(last[i + 1]))
            {
                if (!IsHidden(CharUnicodeInfo.GetUnicodeCategory(last, i))) kept.Append(c).Append(last[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || IsHidden(CharUnicodeInfo.GetUnicodeCategory(c))) continue;
            kept.Append(c);
        }
        var cleaned = kept.ToString().Trim();
        return cleaned is "" or "." or ".." ? null : cleaned;
    }

    private static bool IsHidden(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
