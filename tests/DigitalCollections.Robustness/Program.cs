using System.Collections.Concurrent;
using System.Diagnostics;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Robustness;
using SkiaSharp;

// Usage: dotnet run -- --prepare IMAGE_DIR   (reduces images over 2048 px on the longer side, in place)
//        dotnet run -- --corpus DIR [--max-image N] [--max-region N] [--max-variant N] [--max-text N] [--max-data N]
// DIR holds images/ and texts/ with files named GROUP__NAME (scripts/bench-similarity-robustness.sh makes it).
if (Argument("--prepare") is { } prepare)
{
    foreach (var path in Directory.GetFiles(prepare))
    {
        var bytes = File.ReadAllBytes(path);
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        if (codec is null || Math.Max(codec.Info.Width, codec.Info.Height) <= 2048) continue;
        using var full = SKBitmap.Decode(bytes);
        using var reduced = ImageCopies.Resize(full, 2048.0 / Math.Max(full.Width, full.Height));
        File.WriteAllBytes(path, ImageCopies.Encode(reduced, codec.EncodedFormat, 92));
    }
    return;
}
var corpus = Argument("--corpus") ?? throw new ArgumentException("--corpus DIR is required");
var defaults = new SimilarityOptions();
var maxImage = int.Parse(Argument("--max-image") ?? defaults.MaxDistanceImage.ToString());
var maxRegion = int.Parse(Argument("--max-region") ?? defaults.MaxDistanceImageRegion.ToString());
var maxVariant = int.Parse(Argument("--max-variant") ?? defaults.MaxDistanceImageVariant.ToString());
var maxText = int.Parse(Argument("--max-text") ?? defaults.MaxDistanceText.ToString());
var maxData = int.Parse(Argument("--max-data") ?? defaults.MaxDistanceData.ToString());

var originals = new ConcurrentBag<Sample>();
var copies = new ConcurrentBag<Sample>();
var clock = Stopwatch.StartNew();
var imageFiles = Directory.GetFiles(Path.Combine(corpus, "images")).Order().ToList();
Parallel.ForEach(imageFiles, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
{
    var (group, name) = Split(path);
    var file = File.ReadAllBytes(path);
    originals.Add(Sample.OfImage(group, name, null, file));
    using var codec = SKCodec.Create(new MemoryStream(file));
    var format = codec.EncodedFormat == SKEncodedImageFormat.Png ? SKEncodedImageFormat.Png : codec.EncodedFormat;
    using var bitmap = SKBitmap.Decode(file);
    foreach (var transform in ImageCopies.All) copies.Add(Sample.OfImage(group, name, transform.Name, transform.Make(bitmap, format)));
});
foreach (var path in Directory.GetFiles(Path.Combine(corpus, "texts")).Order())
{
    var (group, name) = Split(path);
    var file = File.ReadAllBytes(path);
    originals.Add(Sample.OfText(group, name, null, file));
    var text = System.Text.Encoding.UTF8.GetString(file);
    foreach (var transform in TextCopies.All) copies.Add(Sample.OfText(group, name, transform.Name, transform.Make(text, SKEncodedImageFormat.Png)));
}
Console.WriteLine($"# Similarity robustness: {imageFiles.Count} images, {originals.Count - imageFiles.Count} texts, {copies.Count} copies, coded in {clock.Elapsed.TotalSeconds:F0} s");
Console.WriteLine($"Images without an Image-Code: {originals.Count(o => o.Medium == "image" && o.Image is null)}; texts without a comparable Text-Code: {originals.Count(o => o.Medium == "text" && o.Text is null)}");

var report = new Report([.. originals], [.. copies]);
Console.WriteLine("\n# Distances");
foreach (var kind in (CodeKind[])[CodeKind.Image, CodeKind.Region, CodeKind.Variant, CodeKind.Text, CodeKind.DataOfImages, CodeKind.DataOfTexts]) report.PrintDistances(kind);
Console.WriteLine("\n# Threshold sweeps");
foreach (var kind in (CodeKind[])[CodeKind.Image, CodeKind.Region, CodeKind.Variant, CodeKind.Text, CodeKind.DataOfImages, CodeKind.DataOfTexts]) report.PrintSweep(kind);

