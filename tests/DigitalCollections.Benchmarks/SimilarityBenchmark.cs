using System.Diagnostics;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.Benchmarks;

/// <summary>
/// Lookups in a <see cref="SimilarityIndex"/> of <see cref="BenchSettings.Codes"/> random 64-bit codes: one
/// whole-image code per work asked with one code, and region codes (<see cref="BenchSettings.RegionsPerWork"/>
/// per work) asked with as many, and image variant codes (<see cref="BenchSettings.VariantsPerWork"/> per work)
/// asked with one Image-Code; then the same lookups from several readers while a writer appends. Every
/// query has a near neighbour planted in the index, so answers are not empty and each is checked to hold it.
/// </summary>
internal sealed class SimilarityBenchmark(BenchSettings settings, Report report)
{
    private const int Limit = 10;
    private static readonly SimilarityOptions Thresholds = new();

    public void Run()
    {
        WholeImageCodes();
        RegionCodes();
        VariantCodes();
    }

    private void WholeImageCodes()
    {
        const SimilarityCodeKind kind = SimilarityCodeKind.Image;
        var maxDistance = Thresholds.MaxDistance(kind);
        var random = new Random(13);
        var queries = Enumerable.Range(0, settings.Queries).Select(_ => RandomCode(random)).ToArray();
        // One planted work per query, at a random place and distance within the threshold.
        var planted = new Dictionary<long, ulong>();
        var plantedToken = new long[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            long token;
            do token = random.NextInt64(1, settings.Codes + 1); while (planted.ContainsKey(token));
            planted[token] = Flip(queries[i], random.Next(0, maxDistance + 1), random);
            plantedToken[i] = token;
        }

        Report.Progress($"loading {settings.Codes:N0} whole-image codes");
        var (index, loadSeconds, heapGrowth) = Load(() =>
        {
            var index = new SimilarityIndex();
            for (var token = 1L; token <= settings.Codes; token++)
                index.Add(token, kind, planted.TryGetValue(token, out var code) ? code : RandomCode(random));
            return index;
        });
        ReportMemory("whole-image", index, loadSeconds, heapGrowth);

        WarmUp(i => index.Search(kind, queries[i], maxDistance, Limit));
        var found = 0;
        var hits = 0L;
        var latencies = Measure(queries.Length, i =>
        {
            var answer = index.Search(kind, queries[i], maxDistance, Limit);
            hits += answer.Count;
            if (answer.Any(h => h.TokenId == plantedToken[i])) found++;
        });
        ReportLookups($"lookup, 1 whole-image code (≤ {maxDistance} bits), {index.CountOf(kind):N0} codes", latencies);
        report.Add("whole-image lookups that found their planted neighbour", $"{found:N0} of {queries.Length:N0} ({(double)hits / queries.Length:0.00} hits per lookup)");

        Concurrent(index, kind, i => [queries[i % queries.Length]], maxDistance, 1, $"1 whole-image code");
    }

    private void RegionCodes()
    {
        const SimilarityCodeKind kind = SimilarityCodeKind.ImageRegion;
        var maxDistance = Thresholds.MaxDistance(kind);
        var perWork = settings.RegionsPerWork;
        var works = settings.Codes / perWork;
        var random = new Random(17);
        var queries = Enumerable.Range(0, settings.Queries)
            .Select(_ => Enumerable.Range(0, perWork).Select(_ => RandomCode(random)).ToArray()).ToArray();
        // One planted work per query: a quarter of its regions near a quarter of the query's (a crop shares some regions).
        var planted = new Dictionary<long, ulong[]>();
        var plantedToken = new long[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            long token;
            do token = random.NextInt64(1, works + 1); while (planted.ContainsKey(token));
            var codes = Enumerable.Range(0, perWork).Select(_ => RandomCode(random)).ToArray();
            for (var r = 0; r < Math.Max(1, perWork / 4); r++)
                codes[random.Next(perWork)] = Flip(queries[i][random.Next(perWork)], random.Next(0, maxDistance + 1), random);
            planted[token] = codes;
            plantedToken[i] = token;
        }

        Report.Progress($"loading {works * perWork:N0} region codes ({works:N0} works × {perWork})");
        var (index, loadSeconds, heapGrowth) = Load(() =>
        {
            var index = new SimilarityIndex();
            var codes = new ulong[perWork];
            for (var token = 1L; token <= works; token++)
            {
                if (planted.TryGetValue(token, out var plantedCodes)) plantedCodes.CopyTo(codes, 0);
                else for (var r = 0; r < perWork; r++) codes[r] = RandomCode(random);
                index.Add(token, kind, codes);
            }
            return index;
        });
        ReportMemory("region", index, loadSeconds, heapGrowth);

        WarmUp(i => index.Search(kind, queries[i], maxDistance, Limit));
        var found = 0;
        var hits = 0L;
        var latencies = Measure(queries.Length, i =>
        {
            var answer = index.Search(kind, queries[i], maxDistance, Limit);
            hits += answer.Count;
            if (answer.Any(h => h.TokenId == plantedToken[i])) found++;
        });
        ReportLookups($"lookup, {perWork} region codes (≤ {maxDistance} bits), {index.CountOf(kind):N0} codes", latencies);
        report.Add("region lookups that found their planted work", $"{found:N0} of {queries.Length:N0} ({(double)hits / queries.Length:0.00} hits per lookup)");

        Concurrent(index, kind, i => queries[i % queries.Length], maxDistance, perWork, $"{perWork} region codes");
    }

