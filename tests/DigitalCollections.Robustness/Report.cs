namespace DigitalCollections.Robustness;

/// <summary>
/// Match rates: the share of copies within a threshold of their own original, per transform, and the share
/// of pairs of unrelated originals (different groups) within it (false matches). Pairs of one group (versions
/// of one design) are counted apart: a match there is a true resemblance, not a false one. A copy is compared as
/// the newcomer with its registered original; a pair of originals in both orders (either may be registered first).
/// </summary>
internal sealed class Report(IReadOnlyList<Sample> originals, IReadOnlyList<Sample> copies)
{
    public IReadOnlyList<string> Transforms(string medium) =>
        copies.Where(c => c.Medium == medium).Select(c => c.Transform!).Distinct().ToList();

    public double Matched(string transform, Func<Sample, Sample, bool> match)
    {
        var ofTransform = copies.Where(c => c.Transform == transform).ToList();
        return ofTransform.Count == 0 ? double.NaN : (double)ofTransform.Count(c => match(c, Original(c))) / ofTransform.Count;
    }

    public (int False, int Unrelated, int Related, int RelatedPairs) Pairs(string medium, Func<Sample, Sample, bool> match)
    {
        var of = originals.Where(o => o.Medium == medium).ToList();
        int falseMatches = 0, unrelated = 0, related = 0, relatedPairs = 0;
        for (var i = 0; i < of.Count; i++)
        {
            for (var j = i + 1; j < of.Count; j++)
            {
                var hit = match(of[i], of[j]) || match(of[j], of[i]);
                if (of[i].Group == of[j].Group) { relatedPairs++; if (hit) related++; }
                else { unrelated++; if (hit) falseMatches++; }
            }
        }
        return (falseMatches, unrelated, related, relatedPairs);
    }

    /// <summary>The unrelated pairs of originals within <paramref name="threshold"/>, to see what the code confuses.</summary>
    public void PrintFalseMatches(CodeKind kind, int threshold)
    {
        var of = originals.Where(o => o.Medium == kind.Medium).ToList();
        for (var i = 0; i < of.Count; i++)
            for (var j = i + 1; j < of.Count; j++)
                if (of[i].Group != of[j].Group && Either(kind, of[i], of[j]) is { } d && d <= threshold)
                    Console.WriteLine($"  {kind.Name} false match at {d} bits: {of[i].Name} ~ {of[j].Name}");
    }

    public void PrintSweep(CodeKind kind)
    {
        var transforms = Transforms(kind.Medium);
        Console.WriteLine($"\n## {kind.Name}: share of copies within d bits of their original; false = unrelated pairs of originals within d");
        Console.WriteLine($"| d | {string.Join(" | ", transforms)} | false | same-group |");
        Console.WriteLine($"|---|{string.Concat(transforms.Select(_ => "---|"))}---|---|");
        foreach (var d in kind.Sweep)
        {
            bool Match(Sample a, Sample b) => kind.Distance(a, b) is { } x && x <= d;
            var (f, n, r, rn) = Pairs(kind.Medium, Match);
            Console.WriteLine($"| {d} | {string.Join(" | ", transforms.Select(t => Percent(Matched(t, Match))))} | {f}/{n} ({Percent((double)f / n, 2)}) | {r}/{rn} |");
        }
    }

    public void PrintDistances(CodeKind kind)
    {
        var of = originals.Where(o => o.Medium == kind.Medium).ToList();
        var unrelated = new List<int>();
        for (var i = 0; i < of.Count; i++)
            for (var j = i + 1; j < of.Count; j++)
                if (of[i].Group != of[j].Group && Either(kind, of[i], of[j]) is { } d) unrelated.Add(d);
        unrelated.Sort();
        if (unrelated.Count > 0)
            Console.WriteLine($"{kind.Name}: unrelated originals' distance min {unrelated[0]}, 1st percentile {unrelated[unrelated.Count / 100]}, median {unrelated[unrelated.Count / 2]} ({unrelated.Count} pairs)");
        foreach (var t in Transforms(kind.Medium))
        {
            var ds = copies.Where(c => c.Transform == t).Select(c => kind.Distance(c, Original(c))).ToList();
            var known = ds.OfType<int>().Order().ToList();
            Console.WriteLine($"  {t}: copy to original median {(known.Count > 0 ? known[known.Count / 2] : "-")}, max {(known.Count > 0 ? known[^1] : "-")}{(ds.Count > known.Count ? $", {ds.Count - known.Count} without a code" : "")}");
        }
    }

    // The nearer of the two orders (the same for the codes compared both ways alike).
    private static int? Either(CodeKind kind, Sample a, Sample b) =>
        (kind.Distance(a, b), kind.Distance(b, a)) switch
        {
            ({ } x, { } y) => Math.Min(x, y),
            (var x, var y) => x ?? y,
        };

    private Sample Original(Sample copy) => originals.First(o => o.Name == copy.Name);

    public static string Percent(double share, int decimals = 0) =>
        double.IsNaN(share) ? "-" : (share * 100).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture) + " %";
}
