using System.Diagnostics;
using System.Text;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;

namespace DigitalCollections.Benchmarks;

/// <summary>
/// Time of the codes a registration computes: the Image-Code of a 12-megapixel JPEG (decode and normalise, then
/// the DCT hash), Data-Code and Instance-Code throughput over random bytes pushed in upload-sized pieces, and
/// the Text-Code of a 1 MiB text.
/// </summary>
internal sealed class CodeSpeedBenchmark(BenchSettings settings, Report report)
{
    private const int PieceBytes = 80 * 1024;
    private const double Mebibyte = 1024 * 1024;

    public void Run()
    {
        ImageCodeOfLargeJpeg();
        StreamingHashers();
        SmallUploads();
        TextCodeOfLargeText();
    }

    /// <summary>
    /// What every registration pays, whatever its size: the codes of a small upload (1–4 KiB, what bench.sh
    /// registers) as the API computes them (SHA-256 with Data- and Instance-Code, then Meta-Code and the
    /// ISCC-CODE), in CPU time per file and in full (gen 2) collections, which stall every request.
    /// </summary>
    private void SmallUploads()
    {
        const int count = 4000;
        var random = new Random(37);
        var files = Enumerable.Range(0, count).Select(i => { var f = new byte[1024 + i % 3072]; random.NextBytes(f); return f; }).ToArray();
        var generator = new WorkCodeGenerator();
        void Once()
        {
            for (var i = 0; i < files.Length; i++)
            {
                var (_, codes) = ContentStore.HashWithCodesAsync(new MemoryStream(files[i]), default).GetAwaiter().GetResult();
                generator.Generate(codes, files[i].Length, [], "application/octet-stream", "work.bin", $"A work {i}", "A description");
            }
        }
        Once(); // after the JIT's optimised tier
        var process = Process.GetCurrentProcess();
        var cpu = new List<double>();
        var fullCollections = 0;
        for (var round = 0; round < 3; round++)
        {
            var collections = GC.CollectionCount(2);
            process.Refresh();
            var before = process.TotalProcessorTime;
            Once();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - before).TotalMicroseconds / count);
            fullCollections += GC.CollectionCount(2) - collections;
        }
        cpu.Sort();
        report.Add($"Codes of a small upload (1–4 KiB random: SHA-256, Data-, Instance-, Meta-Code, ISCC-CODE), {count} files, median of 3",
            $"{cpu[1]:N0} µs CPU per file; {1000.0 * fullCollections / (3 * count):0.0} full GCs per 1,000 files");
    }

    private void ImageCodeOfLargeJpeg()
    {
        const int width = 4000, height = 3000;
        Report.Progress($"making a {width} × {height} photo-like JPEG (quality 90)");
        var jpeg = PhotoLikeJpeg.Make(width, height, quality: 90, seed: 29);
        var decoder = new ImagePixelDecoder();
        string? code = null;
        var decodeTicks = new Latencies();
        var totalTicks = new Latencies();
        for (var run = 0; run <= settings.WarmRuns; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var decoded = decoder.Decode(jpeg);
            var afterDecode = Stopwatch.GetTimestamp();
            if (decoded.Pixels is null) throw new InvalidOperationException($"the benchmark JPEG did not decode: {decoded.Reason}");
            var thisCode = ImageCode.Generate(decoded.Pixels);
            var finished = Stopwatch.GetTimestamp();
            if (code is not null && thisCode != code) throw new InvalidOperationException("the Image-Code changed between runs");
            code = thisCode;
            if (run == 0)
            {
                var first = Latencies.Milliseconds(finished - started);
                report.Add($"Image-Code of a {width * height / 1e6:0} MP JPEG ({jpeg.Length / Mebibyte:0.0} MiB, quality 90), first run (JIT included)",
                    $"{Latencies.Format(first)} ms (decode {Latencies.Format(Latencies.Milliseconds(afterDecode - started))} ms)", "≤ 200 ms", first <= 200);
                continue;
            }
            decodeTicks.Add(afterDecode - started);
            totalTicks.Add(finished - started);
        }
        if (totalTicks.Count == 0) return;
        report.Add($"Image-Code of the same JPEG, median of {totalTicks.Count} warm runs",
            $"{Latencies.Format(totalTicks.Median)} ms (decode and normalise {Latencies.Format(decodeTicks.Median)} ms; max {Latencies.Format(totalTicks.Max)} ms)",
            "≤ 200 ms", totalTicks.Median <= 200);
    }

    private void StreamingHashers()
    {
        var bytes = new byte[settings.DataMebibytes * 1024L * 1024L];
        new Random(31).NextBytes(bytes);
        Report.Progress($"hashing {bytes.Length / Mebibyte:N0} MiB of random bytes in {PieceBytes / 1024} KiB pieces");

        // A short pass first so both are measured after the JIT's optimised tier.
        Push(new DataCodeHasher().Update, bytes.AsSpan(0, Math.Min(bytes.Length, 8 << 20)));
        using (var warm = new InstanceCodeHasher()) Push(warm.Update, bytes.AsSpan(0, Math.Min(bytes.Length, 8 << 20)));

        var data = Rounds(3, () =>
        {
            var hasher = new DataCodeHasher();
            Push(hasher.Update, bytes);
            hasher.Finish();
        });
        report.Add($"Data-Code throughput, {bytes.Length / Mebibyte:N0} MiB in {PieceBytes / 1024} KiB pieces (median of 3)",
            $"{bytes.Length / Mebibyte / data:N0} MiB/s", "≥ 200 MB/s", bytes.Length / data >= 200e6);

        var instance = Rounds(3, () =>
        {
            using var hasher = new InstanceCodeHasher();
            Push(hasher.Update, bytes);
            hasher.Finish();
        });
        report.Add($"Instance-Code (BLAKE3) throughput, same bytes (median of 3)", $"{bytes.Length / Mebibyte / instance:N0} MiB/s");

        var both = Rounds(3, () =>
        {
            var dataHasher = new DataCodeHasher();
            using var instanceHasher = new InstanceCodeHasher();
            Push(piece => { dataHasher.Update(piece); instanceHasher.Update(piece); }, bytes);
            dataHasher.Finish();
            instanceHasher.Finish();
        });
        report.Add("Data-Code and Instance-Code together, as an upload computes them (median of 3)", $"{bytes.Length / Mebibyte / both:N0} MiB/s");
    }

    private void TextCodeOfLargeText()
    {
        var utf8 = Encoding.UTF8.GetBytes(MakeText(1024 * 1024, seed: 37));
        var first = 0.0;
        var warm = new Latencies();
        for (var run = 0; run <= settings.WarmRuns; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var text = TextDecoder.Decode(utf8).Text ?? throw new InvalidOperationException("the benchmark text did not decode");
            TextCode.Generate(text);
            var ticks = Stopwatch.GetTimestamp() - started;
            if (run == 0) first = Latencies.Milliseconds(ticks);
            else warm.Add(ticks);
        }
        report.Add($"Text-Code of a {utf8.Length / Mebibyte:0.0} MiB UTF-8 text (decode, collapse, n-gram MinHash)",
            $"first run {Latencies.Format(first)} ms, warm median {Latencies.Format(warm.Median)} ms ({utf8.Length / Mebibyte / (warm.Median / 1000):0.0} MiB/s)");
    }

    private static double Rounds(int rounds, Action round)
    {
        var seconds = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            round();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds.Order().ElementAt(rounds / 2);
    }

    private delegate void PieceSink(ReadOnlySpan<byte> piece);

    private static void Push(PieceSink sink, ReadOnlySpan<byte> bytes)
    {
        for (var start = 0; start < bytes.Length; start += PieceBytes) sink(bytes.Slice(start, Math.Min(PieceBytes, bytes.Length - start)));
    }

    // Prose-like text: words of a small vocabulary (some accented, as European texts are), punctuation, paragraphs.
    private static string MakeText(int utf8Bytes, int seed)
    {
        string[] words = ["the", "work", "of", "an", "artist", "is", "registered", "and", "signed", "by", "creator", "écrit",
            "naïve", "Straße", "über", "collection", "token", "image", "light", "river", "stone", "déjà", "vu", "Ångström",
            "provenance", "a", "to", "in", "that", "with", "archive", "photograph", "century", "museum", "catalogue"];
        var random = new Random(seed);
        var text = new StringBuilder(utf8Bytes);
        var bytes = 0;
        var sentence = 0;
        while (bytes < utf8Bytes)
        {
            var word = words[random.Next(words.Length)];
            if (sentence == 0) word = char.ToUpperInvariant(word[0]) + word[1..];
            text.Append(word);
            bytes += Encoding.UTF8.GetByteCount(word);
            sentence++;
            var end = random.Next(12) == 0 || sentence > 25;
            var separator = end ? (random.Next(6) == 0 ? ".\n\n" : ". ") : random.Next(10) == 0 ? ", " : " ";
            if (end) sentence = 0;
            text.Append(separator);
            bytes += separator.Length;
        }
        return text.ToString();
    }
}
