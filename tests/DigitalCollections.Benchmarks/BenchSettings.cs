namespace DigitalCollections.Benchmarks;

/// <summary>The benchmark's knobs, from the environment (scripts/bench-similarity.sh lists them).</summary>
internal sealed record BenchSettings
{
    /// <summary>Codes in the index for the lookup figures (whole-image codes, and as many region codes).</summary>
    public int Codes { get; init; } = Int("BENCH_SIM_CODES", 1_000_000);

    /// <summary>Timed lookups per figure.</summary>
    public int Queries { get; init; } = Int("BENCH_SIM_QUERIES", 2_000);

    /// <summary>Region codes a work holds and a region query asks with.</summary>
    public int RegionsPerWork { get; init; } = Int("BENCH_SIM_REGIONS", 16);

    /// <summary>Variant codes (crops) an image work holds.</summary>
    public int VariantsPerWork { get; init; } = Int("BENCH_SIM_VARIANTS", 17);

    /// <summary>Reader threads searching while a writer appends.</summary>
    public int Readers { get; init; } = Int("BENCH_SIM_READERS", 2);

    /// <summary>Codes a second the writer appends while readers search (0: as fast as it can).</summary>
    public int WriteRate { get; init; } = Int("BENCH_SIM_WRITE_RATE", 20_000);

    /// <summary>Mebibytes pushed through the Data-Code and Instance-Code hashers.</summary>
    public int DataMebibytes { get; init; } = Int("BENCH_SIM_DATA_MB", 256);

    /// <summary>Warm runs of the image and text codes (the median is reported).</summary>
    public int WarmRuns { get; init; } = Int("BENCH_SIM_WARM_RUNS", 10);

    private static int Int(string name, int fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value)) return fallback;
        if (!int.TryParse(value, out var parsed) || parsed < 0) throw new ArgumentException($"{name} must be a whole number ≥ 0, not '{value}'");
        return parsed;
    }
}