// At the thresholds the registry uses: an image copy is caught when its Image-Code, a region code or a variant is in reach.
Console.WriteLine($"\n# At the thresholds in use: image {maxImage}, region {maxRegion}, variant {maxVariant}, text {maxText}, data {maxData}");
bool ImageMatch(Sample a, Sample b) => CodeKind.Image.Distance(a, b) <= maxImage;
bool RegionMatch(Sample a, Sample b) => CodeKind.Region.Distance(a, b) <= maxRegion;
bool VariantMatch(Sample a, Sample b) => CodeKind.Variant.Distance(a, b) <= maxVariant;
bool AnyMatch(Sample a, Sample b) => ImageMatch(a, b) || RegionMatch(a, b) || VariantMatch(a, b);
bool TextMatch(Sample a, Sample b) => CodeKind.Text.Distance(a, b) <= maxText;
bool DataMatch(Sample a, Sample b) => a.Data is var x && b.Data is var y && IsccDistance.Hamming(x, y) <= maxData;
Console.WriteLine("| copy | expected | Image-Code | region codes | variant codes | any image code | Data-Code |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var t in ImageCopies.All)
    Console.WriteLine($"| image: {t.Description} | {(t.Expected ? "caught" : "not caught")} | {Report.Percent(report.Matched(t.Name, ImageMatch))} | {Report.Percent(report.Matched(t.Name, RegionMatch))} | {Report.Percent(report.Matched(t.Name, VariantMatch))} | {Report.Percent(report.Matched(t.Name, AnyMatch))} | {Report.Percent(report.Matched(t.Name, DataMatch))} |");
Console.WriteLine("\n| copy | expected | Text-Code | Data-Code |");
Console.WriteLine("|---|---|---|---|");
foreach (var t in TextCopies.All)
    Console.WriteLine($"| text: {t.Description} | {(t.Expected ? "caught" : "not caught")} | {Report.Percent(report.Matched(t.Name, TextMatch))} | {Report.Percent(report.Matched(t.Name, DataMatch))} |");
Console.WriteLine();
foreach (var (label, medium, match) in (ValueTuple<string, string, Func<Sample, Sample, bool>>[])
         [("Image-Code", "image", ImageMatch), ("region codes", "image", RegionMatch), ("variant codes", "image", VariantMatch),
          ("any image code", "image", AnyMatch),
          ("Data-Code (images)", "image", DataMatch), ("Text-Code", "text", TextMatch), ("Data-Code (texts)", "text", DataMatch)])
{
    var (f, n, r, rn) = report.Pairs(medium, match);
    Console.WriteLine($"false matches, {label}: {f} of {n} unrelated pairs ({Report.Percent((double)f / n, 2)}); same-group pairs matched {r} of {rn}");
}
report.PrintFalseMatches(CodeKind.Image, maxImage);
report.PrintFalseMatches(CodeKind.Region, maxRegion);
report.PrintFalseMatches(CodeKind.Variant, maxVariant);
report.PrintFalseMatches(CodeKind.Text, maxText);

// Cost per image, for a 12-megapixel JPEG made from the largest corpus image: the decode with the Image-Code alone,
// then everything ImageFingerprint computes from that one decode (Image-Code, region codes, variant codes).
var largest = imageFiles.MaxBy(p => new FileInfo(p).Length)!;
using (var source = SKBitmap.Decode(largest))
using (var big = source.Resize(new SKImageInfo(4000, 3000), new SKSamplingOptions(SKCubicResampler.Mitchell)))
{
    var jpeg = ImageCopies.Encode(big, SKEncodedImageFormat.Jpeg, 90);
    var decoder = new ImagePixelDecoder();
    var decode = Median(() => decoder.Decode(jpeg));
    var all = Median(() => ImageFingerprint.Compute(jpeg));
    // The region and variant codes alone, on a gray plane the size the decoder reads this JPEG at (1000 × 750).
    var plane = new byte[1000 * 750];
    new Random(1).NextBytes(plane);
    var box = new PixelRect(0, 0, 1000, 750);
    var regions = Median(() => RegionCodes.Compute(plane, 1000, box));
    var variants = Median(() => VariantCodes.Compute(plane, 1000, box));
    Console.WriteLine($"\nCost per image, a 4000 × 3000 JPEG ({jpeg.Length / 1024} KiB), median (max) of 10 warm runs:");
    Console.WriteLine($"  decode + Image-Code: {decode.Median:F0} ms ({decode.Max:F0}); ImageFingerprint.Compute (+ region + variant codes, one decode): {all.Median:F0} ms ({all.Max:F0})");
    Console.WriteLine($"  of which region codes {regions.Median:F1} ms, variant codes {variants.Median:F1} ms (on the 1000 × 750 gray plane decoded)");
}

static (double Median, double Max) Median(Action run)
{
    var times = new List<double>();
    for (var i = 0; i < 12; i++)
    {
        var started = Stopwatch.GetTimestamp();
        run();
        if (i >= 2) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    times.Sort();
    return (times[times.Count / 2], times[^1]);
}

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static (string Group, string Name) Split(string path)
{
    var name = Path.GetFileName(path);
    var cut = name.IndexOf("__", StringComparison.Ordinal);
    return (cut > 0 ? name[..cut] : name, name);
}
