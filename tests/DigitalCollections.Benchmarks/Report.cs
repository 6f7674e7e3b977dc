namespace DigitalCollections.Benchmarks;

/// <summary>Collects figures and prints them as a Markdown table (what docs/benchmarks.md shows).</summary>
internal sealed class Report
{
    private readonly List<(string Figure, string Result, string Target, bool? Met)> _rows = [];

    public void Add(string figure, string result, string target = "–", bool? met = null)
    {
        _rows.Add((figure, result, target, met));
        Console.Error.WriteLine($"  {figure}: {result}{(met is null ? "" : met.Value ? "  (target met)" : "  (target NOT met)")}");
    }

    public static void Progress(string message) => Console.Error.WriteLine($"[bench-similarity] {message}");

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| figure | result | target |");
        Console.WriteLine("|---|---|---|");
        foreach (var (figure, result, target, met) in _rows)
        {
            var verdict = met switch { true => " ✔", false => " (**not met**)", null => "" };
            Console.WriteLine($"| {figure} | {result} | {target}{(target == "–" ? "" : verdict)} |");
        }
        var missed = _rows.Count(r => r.Met == false);
        Console.WriteLine();
        Console.WriteLine(missed == 0 ? "All targets met." : $"{missed} target(s) not met.");
    }
}