    // A registration looks for its Image-Code among the registered variant codes (a copy that is a crop of a
    // registered image): one code against a column of perWork codes a work.
    private void VariantCodes()
    {
        const SimilarityCodeKind kind = SimilarityCodeKind.ImageVariant;
        var maxDistance = Thresholds.MaxDistance(kind);
        var perWork = settings.VariantsPerWork;
        var works = settings.Codes / perWork;
        var random = new Random(19);
        var queries = Enumerable.Range(0, settings.Queries).Select(_ => RandomCode(random)).ToArray();
        // One planted work per query: one of its variants within the threshold of the query's Image-Code.
        var planted = new Dictionary<long, (int Slot, ulong Code)>();
        var plantedToken = new long[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            long token;
            do token = random.NextInt64(1, works + 1); while (planted.ContainsKey(token));
            planted[token] = (random.Next(perWork), Flip(queries[i], random.Next(0, maxDistance + 1), random));
            plantedToken[i] = token;
        }

        Report.Progress($"loading {works * perWork:N0} variant codes ({works:N0} works × {perWork})");
        var (index, loadSeconds, heapGrowth) = Load(() =>
        {
            var index = new SimilarityIndex();
            var codes = new ulong[perWork];
            for (var token = 1L; token <= works; token++)
            {
                for (var v = 0; v < perWork; v++) codes[v] = RandomCode(random);
                if (planted.TryGetValue(token, out var near)) codes[near.Slot] = near.Code;
                index.Add(token, kind, codes);
            }
            return index;
        });
        ReportMemory("variant", index, loadSeconds, heapGrowth);

        WarmUp(i => index.Search(kind, queries[i], maxDistance, Limit));
        var found = 0;
        var latencies = Measure(queries.Length, i =>
        {
            if (index.Search(kind, queries[i], maxDistance, Limit).Any(h => h.TokenId == plantedToken[i])) found++;
        });
        ReportLookups($"lookup, 1 Image-Code among variant codes (≤ {maxDistance} bits), {index.CountOf(kind):N0} codes", latencies);
        report.Add("variant lookups that found their planted work", $"{found:N0} of {queries.Length:N0}");

        Concurrent(index, kind, i => [queries[i % queries.Length]], maxDistance, perWork, "1 Image-Code among variant codes");
    }

