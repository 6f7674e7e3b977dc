using System.Text;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace DigitalCollections.Robustness;

/// <summary>The near-copies made of each corpus text (seeded, so every run makes the same copies).</summary>
internal static partial class TextCopies
{
    private static readonly string[] Replacements = ["banana", "orbit", "velvet", "quarry", "lantern", "meadow", "cobalt", "whistle"];

    public static IReadOnlyList<Transform<string>> All { get; } =
    [
        new("whitespace-case", "re-wrapped to 60 columns, upper case", true, (t, _) => Utf8(Rewrap(t).ToUpperInvariant())),
        new("words-5", "5 words replaced", true, (t, _) => Utf8(ReplaceWords(t, 5))),
        new("paragraph-drop", "one paragraph dropped", true, (t, _) => Utf8(DropParagraph(t))),
        new("words-5%", "5 % of the words replaced", false, (t, _) => Utf8(ReplaceWords(t, Words().Matches(t).Count / 20))),
        new("half", "only the first half kept", false, (t, _) => Utf8(t[..(t.Length / 2)])),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Rewrap(string text)
    {
        var words = text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var output = new StringBuilder();
        var column = 0;
        foreach (var word in words)
        {
            if (column + word.Length > 60) { output.Append('\n'); column = 0; }
            else if (column > 0) { output.Append(' '); column++; }
            output.Append(word);
            column += word.Length;
        }
        return output.ToString();
    }

    private static string ReplaceWords(string text, int count)
    {
        var words = Words().Matches(text).Where(m => m.Length >= 4).ToList();
        if (words.Count == 0) return text;
        var random = new Random(text.Length);
        var chosen = Enumerable.Range(0, count).Select(_ => words[random.Next(words.Count)]).DistinctBy(m => m.Index).OrderByDescending(m => m.Index);
        var builder = new StringBuilder(text);
        var i = 0;
        foreach (var word in chosen)
        {
            builder.Remove(word.Index, word.Length).Insert(word.Index, Replacements[i++ % Replacements.Length]);
        }
        return builder.ToString();
    }

    private static string DropParagraph(string text)
    {
        var paragraphs = Paragraphs().Split(text).Where(p => p.Trim().Length > 0).ToList();
        if (paragraphs.Count < 3) return text;
        // The longest paragraph away from the ends: the hardest single drop.
        var drop = paragraphs.Skip(1).SkipLast(1).MaxBy(p => p.Length)!;
        paragraphs.Remove(drop);
        return string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex Paragraphs();
}
