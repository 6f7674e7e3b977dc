using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace DigitalCollections.IntegrationTests.Similarity;

/// <summary>
/// Near-copies at registration and verification: a resized copy by another creator is refused unless
/// acknowledged, the creator's own variant is linked, and verification by file or by code names the original.
/// Every test draws its own picture (random seed), so works of other tests in the run never resemble it.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class SimilarWorkTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task Another_creators_resized_copy_is_refused_naming_the_original_and_nothing_is_sent_or_stored()
    {
        var original = Picture(Random.Shared.Next());
        var originalId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, original, "Original"));
        var copy = Resized(original, 0.5, SKEncodedImageFormat.Jpeg);
        var outboxBefore = await OutboxCountAsync();

        var refused = await _api.MintSelfSignedAsync(TestAccount.Dave, copy, "Not mine");

        var problem = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Conflict, "file");
        Assert.EndsWith("similar-work-registered", problem.GetProperty("type").GetString());
        var match = problem.GetProperty("matches")[0];
        Assert.Equal(originalId, match.GetProperty("tokenId").GetInt64());
        Assert.Equal(TestAccount.Carol.Address, match.GetProperty("creator").GetString(), ignoreCase: true);
        // Listed by its nearest code relative to that kind's threshold: mostly the whole-image code, for some pictures
        // a region code (the whole image at the regions' resolution) or a variant (the 5 % crop) lies nearer.
        var kind = match.GetProperty("codeKind").GetString();
        Assert.Contains(kind, new[] { "image", "imageRegion", "imageVariant" });
        Assert.InRange(match.GetProperty("distance").GetInt32(), 0, Defaults.MaxDistance(KindOf(kind!)));
        Assert.Equal((64 - match.GetProperty("distance").GetInt32()) / 64.0, match.GetProperty("similarity").GetDouble(), 3);
        Assert.Equal(outboxBefore, await OutboxCountAsync());
        await using var db = TestStore.Open(fixture.Api.DataDirectory);
        var copyHash = ApiClient.HashOf(copy);
        Assert.False(await db.StoredContents.AnyAsync(c => c.ContentHash == copyHash));
        Assert.False(await db.Works.AnyAsync(w => w.ContentHash == copyHash));
    }

    [Fact]
    public async Task An_acknowledged_copy_registers_linked_to_the_original_and_a_creators_own_variant_is_linked_as_such()
    {
        var original = Picture(Random.Shared.Next());
        var originalId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, original, "Original"));

        var acknowledged = await _api.MintSelfSignedAsync(TestAccount.Dave, Resized(original, 0.5, SKEncodedImageFormat.Png), "Knowingly",
            extra: new Dictionary<string, string?> { ["acknowledgeSimilar"] = "true" });
        var copyId = await _api.MintedTokenIdAsync(acknowledged);
        var copy = await _api.GetJsonAsync($"/api/v1/works/{copyId}");
        Assert.Equal([originalId], copy.GetProperty("similarTo").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Empty(copy.GetProperty("variantOf").EnumerateArray());

        var variantId = await _api.MintedTokenIdAsync(
            await _api.MintSelfSignedAsync(TestAccount.Carol, Resized(original, 0.8, SKEncodedImageFormat.Jpeg), "My own smaller edition"));
        var variant = await _api.GetJsonAsync($"/api/v1/works/{variantId}");
        Assert.Contains(originalId, variant.GetProperty("variantOf").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Empty(variant.GetProperty("similarTo").EnumerateArray());
        Assert.Equal("image", variant.GetProperty("iscc").GetProperty("contentKind").GetString());
        Assert.StartsWith("ISCC:", variant.GetProperty("iscc").GetProperty("code").GetString());

        var metadata = await _api.GetJsonAsync($"/api/v1/metadata/{variantId}");
        Assert.Equal(variant.GetProperty("iscc").GetProperty("code").GetString(),
            metadata.GetProperty("properties").GetProperty("iscc").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verification_by_file_and_by_code_lists_the_original()
    {
        var original = Picture(Random.Shared.Next());
        var originalId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, original, "Original"));
        var copy = Resized(original, 0.5, SKEncodedImageFormat.Jpeg);

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(copy);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "file", "copy.jpg");
        var byFile = await _api.Http.PostAsync("/api/v1/verifications", form);
        Assert.Equal(HttpStatusCode.OK, byFile.StatusCode);
        var answer = JsonDocument.Parse(await byFile.Content.ReadAsStringAsync()).RootElement;
        Assert.False(answer.GetProperty("registered").GetBoolean());
        var similar = answer.GetProperty("similar")[0];
        Assert.Equal(originalId, similar.GetProperty("tokenId").GetInt64());
        Assert.Equal(TestAccount.Carol.Address, similar.GetProperty("owner").GetString(), ignoreCase: true);

        var code = (await _api.GetJsonAsync($"/api/v1/works/{originalId}")).GetProperty("iscc").GetProperty("code").GetString()!;
        var byCode = await _api.GetJsonAsync($"/api/v1/verifications/similar?iscc={Uri.EscapeDataString(code)}");
        Assert.Equal(code, byCode.GetProperty("iscc").GetString());
        var first = byCode.GetProperty("similar")[0];
        Assert.Equal(originalId, first.GetProperty("tokenId").GetInt64());
        Assert.Equal(0, first.GetProperty("distance").GetInt32());
    }

    [Fact]
    public async Task Another_creators_copy_with_its_border_cropped_is_refused_naming_the_original_by_its_nearest_code()
    {
        // One fixed picture, so the test does not ride on which share of crops a code catches (docs/benchmarks.md).
        var original = Picture(20261202);
        var originalId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, original, "Original"));
        var copy = Cropped(original, 0.10); // JPEG
        var expected = NearestCodes(copy, original);
        Assert.True(expected.Variant <= Defaults.MaxDistanceImageVariant, $"the copy's Image-Code is {expected.Variant} bits from the nearest variant");

        var refused = await _api.MintSelfSignedAsync(TestAccount.Dave, copy, "Cropped");

        var problem = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Conflict, "file");
        Assert.EndsWith("similar-work-registered", problem.GetProperty("type").GetString());
        var match = problem.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("tokenId").GetInt64() == originalId);
        Assert.Equal(TestAccount.Carol.Address, match.GetProperty("creator").GetString(), ignoreCase: true);
        // Reported by the code nearest relative to its kind's threshold, as computed here from the same bytes.
        var kind = KindOf(match.GetProperty("codeKind").GetString()!);
        var distance = match.GetProperty("distance").GetInt32();
        Assert.Equal(expected.Of(kind), distance);
        Assert.Equal(expected.BestRelative, (double)distance / Defaults.MaxDistance(kind), 6);
    }

    [Fact]
    public async Task A_file_of_any_type_with_a_few_bytes_changed_is_named_similar_by_its_data_code()
    {
        var file = ApiClient.RandomFile(64 * 1024); // about 64 content-defined chunks: one edit changes one or two
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, file, "Data", fileName: "work.bin",
            contentType: "application/octet-stream"));
        var edited = (byte[])file.Clone();
        edited[30_000] ^= 0xFF;

        using var form = ApiClient.WorkForm(edited, new Dictionary<string, string?>(), "edited.bin", "application/octet-stream");
        var answer = JsonDocument.Parse(await (await _api.Http.PostAsync("/api/v1/verifications", form)).Content.ReadAsStringAsync()).RootElement;

        Assert.False(answer.GetProperty("registered").GetBoolean());
        var similar = answer.GetProperty("similar")[0];
        Assert.Equal(tokenId, similar.GetProperty("tokenId").GetInt64());
        Assert.Equal("data", similar.GetProperty("codeKind").GetString());
    }

    [Theory]
    [InlineData("not-a-code")]
    [InlineData("ISCC:AAAZXZ6OU74YAZIM")] // a Meta-Code alone: nothing to compare by
    [InlineData("")]
    public async Task A_bad_code_is_a_400_naming_iscc(string iscc)
    {
        var response = await _api.Http.GetAsync($"/api/v1/verifications/similar?iscc={Uri.EscapeDataString(iscc)}");
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "iscc");
    }

    [Fact]
    public async Task A_damaged_image_registers_with_no_content_code_and_a_reason()
    {
        var png = Picture(Random.Shared.Next());
        var damaged = png[..(png.Length / 3)]; // truncated: the header reads, the pixels do not

        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, damaged, "Damaged"));

        var iscc = (await _api.GetJsonAsync($"/api/v1/works/{tokenId}")).GetProperty("iscc");
        Assert.Equal(JsonValueKind.Null, iscc.GetProperty("content").ValueKind);
        Assert.False(string.IsNullOrEmpty(iscc.GetProperty("contentReason").GetString()));
        Assert.StartsWith("ISCC:", iscc.GetProperty("data").GetString());
        Assert.StartsWith("ISCC:", iscc.GetProperty("instance").GetString());
    }

    private static readonly SimilarityOptions Defaults = new();

    private static SimilarityCodeKind KindOf(string codeKind) => Enum.Parse<SimilarityCodeKind>(codeKind, ignoreCase: true);

    /// <summary>The distances of each image code between a copy (registered second) and its original, as the registry compares them.</summary>
    private static Distances NearestCodes(byte[] copy, byte[] original)
    {
        var (a, b) = (ImageFingerprint.Compute(copy), ImageFingerprint.Compute(original));
        var (x, y) = (WorkCodes.Leading64(a.Code!), WorkCodes.Leading64(b.Code!));
        // The newcomer's Image-Code among the registered image's variants (the registry looks one way only).
        return new Distances(IsccDistance.Hamming(x, y), RegionCodes.Distance(a.Regions, b.Regions) ?? 64, VariantCodes.Distance(x, b.Variants) ?? 64);
    }

    private sealed record Distances(int Image, int Region, int Variant)
    {
        public int Of(SimilarityCodeKind kind) => kind switch
        {
            SimilarityCodeKind.Image => Image,
            SimilarityCodeKind.ImageRegion => Region,
            SimilarityCodeKind.ImageVariant => Variant,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        /// <summary>The least distance ÷ threshold over the kinds within their thresholds.</summary>
        public double BestRelative => new[] { SimilarityCodeKind.Image, SimilarityCodeKind.ImageRegion, SimilarityCodeKind.ImageVariant }
            .Where(k => Of(k) <= Defaults.MaxDistance(k)).Min(k => (double)Of(k) / Defaults.MaxDistance(k));
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = TestStore.Open(fixture.Api.DataDirectory);
        return await db.ChainTransactions.CountAsync();
    }

    /// <summary>A 640 × 480 picture of random shapes over a gradient: distinct for every seed.</summary>
    internal static byte[] Picture(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(640, 480);
        using var canvas = new SKCanvas(bitmap);
        using var gradient = new SKPaint();
        gradient.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(640, 480),
            [Color(random), Color(random)], SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, 640, 480, gradient);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 12; i++)
        {
            paint.Color = Color(random);
            canvas.DrawCircle(random.Next(640), random.Next(480), random.Next(20, 140), paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    internal static byte[] Resized(byte[] file, double scale, SKEncodedImageFormat format)
    {
        using var source = SKBitmap.Decode(file);
        using var resized = source.Resize(new SKImageInfo((int)(source.Width * scale), (int)(source.Height * scale)),
            new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(resized);
        return image.Encode(format, 85).ToArray();
    }

    /// <summary>The picture without a border of <paramref name="share"/> of its width and height on every side.</summary>
    internal static byte[] Cropped(byte[] file, double share)
    {
        using var source = SKBitmap.Decode(file);
        var (dx, dy) = ((int)(source.Width * share), (int)(source.Height * share));
        using var cropped = new SKBitmap(source.Width - 2 * dx, source.Height - 2 * dy);
        source.ExtractSubset(cropped, new SKRectI(dx, dy, source.Width - dx, source.Height - dy));
        using var image = SKImage.FromBitmap(cropped);
        return image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    private static SKColor Color(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
