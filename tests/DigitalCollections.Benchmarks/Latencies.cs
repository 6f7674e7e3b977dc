using System.Diagnostics;

namespace DigitalCollections.Benchmarks;

/// <summary>Stopwatch timestamps of single operations, summarised as milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Add(long ticks) => _ticks.Add(ticks);

    public void AddRange(Latencies other) => _ticks.AddRange(other._ticks);

    public double Percentile(double p)
    {
        if (_ticks.Count == 0) return double.NaN;
        var sorted = _ticks.Order().ToArray();
        // Nearest rank: the smallest value with at least p% of the values at or below it.
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return Milliseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    public double Max => _ticks.Count == 0 ? double.NaN : Milliseconds(_ticks.Max());

    public double Median => Percentile(50);

    public string Summary() => $"p50 {Format(Percentile(50))} ms, p99 {Format(Percentile(99))} ms, max {Format(Max)} ms";

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static string Format(double milliseconds) => milliseconds switch
    {
        < 1 => milliseconds.ToString("0.000"),
        < 10 => milliseconds.ToString("0.00"),
        < 100 => milliseconds.ToString("0.0"),
        _ => milliseconds.ToString("0"),
    };
}