    // Readers search (the same queries, split between them) while one writer appends works at WriteRate codes a second.
    private void Concurrent(SimilarityIndex index, SimilarityCodeKind kind, Func<int, ulong[]> query, int maxDistance, int codesPerWork, string what)
    {
        var readers = Math.Max(1, settings.Readers);
        var before = index.CountOf(kind);
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            var random = new Random(23);
            var codes = new ulong[codesPerWork];
            var token = 1_000_000_000L;
            var clock = Stopwatch.StartNew();
            var written = 0L;
            while (!stop.IsCancellationRequested)
            {
                var due = settings.WriteRate == 0 ? written + 1024 : (long)(clock.Elapsed.TotalSeconds * settings.WriteRate);
                if (written >= due)
                {
                    Thread.Sleep(1);
                    continue;
                }
                for (var r = 0; r < codesPerWork; r++) codes[r] = RandomCode(random);
                index.Add(token++, kind, codes);
                written += codesPerWork;
            }
        }) { IsBackground = true, Name = "writer" };

        var perReader = settings.Queries / readers;
        var results = new Latencies[readers];
        var threads = Enumerable.Range(0, readers).Select(r => new Thread(() =>
        {
            results[r] = Measure(perReader, i => index.Search(kind, query(r * perReader + i), maxDistance, Limit));
        }) { Name = $"reader {r}" }).ToList();
        var clock = Stopwatch.StartNew();
        writer.Start();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        stop.Cancel();
        writer.Join();
        var seconds = clock.Elapsed.TotalSeconds;

        var all = new Latencies();
        foreach (var r in results) all.AddRange(r);
        var appended = index.CountOf(kind) - before;
        ReportLookups($"lookup, {what}, {readers} readers while a writer appends ({appended:N0} codes in {seconds:0.0} s, {appended / seconds:N0}/s)", all);
    }

    private static (SimilarityIndex Index, double Seconds, long HeapGrowth) Load(Func<SimilarityIndex> load)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var index = load();
        var seconds = clock.Elapsed.TotalSeconds;
        Settled(index);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        return (index, seconds, heapAfter - heapBefore);
    }

    // The index builds its segment index off the loading thread; lookups are timed once it is published, as
    // they would be a while after an API's start. MemoryBytes changes when it is, so wait until it stays put.
    private static void Settled(SimilarityIndex index)
    {
        var clock = Stopwatch.StartNew();
        var last = index.MemoryBytes;
        var stableSince = clock.Elapsed;
        while (clock.Elapsed - stableSince < TimeSpan.FromMilliseconds(750) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(50);
            var now = index.MemoryBytes;
            if (now != last) (last, stableSince) = (now, clock.Elapsed);
        }
        Report.Progress($"  index settled {(clock.Elapsed - TimeSpan.FromMilliseconds(750)).TotalSeconds:0.00} s after the load");
    }

    private void ReportMemory(string what, SimilarityIndex index, double loadSeconds, long heapGrowth)
    {
        const double mib = 1024 * 1024;
        var count = index.Count;
        report.Add($"{what} index: load {count:N0} codes", $"{loadSeconds:0.00} s ({count / loadSeconds:N0} codes/s)");
        report.Add($"{what} index memory at {count:N0} codes: `MemoryBytes`", $"{index.MemoryBytes / mib:0.0} MiB", "≤ 100 MB", index.MemoryBytes <= 100_000_000);
        report.Add($"{what} index memory at {count:N0} codes: managed heap growth", $"{heapGrowth / mib:0.0} MiB ({(double)heapGrowth / count:0.0} bytes a code)", "≤ 100 MB", heapGrowth <= 100_000_000);
    }

    private void ReportLookups(string what, Latencies latencies)
    {
        report.Add($"{what}: p50", $"{Latencies.Format(latencies.Percentile(50))} ms", "≤ 2 ms", latencies.Percentile(50) <= 2);
        report.Add($"{what}: p99", $"{Latencies.Format(latencies.Percentile(99))} ms", "≤ 10 ms", latencies.Percentile(99) <= 10);
        report.Add($"{what}: max", $"{Latencies.Format(latencies.Max)} ms");
    }

    // Lets the JIT reach its optimised tier before anything is timed.
    private void WarmUp(Action<int> operation)
    {
        for (var i = 0; i < Math.Min(100, settings.Queries); i++) operation(i);
    }

    private static Latencies Measure(int count, Action<int> operation)
    {
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            operation(i);
            latencies.Add(Stopwatch.GetTimestamp() - started);
        }
        return latencies;
    }

    private static ulong RandomCode(Random random) => unchecked((ulong)random.NextInt64(long.MinValue, long.MaxValue));

    private static ulong Flip(ulong code, int bits, Random random)
    {
        var flipped = 0UL;
        while (ulong.PopCount(flipped) < (ulong)bits) flipped |= 1UL << random.Next(64);
        return code ^ flipped;
    }
}
